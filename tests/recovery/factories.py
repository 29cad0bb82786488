"""Factories for recovery data (plain functions, like ``tests.factories``).

Check-ins are tied to the athlete's latest workout that ended at or before them, the
same rule ``recovery.services`` applies, so data made here looks like data made in the app.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from recovery.models import (
    Exercise,
    ExerciseLine,
    LegWorkout,
    RecoveryRun,
    RunOutcome,
    SorenessCheckIn,
)
from recovery.queries import latest_workout_before
from tests.factories import make_user

__all__ = [
    "make_check_in",
    "make_history",
    "make_line",
    "make_run",
    "make_user",
    "make_workout",
]


def make_workout(
    athlete,
    *,
    ended_at: datetime | None = None,
    minutes: int = 60,
    rpe: int = 7,
    lines=(),
    notes: str = "",
) -> LegWorkout:
    """A leg workout; ``lines`` holds dicts of ``make_line`` keyword arguments."""
    workout = LegWorkout.objects.create(
        athlete=athlete,
        ended_at=ended_at or timezone.now() - timedelta(hours=3),
        minutes=minutes,
        rpe=rpe,
        notes=notes,
    )
    for line in lines:
        make_line(workout, **line)
    return workout


def make_line(
    workout: LegWorkout,
    *,
    exercise: Exercise | str | None = "Back squat",
    custom_name: str = "",
    sets: int = 3,
    reps: int = 8,
    weight_kg: Decimal | int | None = 80,
) -> ExerciseLine:
    """An exercise line; ``exercise`` may be a catalogue name (seeded by migration 0002)."""
    if isinstance(exercise, str):
        exercise = Exercise.objects.get(name=exercise)
    return ExerciseLine.objects.create(
        workout=workout,
        exercise=exercise,
        custom_name=custom_name,
        sets=sets,
        reps=reps,
        weight_kg=weight_kg,
    )


def make_check_in(
    athlete,
    *,
    at: datetime,
    soreness: int,
    legs_heavy: bool = False,
    pain: bool = False,
    note: str = "",
    **regions: int | None,
) -> SorenessCheckIn:
    """A check-in tied to the latest workout that ended at or before ``at``."""
    return SorenessCheckIn.objects.create(
        athlete=athlete,
        workout=latest_workout_before(athlete=athlete, moment=at),
        at=at,
        soreness=soreness,
        legs_heavy=legs_heavy,
        pain=pain,
        note=note,
        **regions,
    )


def make_run(
    athlete,
    *,
    workout: LegWorkout | None = None,
    started_at: datetime | None = None,
    minutes: int = 25,
    rpe: int = 3,
    outcome: str = RunOutcome.COMPLETED,
    note: str = "",
) -> RecoveryRun:
    """A recovery run; by default one hour after now-ish, following ``workout``."""
    if started_at is None:
        base = workout.ended_at if workout else timezone.now() - timedelta(hours=2)
        started_at = base + timedelta(hours=1)
    return RecoveryRun.objects.create(
        athlete=athlete,
        workout=workout,
        started_at=started_at,
        minutes=minutes,
        rpe=rpe,
        outcome=outcome,
        note=note,
    )


def make_history(athlete, n: int, *, runs: bool = False, now: datetime | None = None):
    """``n`` past workouts three days apart, each with 1-2 lines and a check-in 24 h later
    (and, with ``runs``, a recovery run 8 h later). Bulk inserts: 200 takes milliseconds.

    Returns the workouts, newest first; the newest ended two days before ``now``.
    """
    now = now or timezone.now()
    newest = now.replace(microsecond=0) - timedelta(days=2)
    workouts = LegWorkout.objects.bulk_create(
        LegWorkout(
            athlete=athlete,
            ended_at=newest - timedelta(days=3 * i),
            minutes=45 + i % 4 * 15,
            rpe=5 + i % 5,
        )
        for i in range(n)
    )
    catalogue = list(Exercise.objects.order_by("pk"))
    ExerciseLine.objects.bulk_create(
        ExerciseLine(
            workout=workout,
            exercise=catalogue[(i + j) % len(catalogue)],
            sets=3 + j,
            reps=8,
            weight_kg=Decimal(60 + 10 * j),
        )
        for i, workout in enumerate(workouts)
        for j in range(1 + i % 2)
    )
    SorenessCheckIn.objects.bulk_create(
        SorenessCheckIn(
            athlete=athlete,
            workout=workout,
            at=workout.ended_at + timedelta(hours=24),
            soreness=2 + i % 6,
            quads=3 if i % 3 == 0 else None,
            legs_heavy=i % 4 == 0,
        )
        for i, workout in enumerate(workouts)
    )
    if runs:
        RecoveryRun.objects.bulk_create(
            RecoveryRun(
                athlete=athlete,
                workout=workout,
                started_at=workout.ended_at + timedelta(hours=8),
                minutes=20 + i % 3 * 5,
                rpe=3,
            )
            for i, workout in enumerate(workouts)
        )
    return workouts
