"""Services take plain values: workouts with their line changes, check-ins and runs.

(Check-ins following the latest workout as workouts move is in ``test_models.py``.)
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from recovery import services
from recovery.models import Exercise, LegsFelt, RunOutcome
from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def squat() -> Exercise:
    return Exercise.objects.get(name="Back squat")


def test_workout_create_with_lines_links_later_check_ins(athlete):
    now = timezone.now().replace(second=0, microsecond=0)
    check_in = make_check_in(athlete, at=now - H, soreness=4)
    workout = services.workout_create(
        athlete=athlete,
        values=services.WorkoutValues(ended_at=now - 3 * H, minutes=50, rpe=8, notes="heavy"),
        lines=[
            services.ExerciseLineValues(exercise=squat(), sets=5, reps=5, weight_kg=Decimal(100)),
            services.ExerciseLineValues(custom_name="Sled push", sets=4, reps=1),
        ],
    )
    assert (workout.athlete, workout.minutes, workout.rpe, workout.notes) == (
        athlete,
        50,
        8,
        "heavy",
    )
    assert [(line.name, line.sets, line.reps, line.weight_kg) for line in workout.lines.all()] == [
        ("Back squat", 5, 5, Decimal(100)),
        ("Sled push", 4, 1, None),
    ]
    check_in.refresh_from_db()
    assert check_in.workout == workout


def test_workout_update_changes_deletes_and_adds_lines(athlete):
    workout = make_workout(athlete, lines=[{"sets": 3}, {"sets": 4}, {"sets": 5}])
    kept, changed, removed = workout.lines.all()
    ended_at = workout.ended_at - H
    services.workout_update(
        workout=workout,
        values=services.WorkoutValues(ended_at=ended_at, minutes=30, rpe=4),
        lines=services.ExerciseLineChanges(
            added=[services.ExerciseLineValues(custom_name="Step-up", sets=2, reps=10)],
            changed={changed.pk: services.ExerciseLineValues(exercise=squat(), sets=9, reps=2)},
            deleted={removed.pk},
        ),
    )
    workout.refresh_from_db()
    assert (workout.ended_at, workout.minutes, workout.rpe, workout.notes) == (ended_at, 30, 4, "")
    assert [(line.pk, line.name, line.sets, line.reps) for line in workout.lines.all()] == [
        (kept.pk, "Back squat", 3, 8),
        (changed.pk, "Back squat", 9, 2),
        (workout.lines.get(custom_name="Step-up").pk, "Step-up", 2, 10),
    ]


def test_workout_update_leaves_other_workouts_lines_alone(athlete, other_athlete):
    mine = make_workout(athlete, lines=[{}])
    theirs = make_workout(other_athlete, lines=[{"sets": 3}])
    their_line = theirs.lines.get()
    services.workout_update(
        workout=mine,
        values=services.WorkoutValues(ended_at=mine.ended_at, minutes=60, rpe=7),
        lines=services.ExerciseLineChanges(
            changed={their_line.pk: services.ExerciseLineValues(custom_name="x", sets=1, reps=1)},
            deleted={their_line.pk},
        ),
    )
    their_line.refresh_from_db()
    assert (their_line.workout, their_line.sets) == (theirs, 3)
    assert mine.lines.count() == 1


def test_checkin_create_and_update_follow_the_latest_workout(athlete):
    now = timezone.now().replace(second=0, microsecond=0)
    first = make_workout(athlete, ended_at=now - 30 * H)
    second = make_workout(athlete, ended_at=now - 10 * H)
    check_in = services.checkin_create(
        athlete=athlete,
        values=services.CheckInValues(at=now - 2 * H, soreness=6, quads=7, legs_heavy=True),
    )
    check_in.refresh_from_db()
    assert (check_in.athlete, check_in.workout, check_in.soreness) == (athlete, second, 6)
    assert (check_in.quads, check_in.hamstrings, check_in.legs_heavy, check_in.pain) == (
        7,
        None,
        True,
        False,
    )

    services.checkin_update(
        check_in=check_in,
        values=services.CheckInValues(at=now - 20 * H, soreness=2, note="moved"),
    )
    check_in.refresh_from_db()
    assert (check_in.workout, check_in.soreness, check_in.quads, check_in.note) == (
        first,
        2,
        None,
        "moved",
    )


def test_run_create_and_update(athlete):
    workout = make_workout(athlete)
    started_at = workout.ended_at + 20 * H
    run = services.run_create(
        athlete=athlete,
        values=services.RunValues(workout=workout, started_at=started_at, minutes=25, rpe=3),
    )
    run.refresh_from_db()
    assert (run.athlete, run.workout, run.outcome, run.legs_felt) == (
        athlete,
        workout,
        RunOutcome.COMPLETED,
        LegsFelt.FINE,
    )

    services.run_update(
        run=run,
        values=services.RunValues(
            workout=None,
            started_at=started_at,
            minutes=15,
            rpe=2,
            outcome=RunOutcome.WALKED,
            legs_felt=LegsFelt.HEAVY,
            note="walked it",
        ),
    )
    run.refresh_from_db()
    assert (run.workout, run.minutes, run.outcome, run.legs_felt, run.note) == (
        None,
        15,
        RunOutcome.WALKED,
        LegsFelt.HEAVY,
        "walked it",
    )
