"""Write side of imports: leg days and runs are created through ``recovery.services`` (so every
rule of a hand-typed entry holds), each remembered as an ``ImportedRecord`` so the same file
imported again creates nothing new. One import is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from imports.exercises import Catalogue
from imports.formats import Format
from imports.lifting_csv import LiftSession
from imports.models import ImportedRecord
from recovery import services as recovery_services
from recovery.models import Exercise, LegWorkout, RecoveryRun

if TYPE_CHECKING:
    from accounts.models import User


def catalogue() -> Catalogue:
    """Legday's exercise catalogue, for classifying the names in a file (1 query)."""
    return Catalogue(Exercise.objects.values_list("name", flat=True))


def imported_keys(*, athlete: User, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` this athlete already imported (1 query)."""
    return set(
        ImportedRecord.objects.filter(athlete=athlete, key__in=list(keys)).values_list(
            "key", flat=True
        )
    )


def already_there(*, athlete: User, sessions: Sequence[LiftSession]) -> set[str]:
    """Keys of ``sessions`` imported before, or of a leg day already logged with the same end
    (typed by hand); 2 queries."""
    found = imported_keys(athlete=athlete, keys=[s.key for s in sessions])
    ends = [s.ended_at for s in sessions if s.ended_at is not None]
    logged = set(
        LegWorkout.objects.filter(athlete=athlete, ended_at__in=ends).values_list(
            "ended_at", flat=True
        )
    )
    return found | {s.key for s in sessions if s.ended_at in logged}


@dataclass
class LiftingImport:
    created: list[LegWorkout] = field(default_factory=list)
    already: list[LiftSession] = field(default_factory=list)


def _line_values(
    session: LiftSession, exercises: dict[str, Exercise]
) -> list[recovery_services.ExerciseLineValues]:
    return [
        recovery_services.ExerciseLineValues(
            exercise=exercises.get(line.catalogue_name or ""),
            custom_name="" if line.catalogue_name in exercises else line.name,
            sets=line.sets,
            reps=line.reps,
            weight_kg=line.weight_kg,
        )
        for line in session.lines
    ]


@transaction.atomic
def lifting_import(
    *, athlete: User, sessions: Sequence[LiftSession], source: Format
) -> LiftingImport:
    """Create a leg day for each session not imported before (every session needs its
    minutes and RPE by now), oldest first; all or nothing."""
    result = LiftingImport()
    names = {line.catalogue_name for s in sessions for line in s.lines if line.catalogue_name}
    exercises = {e.name: e for e in Exercise.objects.filter(name__in=names)}
    taken = already_there(athlete=athlete, sessions=sessions)
    with recovery_services.replanning_once():  # one plan for the whole import, not one a session
        for session in sorted(sessions, key=lambda s: s.started_at):
            if session.minutes is None or session.rpe is None or session.ended_at is None:
                raise ValueError(f"session {session.key}: minutes and RPE are needed to import it")
            if session.key in taken:
                result.already.append(session)
                continue
            workout = recovery_services.workout_create(
                athlete=athlete,
                values=recovery_services.WorkoutValues(
                    ended_at=session.ended_at,
                    minutes=session.minutes,
                    rpe=session.rpe,
                    notes=f"Imported from {source.label}: {session.title}",
                ),
                lines=_line_values(session, exercises),
            )
            ImportedRecord.objects.create(
                athlete=athlete, key=session.key, source=source.value, workout=workout
            )
            taken.add(session.key)
            result.created.append(workout)
    return result


def run_already_there(*, athlete: User, key: str, started_at: datetime) -> bool:
    """The run was imported before, or one was logged starting in the same minute."""
    minute = started_at.replace(second=0, microsecond=0)
    return (
        ImportedRecord.objects.filter(athlete=athlete, key=key).exists()
        or RecoveryRun.objects.filter(
            athlete=athlete, started_at__gte=minute, started_at__lt=minute + timedelta(minutes=1)
        ).exists()
    )


@transaction.atomic
def run_import(
    *, athlete: User, key: str, source: Format, values: recovery_services.RunValues
) -> RecoveryRun | None:
    """Record an imported run (None, and nothing saved, if it was imported before)."""
    if run_already_there(athlete=athlete, key=key, started_at=values.started_at):
        return None
    run = recovery_services.run_create(athlete=athlete, values=values)
    ImportedRecord.objects.create(athlete=athlete, key=key, source=source.value, run=run)
    return run


def max_heart_rate_set(*, athlete: User, value: int | None) -> None:
    """Remember the athlete's maximum heart rate (for the easy-zone check), or forget it."""
    if athlete.max_heart_rate != value:
        athlete.max_heart_rate = value
        athlete.save(update_fields=["max_heart_rate"])
