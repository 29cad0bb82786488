"""Sessions: 12 hours from the last activity, refreshed at most every 10 minutes;
"keep me signed in" for 30 days (issue 10, finding 7)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoDbStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts import middleware
from accounts.session_store import SessionStore as SqlSessionStore
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


# --- The database store reads with written SQL: the same answers as Django's -------------------


@pytest.mark.parametrize("store_class", [DjangoDbStore, SqlSessionStore])
def test_the_store_loads_a_live_session_and_drops_an_expired_or_unknown_one(store_class):
    saved = SqlSessionStore()
    saved["answer"] = 42
    saved.save()
    key = saved.session_key

    live = store_class(session_key=key)
    assert live.load() == {"answer": 42}
    assert live.session_key == key

    unknown = store_class(session_key="x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = store_class(session_key=key)
    assert expired.load() == {}
    assert expired.session_key is None
