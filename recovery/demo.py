"""Demo data: a few weeks of a runner's leg days, check-ins and recovery runs.

Used by ``manage.py seed_demo`` so a newcomer signs in and sees a full dashboard.
Regenerated relative to ``now`` on each run, so the demo never goes stale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.emails import email_mark_verified
from recovery.models import (
    Exercise,
    ExerciseLine,
    LegsFelt,
    LegWorkout,
    RecoveryRun,
    RunOutcome,
    SorenessCheckIn,
)

DEMO_PASSWORD = "legday-demo-2026"
DEMO_WEEKS = 4


@dataclass(frozen=True)
class DemoAthlete:
    username: str
    first_name: str
    timezone: str
    # At least this many hours since the latest leg day ended (it ends on the last evening
    # before then), and that day's last check-in (soreness, heavy, pain).
    latest_hours_ago: float
    latest_check_in: tuple[int, bool, bool] | None


DEMO_ATHLETE = DemoAthlete("demo", "Dana", "Europe/Berlin", 4.5, (2, False, False))
DEMO_COACH_USERNAME = "coach"
# The coach's other athletes, each at a different point of recovery.
COACHED_ATHLETES = [
    DemoAthlete("ana", "Ana", "Europe/Madrid", 2.0, None),  # wait at night, else easy run OK
    DemoAthlete("ben", "Ben", "America/New_York", 20.0, (8, True, False)),  # next day
    DemoAthlete("cleo", "Cleo", "Europe/London", 30.0, (6, False, True)),  # walk instead
    DemoAthlete("dev", "Dev", "Asia/Kolkata", 96.0, (1, False, False)),  # recovered
    DemoAthlete("eli", "Eli", "Europe/Berlin", 10.0, (3, False, False)),  # easy run OK
]
PENDING_ATHLETE = DemoAthlete("finn", "Finn", "Europe/Berlin", 7.0, None)  # invited, not yet
ENDED_ATHLETE = DemoAthlete("gus", "Gus", "Europe/Oslo", 8.0, None)  # revoked access

# Real training hours in each athlete's own zone: leg days end in the evening, recovery runs
# start the next morning.
LEG_DAY_ENDS = (time(18, 0), 90)  # 18:00-19:30 local
RUN_STARTS = (time(7, 0), 60)  # 07:00-08:00 local


def _local_at(day: date, slot: tuple[time, int], tz: ZoneInfo, rng: random.Random) -> datetime:
    """A moment on ``day`` within ``slot`` (start, minutes long), local to ``tz``."""
    start, span = slot
    naive = datetime.combine(day, start) + timedelta(minutes=rng.randint(0, span))
    return naive.replace(tzinfo=tz)  # evening and morning slots never fall in a DST gap


def _evening_before(moment: datetime, tz: ZoneInfo, rng: random.Random) -> datetime:
    """The latest evening leg-day end at or before ``moment``."""
    day = moment.astimezone(tz).date()
    while True:
        ended = _local_at(day, LEG_DAY_ENDS, tz, rng)
        if ended <= moment:
            return ended
        day -= timedelta(days=1)


# Leg-day templates: (exercise name, sets, reps, kg).
SESSIONS = [
    [("Back squat", 5, 5, 100), ("Romanian deadlift", 4, 8, 80), ("Walking lunge", 3, 12, 20)],
    [
        ("Front squat", 4, 6, 70),
        ("Bulgarian split squat", 3, 10, 16),
        ("Lying leg curl", 3, 12, 35),
    ],
    [
        ("Conventional deadlift", 5, 3, 140),
        ("Leg press", 4, 10, 160),
        ("Standing calf raise", 4, 15, 60),
    ],
]


def make_demo_user(profile: DemoAthlete | str):
    if isinstance(profile, str):
        profile = DemoAthlete(profile, profile.title(), "Europe/Berlin", 0, None)
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=profile.username,
        defaults={
            "email": f"{profile.username}@legday.invalid",
            "first_name": profile.first_name,
            "timezone": profile.timezone,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    email_mark_verified(user)  # demo accounts can receive coach invitations at once
    return user


@transaction.atomic
def seed_athlete(profile: DemoAthlete, *, now: datetime, seed: int = 7):
    """(Re)create ``profile``'s account and history ending ``latest_hours_ago`` before now."""
    rng = random.Random(f"{profile.username}-{seed}")
    user = make_demo_user(profile)
    LegWorkout.objects.filter(athlete=user).delete()
    SorenessCheckIn.objects.filter(athlete=user).delete()
    RecoveryRun.objects.filter(athlete=user).delete()
    exercises = {e.name: e for e in Exercise.objects.all()}

    tz = ZoneInfo(profile.timezone)
    # The latest leg day: the last evening at least ``latest_hours_ago`` before now.
    latest_end = _evening_before(now - timedelta(hours=profile.latest_hours_ago), tz, rng)
    # Two leg days a week, every 3-4 days back from the latest one, each in the evening.
    ends = [latest_end]
    while len(ends) < DEMO_WEEKS * 2:
        day = ends[-1].astimezone(tz).date() - timedelta(days=rng.choice([3, 4]))
        ends.append(_local_at(day, LEG_DAY_ENDS, tz, rng))
    ends.reverse()

    for index, ended_at in enumerate(ends):
        is_latest = index == len(ends) - 1
        workout = LegWorkout.objects.create(
            athlete=user,
            ended_at=ended_at,
            minutes=rng.choice([50, 60, 70, 75]),
            rpe=rng.choice([7, 8, 8, 9]),
            notes="" if rng.random() < 0.6 else "Felt strong; last set was a grind.",
        )
        ExerciseLine.objects.bulk_create(
            ExerciseLine(
                workout=workout,
                exercise=exercises.get(name),
                custom_name="" if name in exercises else name,
                sets=sets,
                reps=reps,
                weight_kg=Decimal(kg + rng.choice([-5, 0, 0, 5])),
            )
            for name, sets, reps, kg in SESSIONS[index % len(SESSIONS)]
        )
        if is_latest:
            if profile.latest_check_in is not None:
                soreness, heavy, pain = profile.latest_check_in
                SorenessCheckIn.objects.create(
                    athlete=user,
                    workout=workout,
                    at=now - timedelta(minutes=40),
                    soreness=soreness,
                    legs_heavy=heavy,
                    pain=pain,
                )
            continue
        for hours, base in ((12, 2), (24, 4), (48, 5)):
            soreness = max(0, min(10, base + rng.choice([-1, 0, 0, 1])))
            SorenessCheckIn.objects.create(
                athlete=user,
                workout=workout,
                at=ended_at + timedelta(hours=hours, minutes=rng.randint(-30, 30)),
                soreness=soreness,
                quads=max(0, min(10, soreness + rng.choice([0, 1]))),
                hamstrings=max(0, min(10, soreness + rng.choice([-1, 0, 1]))),
                legs_heavy=soreness >= 5 and rng.random() < 0.5,
            )
        outcome = rng.choice([RunOutcome.COMPLETED] * 4 + [RunOutcome.WALKED])
        RecoveryRun.objects.create(
            athlete=user,
            workout=workout,
            # The next morning, now and then the one after.
            started_at=_local_at(
                ended_at.astimezone(tz).date() + timedelta(days=rng.choice([1, 1, 2])),
                RUN_STARTS,
                tz,
                rng,
            ),
            minutes=rng.choice([20, 25, 30]) if outcome == RunOutcome.COMPLETED else 12,
            rpe=rng.choice([3, 3, 4]),
            outcome=outcome,
            legs_felt=LegsFelt.FINE if outcome == RunOutcome.COMPLETED else LegsFelt.HEAVY,
        )
    return user
