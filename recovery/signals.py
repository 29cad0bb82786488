"""The one place signals touch recovery data: a safety net for the stored-plan cache.

Every write in the app goes through `recovery.services`, which recomputes the athlete's stored
plan itself. Rows saved or deleted another way (the admin, a shell, a data migration) only mark
it stale here, so the next read recomputes it; nothing else hides in signals.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from recovery import stored_plans
from recovery.models import ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn


def _athlete_row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    stored_plans.mark_stale(athlete_id=instance.athlete_id)


def _line_changed(sender: type, instance: ExerciseLine, **kwargs: Any) -> None:
    try:
        athlete_id = instance.workout.athlete_id
    except LegWorkout.DoesNotExist:  # deleted with its workout, which marked it already
        return
    stored_plans.mark_stale(athlete_id=athlete_id)


def connect() -> None:
    for model in (LegWorkout, SorenessCheckIn, RecoveryRun):
        post_save.connect(
            _athlete_row_changed, sender=model, dispatch_uid=f"stale-{model.__name__}"
        )
        post_delete.connect(
            _athlete_row_changed, sender=model, dispatch_uid=f"stale-del-{model.__name__}"
        )
    post_save.connect(_line_changed, sender=ExerciseLine, dispatch_uid="stale-ExerciseLine")
    post_delete.connect(_line_changed, sender=ExerciseLine, dispatch_uid="stale-del-ExerciseLine")
