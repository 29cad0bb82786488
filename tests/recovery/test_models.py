"""Database constraints mirror every range rule, and services keep check-ins linked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from recovery import services
from recovery.forms import ExerciseLineFormSet, LegWorkoutForm
from recovery.models import (
    Exercise,
    ExerciseLine,
    LegWorkout,
    RecoveryRun,
    SorenessCheckIn,
)
from tests.recovery.factories import make_check_in, make_line, make_run, make_workout

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def assert_rejected(action) -> None:
    """``action`` hits a CheckConstraint; the surrounding test transaction survives."""
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


# --- leg workouts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("rpe", 0), ("rpe", 11), ("minutes", 0), ("minutes", 601)]
)
def test_workout_create_rejects_out_of_range(athlete, field, value):
    values = {"ended_at": timezone.now(), "minutes": 60, "rpe": 7, field: value}
    assert_rejected(lambda: LegWorkout.objects.create(athlete=athlete, **values))
    assert not LegWorkout.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("rpe", 0), ("rpe", 11), ("minutes", -1), ("minutes", 0), ("minutes", 601)]
)
def test_workout_update_rejects_out_of_range(athlete, field, value):
    workout = make_workout(athlete)
    assert_rejected(lambda: LegWorkout.objects.filter(pk=workout.pk).update(**{field: value}))
    workout.refresh_from_db()
    assert (workout.rpe, workout.minutes) == (7, 60)


@pytest.mark.parametrize(("rpe", "minutes"), [(1, 1), (10, 600)])
def test_workout_bounds_are_accepted(athlete, rpe, minutes):
    workout = make_workout(athlete, rpe=rpe, minutes=minutes)
    assert LegWorkout.objects.get(pk=workout.pk).load == rpe * minutes


# --- exercise lines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sets", 0),
        ("sets", 51),
        ("reps", 0),
        ("reps", 201),
        ("weight_kg", Decimal("-0.5")),
        ("weight_kg", Decimal("1000.01")),
    ],
)
def test_line_rejects_out_of_range(athlete, field, value):
    workout = make_workout(athlete)
    squat = Exercise.objects.get(name="Back squat")
    values = {"sets": 3, "reps": 8, "weight_kg": Decimal(80), field: value}
    assert_rejected(lambda: ExerciseLine.objects.create(workout=workout, exercise=squat, **values))
    line = make_line(workout)
    assert_rejected(lambda: ExerciseLine.objects.filter(pk=line.pk).update(**{field: value}))


def test_line_must_name_an_exercise(athlete):
    workout = make_workout(athlete)
    assert_rejected(
        lambda: ExerciseLine.objects.create(
            workout=workout, exercise=None, custom_name="", sets=3, reps=8
        )
    )
    line = make_line(workout)
    assert_rejected(lambda: ExerciseLine.objects.filter(pk=line.pk).update(exercise=None))


def test_line_with_only_a_custom_name_or_no_weight_is_fine(athlete):
    workout = make_workout(athlete)
    line = make_line(workout, exercise=None, custom_name="Sled push", weight_kg=None)
    assert line.name == "Sled push"
    assert str(line) == "Sled push: 3 x 8"
    assert make_line(workout, weight_kg=0).weight_kg == 0
    assert make_line(workout, weight_kg=1000).weight_kg == 1000


# --- check-ins ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("soreness", -1),
        ("soreness", 11),
        ("quads", 11),
        ("hamstrings", 11),
        ("glutes", 11),
        ("calves", 11),
        ("calves", -1),
    ],
)
def test_check_in_rejects_out_of_range(athlete, field, value):
    values = {"at": timezone.now(), "soreness": 3, field: value}
    assert_rejected(lambda: SorenessCheckIn.objects.create(athlete=athlete, **values))
    check_in = make_check_in(athlete, at=timezone.now(), soreness=3)
    assert_rejected(lambda: SorenessCheckIn.objects.filter(pk=check_in.pk).update(**{field: value}))


def test_check_in_regions_may_be_empty_or_at_the_bounds(athlete):
    check_in = make_check_in(athlete, at=timezone.now(), soreness=10, quads=0, calves=10)
    assert check_in.regions == [("quads", 0), ("calves", 10)]


# --- recovery runs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rpe", 0),
        ("rpe", 11),
        ("minutes", 0),
        ("minutes", 601),
        ("outcome", "sprinted"),
        ("outcome", ""),
        ("legs_felt", "wobbly"),
    ],
)
def test_run_rejects_out_of_range(athlete, field, value):
    values = {"started_at": timezone.now(), "minutes": 25, "rpe": 3, field: value}
    assert_rejected(lambda: RecoveryRun.objects.create(athlete=athlete, **values))
    run = make_run(athlete)
    assert_rejected(lambda: RecoveryRun.objects.filter(pk=run.pk).update(**{field: value}))


# --- services: check-ins follow the latest workout before them ------------------------------


def save_workout(athlete, *, ended_at, instance=None) -> LegWorkout:
    """Validate with the real form + formset, then save their values through the service, as
    the view does."""
    local = timezone.localtime(ended_at, athlete.zone)
    data = {
        "ended_at": local.strftime("%Y-%m-%dT%H:%M"),
        "minutes": "60",
        "rpe": "6",
        "notes": "",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }
    instance = instance or LegWorkout(athlete=athlete)
    with timezone.override(athlete.zone):
        form = LegWorkoutForm(data, instance=instance, athlete=athlete)
        lines = ExerciseLineFormSet(data, instance=instance, prefix="lines")
        assert form.is_valid(), form.errors
        assert lines.is_valid(), lines.errors
    cleaned = form.cleaned_data
    values = services.WorkoutValues(
        ended_at=cleaned["ended_at"],
        minutes=cleaned["minutes"],
        rpe=cleaned["rpe"],
        notes=cleaned["notes"],
    )
    if instance.pk is None:
        return services.workout_create(athlete=athlete, values=values)
    return services.workout_update(workout=instance, values=values)


def test_back_filled_workout_takes_over_later_check_ins(athlete):
    now = timezone.now().replace(second=0, microsecond=0)
    first = make_workout(athlete, ended_at=now - 30 * H)
    early = make_check_in(athlete, at=now - 20 * H, soreness=2)
    late = make_check_in(athlete, at=now - 2 * H, soreness=5)
    assert {early.workout, late.workout} == {first}

    back_filled = save_workout(athlete, ended_at=now - 10 * H)

    early.refresh_from_db()
    late.refresh_from_db()
    assert early.workout == first  # before the back-filled session: unchanged
    assert late.workout == back_filled


def test_moving_or_deleting_a_workout_relinks_check_ins(athlete):
    now = timezone.now().replace(second=0, microsecond=0)
    first = make_workout(athlete, ended_at=now - 30 * H)
    second = make_workout(athlete, ended_at=now - 10 * H)
    check_in = make_check_in(athlete, at=now - 2 * H, soreness=5)
    assert check_in.workout == second

    save_workout(athlete, ended_at=now - 1 * H, instance=second)  # moved after the check-in
    check_in.refresh_from_db()
    assert check_in.workout == first

    services.workout_delete(workout=first)
    check_in.refresh_from_db()
    assert check_in.workout is None
    assert SorenessCheckIn.objects.filter(pk=check_in.pk).exists()


def test_relink_leaves_other_athletes_alone(athlete, other_athlete):
    now = timezone.now().replace(second=0, microsecond=0)
    theirs = make_workout(other_athlete, ended_at=now - 30 * H)
    their_check_in = make_check_in(other_athlete, at=now - 2 * H, soreness=4)
    save_workout(athlete, ended_at=now - 10 * H)
    their_check_in.refresh_from_db()
    assert their_check_in.workout == theirs
