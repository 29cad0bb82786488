"""Sessions: 12 hours from the last activity, refreshed at most every 10 minutes;
"keep me signed in" for 30 days (issue 10, finding 7)."""

import pytest
from django.urls import reverse

from accounts import middleware
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db
HOURS_12 = 12 * 60 * 60
DAYS_30 = 30 * 24 * 60 * 60


def sign_in(client, **extra):
    data = {"login": "sam", "password": DEFAULT_PASSWORD, **extra}
    assert client.post(reverse("account_login"), data).status_code == 302


def test_a_session_lasts_12_hours_and_ends_with_the_browser(client):
    make_user(username="sam")
    sign_in(client)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == HOURS_12


def test_keep_me_signed_in_lasts_30_days(client):
    make_user(username="sam")
    sign_in(client, remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == DAYS_30


def test_activity_extends_the_session_at_most_every_10_minutes(client, monkeypatch):
    make_user(username="sam")
    clock = [1_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    sign_in(client)
    signed_in_at = client.session["refreshed_at"]
    clock[0] += 9 * 60
    client.get(reverse("home"))
    assert client.session["refreshed_at"] == signed_in_at  # no write yet
    clock[0] += 2 * 60
    client.get(reverse("home"))
    assert client.session["refreshed_at"] == signed_in_at + 11 * 60  # saved: expiry renewed


def test_kept_sessions_are_not_extended(client, monkeypatch):
    make_user(username="sam")
    clock = [1_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    sign_in(client, remember="on")
    before = client.session["refreshed_at"]
    clock[0] += 60 * 60
    client.get(reverse("home"))
    assert client.session["refreshed_at"] == before
