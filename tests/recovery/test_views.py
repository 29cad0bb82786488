"""Athlete pages: dashboard, leg workouts, check-ins and runs, through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recovery import stored_plans
from recovery.forms import MAX_EXERCISE_LINES, ExerciseLineFormSet
from recovery.models import Exercise, ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn
from tests.recovery.factories import (
    make_check_in,
    make_history,
    make_line,
    make_run,
    make_user,
    make_workout,
)

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
HTMX = {"HX-Request": "true"}
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what a datetime-local input sends


# --- helpers --------------------------------------------------------------------------------


def local_input(moment: datetime, athlete) -> str:
    return timezone.localtime(moment, athlete.zone).strftime(LOCAL_INPUT)


def workout_data(athlete, *, ended_at=None, minutes="60", rpe="7", lines=(), **extra) -> dict:
    """POST data for the workout form, with the ``lines-`` management form."""
    ended_at = ended_at or timezone.now() - 3 * H
    data = {
        "ended_at": ended_at if isinstance(ended_at, str) else local_input(ended_at, athlete),
        "minutes": str(minutes),
        "rpe": str(rpe),
        "notes": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
    }
    for i, line in enumerate(lines):
        data.update({f"lines-{i}-{key}": str(value) for key, value in line.items()})
    return {**data, **extra}


def check_in_data(athlete, *, at=None, soreness="3", **extra) -> dict:
    at = at or timezone.now()
    return {"at": local_input(at, athlete), "soreness": str(soreness), **extra}


def exercise_pk(name: str) -> int:
    return Exercise.objects.get(name=name).pk


def row_counts() -> tuple[int, int, int, int]:
    return (
        LegWorkout.objects.count(),
        ExerciseLine.objects.count(),
        SorenessCheckIn.objects.count(),
        RecoveryRun.objects.count(),
    )


def write_statements(ctx: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
    ]


def plan_status(html: str) -> str:
    match = re.search(r'data-testid="plan-status"[^>]*>([^<]*)<', html)
    assert match, "no plan status on the page"
    return match.group(1)


def text(response) -> str:
    return response.content.decode()


# --- dashboard ------------------------------------------------------------------------------


def test_anonymous_home_is_the_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    assert "Can I run after leg day?" in html
    assert reverse("account_signup") in html
    assert 'data-testid="empty-state"' not in html


def test_new_athlete_sees_the_empty_state(athlete_client):
    html = text(athlete_client.get("/"))
    assert 'data-testid="empty-state"' in html
    assert 'href="/workouts/new/"' in html
    assert 'data-testid="plan-status"' not in html


def test_dashboard_shows_plan_chart_and_history(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - 2 * H)
    make_check_in(athlete, at=timezone.now() - H, soreness=2)
    make_run(athlete, workout=workout, started_at=timezone.now() - timedelta(minutes=30))
    html = text(athlete_client.get("/"))
    assert plan_status(html) == "Run later"
    assert 'data-testid="timeline-chart"' in html
    assert 'class="check-in"' in html
    assert "Recent history" in html
    assert workout.get_absolute_url() in html
    assert "2/10" in html
    assert "Completed as planned" in html


def test_dashboard_htmx_refresh_returns_only_the_plan(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)
    response = athlete_client.get("/", headers=HTMX)
    html = text(response)
    assert "<html" not in html
    assert plan_status(html) == "Run later"
    assert 'data-testid="timeline-chart"' in html
    assert "Recent history" not in html


# --- logging a workout ----------------------------------------------------------------------


def test_create_workout_by_plain_post(athlete_client, athlete):
    rdl = exercise_pk("Romanian deadlift")
    data = workout_data(
        athlete,
        lines=[
            {"exercise": rdl, "sets": 4, "reps": 8, "weight_kg": "82.5"},
            {"exercise": "", "custom_name": "Sled push", "sets": 3, "reps": 10},
        ],
    )
    response = athlete_client.post("/workouts/new/", data)
    workout = LegWorkout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workouts/{workout.pk}/"
    assert (workout.athlete, workout.minutes, workout.rpe) == (athlete, 60, 7)
    assert [line.name for line in workout.lines.all()] == ["Romanian deadlift", "Sled push"]

    html = text(athlete_client.get(response["Location"]))
    assert "Leg day saved. Here is your plan." in html
    assert plan_status(html) == "Run later"
    assert "with eccentric-heavy lifts" in html


def test_create_form_renders(athlete_client):
    response = athlete_client.get("/workouts/new/")
    assert response.status_code == 200
    html = text(response)
    assert 'name="lines-TOTAL_FORMS"' in html
    assert 'hx-post="/workouts/preview/"' in html
    assert 'action="/workouts/new/"' in html


def test_add_line_does_not_save(athlete_client, athlete):
    data = workout_data(
        athlete, lines=[{"exercise": exercise_pk("Back squat"), "sets": 3, "reps": 5}]
    )
    response = athlete_client.post("/workouts/new/", {**data, "add_line": "1"})
    assert response.status_code == 200
    assert text(response).count('data-testid="exercise-line"') == 2
    fragment = athlete_client.post("/workouts/new/", {**data, "add_line": "1"}, headers=HTMX)
    assert "<html" not in text(fragment)
    assert text(fragment).count('data-testid="exercise-line"') == 2
    assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("form", ["workout", "check-in"])
def test_preview_button_does_not_save(athlete_client, athlete, form):
    make_workout(athlete, ended_at=timezone.now() - 3 * H)
    before = row_counts()
    if form == "workout":
        data = workout_data(athlete, ended_at=timezone.now() - H, preview="1")
        response = athlete_client.post("/workouts/new/", data)
    else:
        response = athlete_client.post("/checkins/new/", check_in_data(athlete, preview="1"))
    assert response.status_code == 200
    html = text(response)
    assert "<html" in html  # the whole page, for browsers without JavaScript
    assert 'data-testid="plan-status"' in html
    assert row_counts() == before


def test_add_line_with_garbage_management_form_is_not_a_500(athlete_client, athlete):
    data = workout_data(athlete, **{"lines-TOTAL_FORMS": "many", "add_line": "1"})
    response = athlete_client.post("/workouts/new/", data)
    assert response.status_code == 200


def test_formset_never_builds_more_than_the_line_limit(athlete):
    data = workout_data(athlete, **{"lines-TOTAL_FORMS": "100000"})
    lines = ExerciseLineFormSet(data, instance=LegWorkout(athlete=athlete), prefix="lines")
    assert not lines.is_valid()
    assert lines.total_form_count() <= MAX_EXERCISE_LINES


# --- the live preview -----------------------------------------------------------------------


def test_workout_preview_is_a_fragment_and_writes_nothing(athlete_client, athlete):
    make_history(athlete, 3)
    data = workout_data(
        athlete, lines=[{"exercise": exercise_pk("Walking lunge"), "sets": 3, "reps": 12}]
    )
    before = row_counts()
    with CaptureQueriesContext(connection) as ctx:
        response = athlete_client.post("/workouts/preview/", data, headers=HTMX)
    assert response.status_code == 200
    html = text(response)
    assert "<html" not in html
    assert plan_status(html) == "Run later"
    assert 'data-testid="timeline-chart"' in html
    assert 'data-testid="preview-errors"' not in html
    assert write_statements(ctx) == []
    assert row_counts() == before


def test_preview_of_an_existing_workout(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - 10 * H)
    make_check_in(athlete, at=timezone.now() - H, soreness=8)
    data = workout_data(athlete, ended_at=workout.ended_at)
    with CaptureQueriesContext(connection) as ctx:
        response = athlete_client.post(
            f"/workouts/preview/?workout={workout.pk}", data, headers=HTMX
        )
    assert plan_status(text(response)) == "Not today"  # its saved check-in counts
    assert write_statements(ctx) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rpe": "11"}, "Session RPE"),
        ({"rpe": "0"}, "Session RPE"),
        ({"minutes": "0"}, "Ensure this value is greater than or equal to 1"),
        ({"minutes": "601"}, "Ensure this value is less than or equal to 600"),
        ({"ended_at": "FUTURE"}, "in the future"),
        ({"ended_at": "soon"}, "Enter a valid date/time"),
        ({"ended_at": "2026-02-30T10:00"}, "Enter a valid date/time"),
        ({"minutes": "lots", "rpe": "hard"}, "Enter a whole number"),
        ({"ended_at": ""}, "This field is required"),
        ({"lines-0-sets": "3", "lines-0-reps": "5"}, "Choose an exercise or type its name"),
        ({"lines-0-custom_name": "Squat", "lines-0-sets": "0", "lines-0-reps": "5"}, "Exercise 1"),
        ({"lines-0-exercise": "99999", "lines-0-sets": "1", "lines-0-reps": "1"}, "Exercise 1"),
        (
            {
                "lines-0-custom_name": "x",
                "lines-0-sets": "1",
                "lines-0-reps": "1",
                "lines-0-weight_kg": "NaN",
            },
            "Exercise 1",
        ),
        ({"lines-TOTAL_FORMS": "x", "lines-INITIAL_FORMS": "y"}, "preview-errors"),
    ],
)
def test_invalid_preview_shows_errors_not_500(athlete_client, athlete, overrides, message):
    if overrides.get("ended_at") == "FUTURE":
        overrides = {"ended_at": local_input(timezone.now() + 2 * H, athlete)}
    data = {**workout_data(athlete, **{"lines-TOTAL_FORMS": "1"}), **overrides}
    with CaptureQueriesContext(connection) as ctx:
        response = athlete_client.post("/workouts/preview/", data, headers=HTMX)
    assert response.status_code == 200
    html = text(response)
    assert 'data-testid="preview-errors"' in html
    assert message in html
    assert 'data-testid="plan-status"' not in html
    assert write_statements(ctx) == []
    assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "url", ["/workouts/preview/", "/workouts/new/", "/checkins/preview/", "/checkins/new/"]
)
def test_year_one_date_is_a_form_error_not_a_500(athlete_client, athlete, url):
    year_one = "0001-01-01T00:00"  # Berlin's offset then was +00:53: UTC would be year 0
    if "checkins" in url:
        data = {"at": year_one, "soreness": "3"}
    else:
        data = workout_data(athlete, ended_at=year_one)
    response = athlete_client.post(url, data, headers=HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/workouts/preview/?workout=x", "/checkins/preview/?check_in=x"])
def test_non_numeric_preview_id_is_404(athlete_client, athlete, url):
    response = athlete_client.post(url, workout_data(athlete), headers=HTMX)
    assert response.status_code == 404


datetime_text = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31),
).map(lambda moment: moment.strftime(LOCAL_INPUT))
# Small numbers keep each example fast.
numbers = st.integers(-2, 12) | st.sampled_from([0, 1, 10, 11, 20, 21, 600, 601])
any_text = st.text(max_size=40) | numbers.map(str) | datetime_text | st.none()
WORKOUT_FIELDS = [
    "ended_at",
    "minutes",
    "rpe",
    "notes",
    "lines-TOTAL_FORMS",
    "lines-INITIAL_FORMS",
    "lines-MAX_NUM_FORMS",
    "lines-0-id",
    "lines-0-exercise",
    "lines-0-custom_name",
    "lines-0-sets",
    "lines-0-reps",
    "lines-0-weight_kg",
    "lines-0-DELETE",
    "preview",
]


@pytest.mark.parametrize("url", ["/workouts/preview/", "/workouts/new/"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.fixed_dictionaries({field: any_text for field in WORKOUT_FIELDS}))
def test_arbitrary_workout_input_never_500s(athlete_client, url, values):
    data = {field: value for field, value in values.items() if value is not None}
    response = athlete_client.post(url, data, headers=HTMX if "preview" in url else {})
    assert response.status_code in (200, 302)
    if "preview" in url:
        assert "<html" not in text(response)


# --- check-ins ------------------------------------------------------------------------------


def test_check_in_preview_shows_next_day_and_saves_nothing(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 3 * H)
    assert plan_status(text(athlete_client.get("/"))) == "Run later"
    before = row_counts()
    with CaptureQueriesContext(connection) as ctx:
        response = athlete_client.post(
            "/checkins/preview/", check_in_data(athlete, soreness=8), headers=HTMX
        )
    html = text(response)
    assert "<html" not in html
    assert plan_status(html) == "Not today"
    assert write_statements(ctx) == []
    assert row_counts() == before
    assert plan_status(text(athlete_client.get("/"))) == "Run later"


def test_check_in_preview_without_a_workout_or_with_errors(athlete_client, athlete):
    html = text(athlete_client.post("/checkins/preview/", check_in_data(athlete), headers=HTMX))
    assert "No leg day before this check-in yet" in html
    html = text(
        athlete_client.post(
            "/checkins/preview/", check_in_data(athlete, soreness="11", quads="-1"), headers=HTMX
        )
    )
    assert 'data-testid="preview-errors"' in html


def test_saved_check_in_changes_the_dashboard_plan(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - 3 * H)
    response = athlete_client.post("/checkins/new/", check_in_data(athlete, soreness=8))
    assert response.status_code == 302
    assert response["Location"] == "/"
    check_in = SorenessCheckIn.objects.get()
    assert (check_in.athlete, check_in.workout, check_in.soreness) == (athlete, workout, 8)
    html = text(athlete_client.get("/"))
    assert "Check-in saved" in html
    assert plan_status(html) == "Not today"


def test_pain_check_in_means_walk_instead(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 3 * H)
    athlete_client.post("/checkins/new/", check_in_data(athlete, soreness=2, pain="on"))
    assert plan_status(text(athlete_client.get("/"))) == "Walk instead"


# --- edit and delete ------------------------------------------------------------------------


def test_edit_workout(athlete_client, athlete):
    workout = make_workout(athlete, lines=[{"exercise": "Back squat"}])
    line = workout.lines.get()
    url = f"/workouts/{workout.pk}/edit/"
    html = text(athlete_client.get(url))
    assert "Edit leg day" in html
    assert f'value="{local_input(workout.ended_at, athlete)}"' in html
    assert f'hx-post="/workouts/preview/?workout={workout.pk}"' in html

    data = workout_data(
        athlete,
        ended_at=workout.ended_at,
        minutes=45,
        rpe=5,
        lines=[{"id": line.pk, "exercise": line.exercise_id, "sets": 3, "reps": 8, "DELETE": "on"}],
        **{"lines-INITIAL_FORMS": "1"},
    )
    response = athlete_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == workout.get_absolute_url()
    workout.refresh_from_db()
    assert (workout.minutes, workout.rpe) == (45, 5)
    assert not workout.lines.exists()


def test_edit_workout_lines(athlete_client, athlete):
    """An edited line is updated in place, an untouched one left alone, a new row added."""
    workout = make_workout(athlete, lines=[{"exercise": "Back squat"}, {"exercise": "Leg press"}])
    edited, untouched = workout.lines.all()
    data = workout_data(
        athlete,
        ended_at=workout.ended_at,
        lines=[
            {"id": edited.pk, "exercise": edited.exercise_id, "sets": 5, "reps": 3},
            {
                "id": untouched.pk,
                "exercise": untouched.exercise_id,
                "sets": untouched.sets,
                "reps": untouched.reps,
                "weight_kg": untouched.weight_kg,
            },
            {"custom_name": "Sled push", "sets": 4, "reps": 1},
            {"exercise": "", "custom_name": "", "sets": "", "reps": ""},  # the empty extra row
        ],
        **{"lines-INITIAL_FORMS": "2"},
    )
    with CaptureQueriesContext(connection) as ctx:
        response = athlete_client.post(f"/workouts/{workout.pk}/edit/", data)
    assert response.status_code == 302
    lines = [(line.pk, line.name, line.sets, line.reps) for line in workout.lines.all()]
    assert lines == [
        (edited.pk, "Back squat", 5, 3),
        (untouched.pk, "Leg press", untouched.sets, untouched.reps),
        (lines[2][0], "Sled push", 4, 1),
    ]
    line_updates = [sql for sql in write_statements(ctx) if "recovery_exerciseline" in sql]
    assert len(line_updates) == 2  # the edited line and the new one


def test_delete_workout(athlete_client, athlete):
    workout = make_workout(athlete, lines=[{"exercise": "Back squat"}])
    check_in = make_check_in(athlete, at=timezone.now(), soreness=3)
    url = f"/workouts/{workout.pk}/delete/"
    response = athlete_client.get(url)
    assert response.status_code == 200
    assert "Delete this leg day?" in text(response)
    assert LegWorkout.objects.filter(pk=workout.pk).exists()

    response = athlete_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/workouts/"
    assert row_counts() == (0, 0, 1, 0)
    check_in.refresh_from_db()
    assert check_in.workout is None


def test_edit_and_delete_check_in(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 5 * H)
    check_in = make_check_in(athlete, at=timezone.now() - H, soreness=3)
    url = f"/checkins/{check_in.pk}/edit/"
    html = text(athlete_client.get(url))
    assert "Edit check-in" in html
    assert f'hx-post="/checkins/preview/?check_in={check_in.pk}"' in html

    response = athlete_client.post(url, check_in_data(athlete, at=check_in.at, soreness=6))
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.soreness == 6

    delete_url = f"/checkins/{check_in.pk}/delete/"
    assert "Delete this check-in?" in text(athlete_client.get(delete_url))
    assert SorenessCheckIn.objects.exists()
    response = athlete_client.post(delete_url)
    assert response["Location"] == "/checkins/"
    assert not SorenessCheckIn.objects.exists()


def test_create_edit_and_delete_run(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - 10 * H)
    data = {
        "workout": str(workout.pk),
        "started_at": local_input(timezone.now() - H, athlete),
        "minutes": "25",
        "rpe": "3",
        "outcome": "completed",
        "legs_felt": "fine",
        "note": "",
    }
    response = athlete_client.post("/runs/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/runs/"
    run = RecoveryRun.objects.get()
    assert (run.athlete, run.workout, run.minutes) == (athlete, workout, 25)

    url = f"/runs/{run.pk}/edit/"
    assert "Edit recovery run" in text(athlete_client.get(url))
    response = athlete_client.post(url, {**data, "outcome": "walked", "minutes": "15"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.outcome, run.minutes) == ("walked", 15)

    delete_url = f"/runs/{run.pk}/delete/"
    assert "Delete this recovery run?" in text(athlete_client.get(delete_url))
    assert RecoveryRun.objects.exists()
    assert athlete_client.post(delete_url)["Location"] == "/runs/"
    assert not RecoveryRun.objects.exists()


def test_run_before_its_leg_day_is_refused(athlete_client, athlete):
    workout = make_workout(athlete, ended_at=timezone.now() - 2 * H)
    data = {
        "workout": str(workout.pk),
        "started_at": local_input(timezone.now() - 3 * H, athlete),
        "minutes": "25",
        "rpe": "3",
        "outcome": "completed",
        "legs_felt": "fine",
    }
    response = athlete_client.post("/runs/new/", data)
    assert response.status_code == 200
    assert "The run must start after the leg day it followed." in text(response)
    assert not RecoveryRun.objects.exists()


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "row"),
    [
        ("/workouts/", r'class="list-group-item list-group-item-action"'),
        ("/checkins/", r'href="/checkins/\d+/edit/"'),
        ("/runs/", r'href="/runs/\d+/edit/"'),
    ],
)
def test_lists_paginate_by_20(athlete_client, athlete, url, row):
    make_history(athlete, 25, runs=True)
    first = text(athlete_client.get(url))
    assert len(re.findall(row, first)) == 20
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = text(athlete_client.get(url, {"page": 2}))
    assert len(re.findall(row, second)) == 5
    assert "Page 2 of 2" in second
    assert text(athlete_client.get(url, {"page": 99})).count("Page 2 of 2") == 1
    assert athlete_client.get(url, {"page": "x"}).status_code == 200


def test_workout_list_is_newest_first(athlete_client, athlete):
    workouts = make_history(athlete, 3)
    html = text(athlete_client.get("/workouts/"))
    positions = [html.index(f'href="{w.get_absolute_url()}"') for w in workouts]
    assert positions == sorted(positions)


@pytest.mark.parametrize("url", ["/workouts/", "/checkins/", "/runs/"])
def test_empty_lists(athlete_client, url):
    response = athlete_client.get(url)
    assert response.status_code == 200
    assert " yet." in text(response)


# --- time zones -----------------------------------------------------------------------------


def test_times_are_shown_in_the_athletes_zone(client):
    athlete = make_user(username="nyc", timezone="America/New_York")
    client.force_login(athlete)
    # 17:30 UTC is 12:30 in New York (EST, UTC-5); 03:15 UTC next day is 22:15 the day before.
    workout = make_workout(athlete, ended_at=datetime(2026, 1, 15, 17, 30, tzinfo=UTC))
    make_check_in(athlete, at=datetime(2026, 1, 16, 3, 15, tzinfo=UTC), soreness=4)

    detail = text(client.get(workout.get_absolute_url()))
    assert "Leg day, Thursday 15 January 2026, 12:30" in detail
    assert "17:30" not in detail
    assert "Thu 15 Jan, 22:15 · 4/10" in detail

    assert "Thu 15 Jan 2026, 12:30" in text(client.get("/workouts/"))
    assert "Thu 15 Jan, 22:15" in text(client.get("/checkins/"))
    assert "Thursday 15 January, 12:30" in text(client.get("/"))
    assert 'value="2026-01-15T12:30"' in text(client.get(f"/workouts/{workout.pk}/edit/"))


def test_form_input_is_read_in_the_athletes_zone(client):
    athlete = make_user(username="nyc", timezone="America/New_York")
    client.force_login(athlete)
    data = workout_data(athlete, ended_at="2026-01-15T12:30")
    assert client.post("/workouts/new/", data).status_code == 302
    assert LegWorkout.objects.get().ended_at == datetime(2026, 1, 15, 17, 30, tzinfo=UTC)


# --- other athletes' data and anonymous users ------------------------------------------------


@pytest.fixture
def foreign(other_athlete):
    """Another athlete's workout (with a line), check-in and run."""
    workout = make_workout(other_athlete, ended_at=timezone.now() - 10 * H)
    make_line(workout)
    check_in = make_check_in(other_athlete, at=timezone.now() - H, soreness=4)
    run = make_run(other_athlete, workout=workout)
    return {"workout": workout, "check_in": check_in, "run": run}


