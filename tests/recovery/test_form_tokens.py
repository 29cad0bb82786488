"""A resubmitted create form makes one row, not two (issue 10, finding 7)."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.form_tokens import AlreadySubmitted, claim
from accounts.middleware import AccountLockMiddleware
from recovery.forms import CheckInForm
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn
from tests.recovery.test_views import check_in_data, workout_data

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def token_from(client, url) -> str:
    return TOKEN.search(client.get(url).text).group(1)


def test_check_in_posted_twice_is_saved_once(athlete_client, athlete):
    data = check_in_data(athlete, form_token=token_from(athlete_client, "/checkins/new/"))
    first = athlete_client.post("/checkins/new/", data)
    assert first.status_code == 302
    again = athlete_client.post("/checkins/new/", data)  # reload / double click
    assert again.status_code == 200
    assert "already saved" in again.text
    assert SorenessCheckIn.objects.count() == 1


def test_workout_posted_twice_is_saved_once(athlete_client, athlete):
    data = workout_data(athlete, form_token=token_from(athlete_client, "/workouts/new/"))
    assert athlete_client.post("/workouts/new/", data).status_code == 302
    assert athlete_client.post("/workouts/new/", data).status_code == 200
    assert LegWorkout.objects.count() == 1


def test_run_posted_twice_is_saved_once(athlete_client, athlete):
    athlete_client.post("/workouts/new/", workout_data(athlete))
    workout = LegWorkout.objects.get()
    data = {
        "workout": str(workout.pk),
        "started_at": timezone.localtime(timezone.now(), athlete.zone).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "20",
        "rpe": "3",
        "outcome": "completed",
        "legs_felt": "fine",
        "note": "",
        "form_token": token_from(athlete_client, "/runs/new/"),
    }
    assert athlete_client.post("/runs/new/", data).status_code == 302
    assert athlete_client.post("/runs/new/", data).status_code == 200
    assert RecoveryRun.objects.count() == 1


def test_two_genuine_check_ins_in_the_same_minute_are_both_saved(athlete_client, athlete):
    at = timezone.now().replace(second=0, microsecond=0)
    for soreness in (3, 5):
        token = token_from(athlete_client, "/checkins/new/")
        data = check_in_data(athlete, at=at, soreness=soreness, form_token=token)
        assert athlete_client.post("/checkins/new/", data).status_code == 302
    assert SorenessCheckIn.objects.count() == 2


def test_preview_does_not_use_up_the_token(athlete_client, athlete):
    data = check_in_data(athlete, form_token=token_from(athlete_client, "/checkins/new/"))
    athlete_client.post("/checkins/preview/", data, headers={"HX-Request": "true"})
    athlete_client.post("/checkins/new/", {**data, "preview": "1"})
    assert athlete_client.post("/checkins/new/", data).status_code == 302
    assert SorenessCheckIn.objects.count() == 1


def test_copies_arriving_together_save_once(athlete):
    """Both copies passed validation before either saved: the second is turned away."""
    earlier = timezone.now() - timedelta(hours=3)  # typed in Berlin, read here in UTC
    data = check_in_data(athlete, at=earlier, form_token="a-token-of-the-page-0123456789")
    first = CheckInForm(data, athlete=athlete)
    second = CheckInForm(data, athlete=athlete)
    assert first.is_valid() and second.is_valid()
    first.save()
    with pytest.raises(AlreadySubmitted) as raised:
        second.save()
    assert SorenessCheckIn.objects.count() == 1
    request = RequestFactory().post("/checkins/new/")
    request.session, request._messages = {}, _Messages()
    response = AccountLockMiddleware(lambda r: None).process_exception(request, raised.value)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin_list")


def test_a_claimed_token_is_refused_by_validation(athlete):
    token = "another-token-of-the-page-012345"
    claim(athlete.pk, token)
    earlier = timezone.now() - timedelta(hours=3)
    form = CheckInForm(check_in_data(athlete, at=earlier, form_token=token), athlete=athlete)
    assert not form.is_valid()
    assert form.non_field_errors()


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(message)
