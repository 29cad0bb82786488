"""Write side: every change to an athlete's recovery data goes through here.

Services take plain values that a form has already validated (views pass its
``cleaned_data``), never the form itself: the same write can come from a view, a command or
a test. The values are small frozen dataclasses, one per kind of record, so a create and its
update share one typed definition.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from recovery import stored_plans
from recovery.models import (
    Exercise,
    ExerciseLine,
    LegsFelt,
    LegWorkout,
    RecoveryRun,
    RunOutcome,
    SorenessCheckIn,
)
from recovery.queries import latest_workout_before

if TYPE_CHECKING:
    from accounts.models import User


def replans[**P, R](write: Callable[P, R]) -> Callable[P, R]:
    """A write that ends by recomputing the athlete's stored plan (`_replan`): the rows it saves
    need not be marked stale on the way."""

    @functools.wraps(write)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = stored_plans.REPLANNING_AFTER_WRITE.set(True)
        try:
            return write(*args, **kwargs)
        finally:
            stored_plans.REPLANNING_AFTER_WRITE.reset(token)

    return wrapper


@dataclass(frozen=True, kw_only=True)
class WorkoutValues:
    ended_at: datetime
    minutes: int
    rpe: int
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class ExerciseLineValues:
    """One line of a workout: a catalogue ``exercise`` or a ``custom_name`` (or both)."""

    exercise: Exercise | None = None
    custom_name: str = ""
    sets: int
    reps: int
    weight_kg: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class ExerciseLineChanges:
    """What an edit does to a workout's lines: new ones, changed ones (by pk), removed pks."""

    added: Sequence[ExerciseLineValues] = ()
    changed: Mapping[int, ExerciseLineValues] = field(default_factory=dict)
    deleted: Collection[int] = ()


@dataclass(frozen=True, kw_only=True)
class CheckInValues:
    at: datetime
    soreness: int
    quads: int | None = None
    hamstrings: int | None = None
    glutes: int | None = None
    calves: int | None = None
    legs_heavy: bool = False
    pain: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RunValues:
    workout: LegWorkout | None
    started_at: datetime
    minutes: int
    rpe: int
    outcome: str = RunOutcome.COMPLETED
    legs_felt: str = LegsFelt.FINE
    note: str = ""
    distance_km: Decimal | None = None  # from a watch file, when imported
    avg_hr: int | None = None


def _relink_to_latest_workout(athlete: User) -> None:
    """Point each check-in at the athlete's most recent workout that ended before it.

    One UPDATE; run after any workout is added, moved or removed so back-filled
    sessions take over the check-ins that follow them.
    """
    latest_before = (
        LegWorkout.objects.filter(athlete=athlete, ended_at__lte=OuterRef("at"))
        .order_by("-ended_at", "-pk")
        .values("pk")[:1]
    )
    SorenessCheckIn.objects.filter(athlete=athlete).update(workout=Subquery(latest_before))


def _lines_add(workout: LegWorkout, lines: Sequence[ExerciseLineValues]) -> None:
    for line in lines:
        ExerciseLine.objects.create(
            workout=workout,
            exercise=line.exercise,
            custom_name=line.custom_name,
            sets=line.sets,
            reps=line.reps,
            weight_kg=line.weight_kg,
        )


@replans
@transaction.atomic
def workout_create(
    *, athlete: User, values: WorkoutValues, lines: Sequence[ExerciseLineValues] = ()
) -> LegWorkout:
    """Log a workout with its exercise lines, then relink the athlete's check-ins."""
    workout = LegWorkout.objects.create(
        athlete=athlete,
        ended_at=values.ended_at,
        minutes=values.minutes,
        rpe=values.rpe,
        notes=values.notes,
    )
    _lines_add(workout, lines)
    _relink_to_latest_workout(athlete)
    _replan(athlete)
    return workout


@replans
@transaction.atomic
def workout_update(
    *,
    workout: LegWorkout,
    values: WorkoutValues,
    lines: ExerciseLineChanges | None = None,
) -> LegWorkout:
    """Change a workout and its lines, then relink the athlete's check-ins.

    Only lines of this workout are changed or deleted, whatever pks ``lines`` names.
    """
    workout.ended_at = values.ended_at
    workout.minutes = values.minutes
    workout.rpe = values.rpe
    workout.notes = values.notes
    workout.save()
    lines = lines or ExerciseLineChanges()
    own_lines = ExerciseLine.objects.filter(workout=workout)
    if lines.deleted:
        own_lines.filter(pk__in=lines.deleted).delete()
    for pk, line in lines.changed.items():
        own_lines.filter(pk=pk).update(
            exercise=line.exercise,
            custom_name=line.custom_name,
            sets=line.sets,
            reps=line.reps,
            weight_kg=line.weight_kg,
        )
    _lines_add(workout, lines.added)
    _relink_to_latest_workout(workout.athlete)
    _replan(workout.athlete)
    return workout