def snapshot():
    return (
        list(LegWorkout.objects.values()),
        list(ExerciseLine.objects.values()),
        list(SorenessCheckIn.objects.values()),
        list(RecoveryRun.objects.values()),
    )


def test_other_athletes_records_are_404_and_untouched(athlete_client, athlete, foreign):
    w, c, r = foreign["workout"].pk, foreign["check_in"].pk, foreign["run"].pk
    before = snapshot()
    requests = [
        ("get", f"/workouts/{w}/"),
        ("get", f"/workouts/{w}/edit/"),
        ("post", f"/workouts/{w}/edit/"),
        ("get", f"/workouts/{w}/delete/"),
        ("post", f"/workouts/{w}/delete/"),
        ("post", f"/workouts/preview/?workout={w}"),
        ("get", f"/checkins/{c}/edit/"),
        ("post", f"/checkins/{c}/edit/"),
        ("get", f"/checkins/{c}/delete/"),
        ("post", f"/checkins/{c}/delete/"),
        ("post", f"/checkins/preview/?check_in={c}"),
        ("get", f"/runs/{r}/edit/"),
        ("post", f"/runs/{r}/edit/"),
        ("get", f"/runs/{r}/delete/"),
        ("post", f"/runs/{r}/delete/"),
    ]
    data = {
        **workout_data(athlete, minutes="1", rpe="1"),
        **check_in_data(athlete, soreness="0"),
        "started_at": local_input(timezone.now(), athlete),
        "outcome": "walked",
        "legs_felt": "fine",
    }
    for method, url in requests:
        response = getattr(athlete_client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (method, url)
    assert snapshot() == before
    for url in ("/", "/workouts/", "/checkins/", "/runs/"):
        assert f"/workouts/{w}/" not in text(athlete_client.get(url))


def test_a_run_cannot_point_at_another_athletes_workout(athlete_client, athlete, foreign):
    data = {
        "workout": str(foreign["workout"].pk),
        "started_at": local_input(timezone.now(), athlete),
        "minutes": "20",
        "rpe": "3",
        "outcome": "completed",
        "legs_felt": "fine",
    }
    response = athlete_client.post("/runs/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert RecoveryRun.objects.filter(athlete=athlete).count() == 0


ATHLETE_PAGES = [
    ("get", "/workouts/"),
    ("get", "/workouts/new/"),
    ("post", "/workouts/new/"),
    ("post", "/workouts/preview/"),
    ("get", "/workouts/{w}/"),
    ("get", "/workouts/{w}/edit/"),
    ("get", "/workouts/{w}/delete/"),
    ("post", "/workouts/{w}/delete/"),
    ("get", "/checkins/"),
    ("get", "/checkins/new/"),
    ("post", "/checkins/new/"),
    ("post", "/checkins/preview/"),
    ("get", "/checkins/{c}/edit/"),
    ("get", "/checkins/{c}/delete/"),
    ("post", "/checkins/{c}/delete/"),
    ("get", "/runs/"),
    ("get", "/runs/new/"),
    ("get", "/runs/{r}/edit/"),
    ("get", "/runs/{r}/delete/"),
    ("post", "/runs/{r}/delete/"),
]


def test_anonymous_users_are_sent_to_sign_in(client, foreign):
    ids = {"w": foreign["workout"].pk, "c": foreign["check_in"].pk, "r": foreign["run"].pk}
    before = snapshot()
    for method, pattern in ATHLETE_PAGES:
        url = pattern.format(**ids)
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(f"{reverse('account_login')}?next="), (method, url)
    assert snapshot() == before


# --- query counts ---------------------------------------------------------------------------

# session + user + the account's roles (for the menu), then what each page needs (see the
# selectors and views).
PINNED_QUERIES = {
    # the stored plan's revision, then (drawing the page) the planner's workout and check-in
    # rows, the recent workouts and their lines, recent check-ins, recent runs
    "/": 10,
    "/workouts/": 7,  # count, page, lines, exercises
    "/checkins/": 5,  # count, page (with workout)
    "/runs/": 5,  # count, page (with workout)
}


@pytest.fixture
def small_and_large():
    small, large = make_user(username="small"), make_user(username="large")
    make_history(small, 1, runs=True)
    make_history(large, 200, runs=True)
    now = timezone.now()
    for user in (small, large):  # as the services leave it after a write
        stored_plans.refresh(athlete=user, now=now)
    return small, large


@pytest.mark.parametrize("url", sorted(PINNED_QUERIES))
def test_pages_run_a_fixed_number_of_queries(
    client, small_and_large, django_assert_max_num_queries, url
):
    counts = []
    for user in small_and_large:
        client.force_login(user)
        with django_assert_max_num_queries(PINNED_QUERIES[url]) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    small, large = counts
    assert small == large == PINNED_QUERIES[url]


def test_a_dashboard_drawn_this_minute_costs_four_queries(client, small_and_large, same_minute):
    """Session, user, roles and the stored plan's revision: the body comes from the cache."""
    for user in small_and_large:
        client.force_login(user)
        first = client.get("/")
        with CaptureQueriesContext(connection) as queries:
            again = client.get("/")
        assert len(queries) == 4
        assert without_csrf_tokens(again) == without_csrf_tokens(first)
        assert b"Your recovery" in again.content


def without_csrf_tokens(response) -> str:
    """The page with its CSRF tokens (masked afresh on every response) and CSP nonce blanked."""
    page = re.sub(r'nonce="[^"]+"', "NONCE", response.content.decode())
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)
