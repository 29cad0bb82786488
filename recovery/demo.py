"""Demo data: a few weeks of a runner's leg days, check-ins and recovery runs.

Used by ``manage.py seed_demo`` so a newcomer signs in and sees a full dashboard.
Regenerated relative to ``now`` on each run, so the demo never goes stale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

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
    # Hours since the latest leg day ended, and that day's last check-in (soreness, heavy, pain).
    latest_hours_ago: float
    latest_check_in: tuple[int, bool, bool] | None


DEMO_ATHLETE = DemoAthlete("demo", "Dana", "Europe/Berlin", 4.5, (2, False, False))
DEMO_COACH_USERNAME = "coach"
# The coach's other athletes, each at a different point of recovery.
COACHED_ATHLETES = [
    DemoAthlete("ana", "Ana", "Europe/Madrid", 2.0, None),  # wait
    DemoAthlete("ben", "Ben", "America/New_York", 20.0, (8, True, False)),  # next day
    DemoAthlete("cleo", "Cleo", "Europe/London", 30.0, (6, False, True)),  # walk instead
    DemoAthlete("dev", "Dev", "Asia/Kolkata", 96.0, (1, False, False)),  # recovered
    DemoAthlete("eli", "Eli", "Europe/Berlin", 10.0, (3, False, False)),  # easy run OK
]
PENDING_ATHLETE = DemoAthlete("finn", "Finn", "Europe/Berlin", 7.0, None)  # invited, not yet
ENDED_ATHLETE = DemoAthlete("gus", "Gus", "Europe/Oslo", 8.0, None)  # revoked access

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

    latest_end = now - timedelta(hours=profile.latest_hours_ago)
    # Two leg days a week, every 3-4 days back from the latest one.
    ends = [latest_end]
    while len(ends) < DEMO_WEEKS * 2:
        ends.append(ends[-1] - timedelta(days=rng.choice([3, 4]), hours=rng.uniform(-2, 2)))
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
            started_at=ended_at + timedelta(hours=rng.choice([7, 8, 26])),
            minutes=rng.choice([20, 25, 30]) if outcome == RunOutcome.COMPLETED else 12,
            rpe=rng.choice([3, 3, 4]),
            outcome=outcome,
            legs_felt=LegsFelt.FINE if outcome == RunOutcome.COMPLETED else LegsFelt.HEAVY,
        )
    return user
