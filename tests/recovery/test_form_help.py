"""Forms that help: optional exercise lines are really optional, and a preview says it is one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recovery.forms import ExerciseLineForm
from recovery.models import Exercise, LegWorkout
from tests.recovery.factories import make_workout
from tests.recovery.test_views import HTMX, check_in_data, workout_data

pytestmark = pytest.mark.django_db

PREVIEW_LABEL = "Preview — not saved yet"


def line_form(**data):
    return ExerciseLineForm(data={k: str(v) for k, v in data.items()})


def test_sets_and_reps_are_not_starred_until_an_exercise_is_named(athlete_client):
    html = athlete_client.get("/workouts/new/").text
    section = html[html.index('id="exercise-lines"') :]
    section = section[: section.index("</fieldset>")]
    assert "(optional)" in section
    assert "asteriskField" not in section and "required" not in section


def test_a_named_exercise_needs_its_sets_and_reps():
    squat = Exercise.objects.get(name="Back squat")
    form = line_form(exercise=squat.pk)
    assert not form.is_valid()
    assert form.errors["sets"] == ["Enter the number of sets."]
    assert form.errors["reps"] == ["Enter the number of reps per set."]
    assert line_form(custom_name="Sled push", sets=4, reps=10).is_valid()


def test_a_blank_line_is_no_error_and_saves_nothing(athlete_client, athlete):
    data = workout_data(athlete, lines=[{"exercise": "", "sets": "", "reps": ""}])
    response = athlete_client.post("/workouts/new/", data)
    assert response.status_code == 302
    assert not LegWorkout.objects.get(athlete=athlete).lines.exists()


def test_a_line_with_sets_but_no_exercise_still_asks_for_one(athlete_client, athlete):
    data = workout_data(athlete, lines=[{"exercise": "", "sets": "3", "reps": ""}])
    response = athlete_client.post("/workouts/new/", data)
    assert response.status_code == 200
    assert "Choose an exercise or type its name." in response.text


@pytest.mark.parametrize("form", ["workout", "check-in"])
def test_a_preview_is_labelled_not_saved(athlete_client, athlete, form):
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    if form == "workout":
        response = athlete_client.post("/workouts/preview/", workout_data(athlete), headers=HTMX)
    else:
        response = athlete_client.post("/checkins/preview/", check_in_data(athlete), headers=HTMX)
    assert PREVIEW_LABEL in response.text
    if form == "workout":  # the no-JavaScript "Preview plan" button says it too
        page = athlete_client.post("/workouts/new/", workout_data(athlete, preview="1"))
        assert PREVIEW_LABEL in page.text


def test_a_saved_plan_is_not_labelled_a_preview(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    for url in ("/", f"/workouts/{workout.pk}/"):
        assert PREVIEW_LABEL not in athlete_client.get(url).text


def test_without_javascript_the_new_line_has_focus(athlete_client, athlete):
    data = workout_data(athlete, lines=[{"exercise": "", "sets": "", "reps": ""}])
    response = athlete_client.post("/workouts/new/", {**data, "add_line": "1"})
    html = response.text
    assert html.count("autofocus") == 1
    new_line = html[
        html.index('name="lines-1-exercise"') - 200 : html.index('name="lines-1-exercise"') + 200
    ]
    assert "autofocus" in new_line
