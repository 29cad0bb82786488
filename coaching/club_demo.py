"""A club-sized demo: N athletes with 90 days of history each, coached by the demo coach.

`manage.py seed_demo --athletes N` uses it to measure the coach dashboard at club scale
(`make bench`). Rows are written in bulk (a few thousand per statement) and each athlete's
plan is computed once at the end, in batches; leg days fall in the local evening, recovery runs
the next local morning, check-ins the mornings after.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from coaching import list_versions
from coaching.models import CoachLink
from recovery import stored_plans
from recovery.models import (
    Exercise,
    ExerciseLine,
    LegWorkout,
    RecoveryRun,
    SorenessCheckIn,
)

CLUB_PREFIX = "club-"
HISTORY_DAYS = 90
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney")
FIRST_NAMES = ("Alex", "Bo", "Cam", "Dee", "Eden", "Fox", "Gale", "Hana", "Ira", "Jo", "Kai", "Lee")
BATCH = 2000
PLAN_BATCH = 200


def _evening(day: date, zone: ZoneInfo, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.choice((18, 19)), rng.choice((0, 15, 30, 45))), zone)


def _morning(day: date, zone: ZoneInfo, rng: random.Random) -> datetime:
    return datetime.combine(day, time(7, rng.choice((0, 15, 30, 45))), zone)


def seed_club(*, coach: User, athletes: int, now: datetime, seed: int = 2026) -> list[User]:
    """Replace the club athletes with ``athletes`` new ones linked to ``coach``."""
    rng = random.Random(seed)
    password = make_password("club-demo-password")  # hashed once, shared by every demo athlete
    exercises = list(Exercise.objects.all())
    with transaction.atomic():
        User.objects.filter(username__startswith=CLUB_PREFIX).delete()
        users = User.objects.bulk_create(
            (
                User(
                    username=f"{CLUB_PREFIX}{index:05d}",
                    email=f"{CLUB_PREFIX}{index:05d}@club.example",
                    first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                    last_name=f"Runner {index:05d}",
                    timezone=ZONES[index % len(ZONES)],
                    password=password,
                )
                for index in range(athletes)
            ),
            batch_size=BATCH,
        )
        if not users or users[0].pk is None:  # backends that return no ids (none used here)
            users = list(User.objects.filter(username__startswith=CLUB_PREFIX).order_by("pk"))
        CoachLink.objects.bulk_create(
            (
                CoachLink(
                    coach=coach,
                    athlete=user,
                    status=CoachLink.Status.ACTIVE,
                    initiated_by=CoachLink.Side.ATHLETE,
                    accepted_at=now - timedelta(days=HISTORY_DAYS),
                )
                for user in users
            ),
            batch_size=BATCH,
        )
        list_versions.bump(coach.pk)  # bulk_create sends no signal
        workouts = LegWorkout.objects.bulk_create(
            _workouts(users, now=now, rng=rng), batch_size=BATCH
        )
        ExerciseLine.objects.bulk_create(_lines(workouts, exercises, rng), batch_size=BATCH)
        SorenessCheckIn.objects.bulk_create(_check_ins(workouts, now, rng), batch_size=BATCH)
        RecoveryRun.objects.bulk_create(_runs(workouts, now, rng), batch_size=BATCH)
    # Bulk writes send no signals: plan every athlete once, now.
    for start in range(0, len(users), PLAN_BATCH):
        stored_plans.refresh_many(athletes=users[start : start + PLAN_BATCH], now=now)
    return users


def _workouts(users: list[User], *, now: datetime, rng: random.Random) -> Iterator[LegWorkout]:
    for user in users:
        zone = ZoneInfo(user.timezone)
        today = now.astimezone(zone).date()
        # Two leg days a week, the latest between yesterday and five days ago.
        day = today - timedelta(days=rng.randint(1, 5))
        oldest = today - timedelta(days=HISTORY_DAYS)
        while day > oldest:
            ended = _evening(day, zone, rng)
            if ended < now:
                yield LegWorkout(
                    athlete=user,
                    ended_at=ended,
                    minutes=rng.choice((45, 60, 75, 90)),
                    rpe=rng.randint(5, 9),
                )
            day -= timedelta(days=rng.choice((3, 4)))


def _lines(
    workouts: list[LegWorkout], exercises: list[Exercise], rng: random.Random
) -> Iterator[ExerciseLine]:
    for workout in workouts:
        for exercise in rng.sample(exercises, k=min(3, len(exercises))):
            yield ExerciseLine(
                workout=workout, exercise=exercise, sets=rng.randint(3, 5), reps=rng.randint(5, 10)
            )


def _check_ins(
    workouts: list[LegWorkout], now: datetime, rng: random.Random
) -> Iterator[SorenessCheckIn]:
    for workout in workouts:
        zone = ZoneInfo(workout.athlete.timezone)
        day = workout.ended_at.astimezone(zone).date()
        for days_after, base in ((1, 4), (2, 5)):
            at = _morning(day + timedelta(days=days_after), zone, rng)
            if at < now:
                soreness = min(10, max(0, base + rng.randint(-2, 3)))
                yield SorenessCheckIn(
                    athlete_id=workout.athlete_id,
                    workout=workout,
                    at=at,
                    soreness=soreness,
                    legs_heavy=soreness >= 6 and rng.random() < 0.3,
                    pain=soreness >= 8 and rng.random() < 0.2,
                )


def _runs(workouts: list[LegWorkout], now: datetime, rng: random.Random) -> Iterator[RecoveryRun]:
    for workout in workouts:
        zone = ZoneInfo(workout.athlete.timezone)
        started = _morning(workout.ended_at.astimezone(zone).date() + timedelta(days=1), zone, rng)
        if started < now and rng.random() < 0.7:
            yield RecoveryRun(
                athlete_id=workout.athlete_id,
                workout=workout,
                started_at=started,
                minutes=rng.choice((20, 25, 30)),
                rpe=rng.choice((3, 4)),
            )
