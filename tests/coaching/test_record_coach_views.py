"""``record_coach_views``: one access-log entry per coach, athlete and page an hour, written
in bulk (the coach's calendar feed and the API; the dashboard can use it too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.access import record_coach_views
from coaching.models import AccessLogEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_one_entry_per_athlete(coach, django_assert_num_queries):
    athletes = [make_user(username=f"a{n}") for n in range(5)]
    with django_assert_num_queries(2):  # what is logged already, one bulk insert
        written = record_coach_views(coach=coach, athletes=athletes, page="calendar", path="/c")
    assert len(written) == 5
    assert {e.athlete_id for e in AccessLogEntry.objects.all()} == {a.pk for a in athletes}


def test_at_most_once_an_hour_per_page(coach, athlete):
    record_coach_views(coach=coach, athletes=[athlete], page="calendar", path="/c")
    assert record_coach_views(coach=coach, athletes=[athlete], page="calendar", path="/c") == []
    assert len(record_coach_views(coach=coach, athletes=[athlete], page="api_plan", path="/a")) == 1
    AccessLogEntry.objects.update(at=timezone.now() - timedelta(minutes=61))
    assert len(record_coach_views(coach=coach, athletes=[athlete], page="calendar", path="/c")) == 1
    assert AccessLogEntry.objects.count() == 3


def test_another_coachs_entry_does_not_count(coach, athlete):
    other = make_user(username="otto")
    record_coach_views(coach=other, athletes=[athlete], page="calendar", path="/c")
    assert len(record_coach_views(coach=coach, athletes=[athlete], page="calendar", path="/c")) == 1


def test_the_coachs_own_data_is_not_logged(coach, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert record_coach_views(coach=coach, athletes=[coach], page="calendar", path="/c") == []


def test_long_values_are_cut_to_the_columns(coach, athlete):
    (entry,) = record_coach_views(coach=coach, athletes=[athlete], page="p" * 40, path="/" * 600)
    assert (len(entry.page), len(entry.path)) == (32, 500)
