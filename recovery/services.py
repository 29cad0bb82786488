"""Write side: every change to an athlete's recovery data goes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import OuterRef, Subquery

from recovery.models import ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet, ModelForm

    from accounts.models import User


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


@transaction.atomic
def workout_save(
    *,
    form: ModelForm[LegWorkout],
    lines_formset: BaseInlineFormSet[ExerciseLine, LegWorkout, Any],
) -> LegWorkout:
    """Create or update a workout with its exercise lines (both already validated)."""
    workout = form.save()
    lines_formset.instance = workout
    lines_formset.save()
    _relink_to_latest_workout(workout.athlete)
    return workout


@transaction.atomic
def workout_delete(*, workout: LegWorkout) -> None:
    athlete = workout.athlete
    workout.delete()
    _relink_to_latest_workout(athlete)


def checkin_save(*, form: ModelForm[SorenessCheckIn]) -> SorenessCheckIn:
    """Create or update a check-in, tied to the latest workout that ended before it."""
    check_in = form.instance  # validated: holds the typed values
    check_in.workout = (
        LegWorkout.objects.filter(athlete=check_in.athlete, ended_at__lte=check_in.at)
        .order_by("-ended_at", "-pk")
        .first()
    )
    return form.save()


def checkin_delete(*, check_in: SorenessCheckIn) -> None:
    check_in.delete()


def run_save(*, form: ModelForm[RecoveryRun]) -> RecoveryRun:
    return form.save()


def run_delete(*, run: RecoveryRun) -> None:
    run.delete()