@replans
@transaction.atomic
def workout_delete(*, workout: LegWorkout) -> None:
    athlete = workout.athlete
    workout.delete()
    _relink_to_latest_workout(athlete)
    _replan(athlete)


def _checkin_fill(check_in: SorenessCheckIn, values: CheckInValues) -> SorenessCheckIn:
    """Copy ``values`` onto ``check_in`` and tie it to the latest workout that ended before it,
    then save."""
    check_in.at = values.at
    check_in.soreness = values.soreness
    check_in.quads = values.quads
    check_in.hamstrings = values.hamstrings
    check_in.glutes = values.glutes
    check_in.calves = values.calves
    check_in.legs_heavy = values.legs_heavy
    check_in.pain = values.pain
    check_in.note = values.note
    check_in.workout = latest_workout_before(athlete=check_in.athlete, moment=check_in.at)
    check_in.save()
    _replan(check_in.athlete)
    return check_in


@replans
@transaction.atomic
def checkin_create(*, athlete: User, values: CheckInValues) -> SorenessCheckIn:
    """Record a check-in, tied to the latest workout that ended before it."""
    return _checkin_fill(SorenessCheckIn(athlete=athlete), values)


@replans
@transaction.atomic
def checkin_update(*, check_in: SorenessCheckIn, values: CheckInValues) -> SorenessCheckIn:
    """Change a check-in; it follows the latest workout that ended before its new time."""
    return _checkin_fill(check_in, values)


@replans
@transaction.atomic
def checkin_delete(*, check_in: SorenessCheckIn) -> None:
    check_in.delete()
    _replan(check_in.athlete)


def _run_fill(run: RecoveryRun, values: RunValues) -> RecoveryRun:
    run.workout = values.workout
    run.started_at = values.started_at
    run.minutes = values.minutes
    run.rpe = values.rpe
    run.outcome = values.outcome
    run.legs_felt = values.legs_felt
    run.note = values.note
    run.distance_km = values.distance_km
    run.avg_hr = values.avg_hr
    run.save()
    _replan(run.athlete)
    return run


@replans
@transaction.atomic
def run_create(*, athlete: User, values: RunValues) -> RecoveryRun:
    """Record a recovery run (``values.workout`` is one of the athlete's own, or None)."""
    return _run_fill(RecoveryRun(athlete=athlete), values)


@replans
@transaction.atomic
def run_update(*, run: RecoveryRun, values: RunValues) -> RecoveryRun:
    return _run_fill(run, values)


@replans
@transaction.atomic
def run_delete(*, run: RecoveryRun) -> None:
    run.delete()
    _replan(run.athlete)


# The athletes whose plans a `replanning_once` block recomputes when it ends (None outside one).
_REPLAN_LATER: ContextVar[dict[int, User] | None] = ContextVar("replan_later", default=None)


def _replan(athlete: User) -> None:
    """Every write ends here: the athlete's stored plan is computed again, once, now (or at
    the end of the `replanning_once` block the write is part of)."""
    later = _REPLAN_LATER.get()
    if later is not None:
        later[athlete.pk] = athlete
        return
    stored_plans.refresh(athlete=athlete, now=timezone.now())


@contextlib.contextmanager
def replanning_once() -> Iterator[None]:
    """Writes inside the block recompute each athlete's stored plan once, when it ends, not once
    per write: an import of a year of sessions plans once. Use it inside the transaction that
    holds the writes, so the plan commits with them; a block that raises recomputes nothing
    (its transaction rolls back). Nested blocks leave the work to the outermost."""
    if _REPLAN_LATER.get() is not None:
        yield
        return
    later: dict[int, User] = {}
    token = _REPLAN_LATER.set(later)
    try:
        yield
    finally:
        _REPLAN_LATER.reset(token)
    now = timezone.now()
    for athlete in later.values():
        stored_plans.refresh(athlete=athlete, now=now)
