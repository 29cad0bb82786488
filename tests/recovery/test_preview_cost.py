"""A live preview is cheap: one plan, and no database round trips for checks the form's own
fields already made (the model's constraint and foreign-key checks wait for the save)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery import planning
from recovery.models import Exercise
from tests.recovery.factories import make_check_in, make_user, make_workout

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
MAX_PREVIEW_QUERIES = 8  # session, user, the history (workouts, lines, check-ins), the lookups


@pytest.fixture
def athlete(client):
    user = make_user(username="pia", timezone="Europe/Berlin")
    make_workout(user, ended_at=timezone.now() - timedelta(days=3))
    make_check_in(user, at=timezone.now() - timedelta(days=2), soreness=4)
    client.force_login(user)
    return user


def local(athlete, hours_ago: float) -> str:
    return (
        f"{(timezone.now() - timedelta(hours=hours_ago)).astimezone(athlete.zone):%Y-%m-%dT%H:%M}"
    )


def measured(client, url, data):
    client.post(url, data, headers=HTMX)  # warm: caches and the session
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(planning, "make_plan", wraps=planning.make_plan) as planner,
    ):
        response = client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    return response, queries, planner


def test_the_workout_preview_plans_once_without_constraint_queries(client, athlete):
    squat = Exercise.objects.first()
    data = {
        "ended_at": local(athlete, 2),
        "minutes": "60",
        "rpe": "7",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-exercise": str(squat.pk),
        "lines-0-sets": "3",
        "lines-0-reps": "8",
    }
    response, queries, planner = measured(client, reverse("workout_preview"), data)
    assert 'class="verdict ' in response.text  # the verdict line, filled out of band
    assert planner.call_count == 1
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "_check" in s or "SAVEPOINT" in s], sql
    assert len(sql) <= MAX_PREVIEW_QUERIES, sql


def test_the_check_in_preview_plans_once_without_constraint_queries(client, athlete):
    data = {"at": local(athlete, 0.5), "soreness": "6"}
    response, queries, planner = measured(client, reverse("checkin_preview"), data)
    assert 'class="verdict ' in response.text  # the verdict line, filled out of band
    assert planner.call_count == 1
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "_check" in s or "SAVEPOINT" in s], sql
    assert len(sql) <= MAX_PREVIEW_QUERIES, sql


def test_a_preview_still_reports_what_the_form_refuses(client, athlete):
    with mock.patch.object(planning, "make_plan", wraps=planning.make_plan) as planner:
        response = client.post(
            reverse("checkin_preview"), {"at": local(athlete, 0.5), "soreness": "11"}, headers=HTMX
        )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert planner.call_count == 0
