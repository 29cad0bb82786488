"""The coach's drill-down speaks about the athlete, in the athlete's time zone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_coach_link
from tests.recovery.factories import make_check_in, make_user, make_workout

pytestmark = pytest.mark.django_db


@pytest.fixture
def amy(coach):
    amy = make_user(username="amy", first_name="Amy", timezone="America/New_York")
    make_coach_link(coach=coach, athlete=amy)
    return amy


def test_the_drill_down_says_what_the_athlete_reported(coach_client, amy):
    make_workout(amy, ended_at=timezone.now() - timedelta(hours=20))
    make_check_in(amy, at=timezone.now() - timedelta(hours=1), soreness=4, pain=True)
    html = coach_client.get(reverse("coach_athlete", args=[amy.pk])).text
    assert "Amy reported pain" in html
    assert "You reported" not in html and "Check in again" not in html
    assert "Times in America/New_York, Amy's time zone" in html
    assert "What the plan tells Amy:" in html


def test_the_athlete_still_reads_it_in_the_second_person(client, amy):
    make_workout(amy, ended_at=timezone.now() - timedelta(hours=20))
    make_check_in(amy, at=timezone.now() - timedelta(hours=1), soreness=4, pain=True)
    client.force_login(amy)
    html = client.get("/").text
    assert "You reported pain" in html
    assert "Times in America/New_York" in html
    assert "What the plan tells" not in html
