"""One rule for local times that never happen or happen twice: the same in the CLI and the web.

A repeated local time (clocks going back) is its first occurrence; a skipped one (clocks going
forward) is refused with a message, never moved. Guards `recovery/localtime.py`, the form field
that uses it and `manage.py plan`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from recovery.localtime import NonexistentLocalTime, resolve_local
from recovery.models import LegWorkout
from tests.factories import make_user

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_repeated_time_is_its_first_occurrence():
    moment = resolve_local(datetime(2026, 11, 1, 1, 30), NEW_YORK)
    assert moment.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # EDT, -4 h
    assert moment.utcoffset().total_seconds() == -4 * 3600


def test_a_skipped_time_is_refused_with_a_reason():
    with pytest.raises(NonexistentLocalTime, match="does not exist in Europe/Berlin"):
        resolve_local(datetime(2026, 3, 29, 2, 30), BERLIN)


def test_ordinary_times_are_unchanged():
    moment = resolve_local(datetime(2026, 7, 1, 18, 0), BERLIN)
    assert moment.isoformat() == "2026-07-01T18:00:00+02:00"


def plan(*args: str) -> dict:
    out = StringIO()
    call_command("plan", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_refuses_a_skipped_time():
    with pytest.raises(CommandError, match=r"^--ended-at: 2026-03-29 02:30 does not exist"):
        plan(
            "--ended-at=2026-03-29T02:30",
            "--tz=Europe/Berlin",
            "--rpe=7",
            "--minutes=60",
            "--now=2026-03-29T12:00",
        )


def test_cli_reads_a_repeated_time_as_the_first():
    result = plan(
        "--ended-at=2026-11-01T01:30",
        "--tz=America/New_York",
        "--rpe=5",
        "--minutes=30",
        "--now=2026-11-01T12:00",
    )
    # Six real hours after 01:30 EDT (05:30 UTC) is 11:30 UTC = 06:30 EST: moved to 07:00.
    assert result["earliest_start"] == "2026-11-01T07:00:00-05:00"


def post_leg_day(client, *, zone: str, ended_at: str):
    """Sign in a new athlete in ``zone`` and post a leg day that ended at local ``ended_at``."""
    athlete = make_user(username=zone.split("/")[-1].lower(), timezone=zone)
    client.force_login(athlete)
    data = {
        "ended_at": ended_at,
        "minutes": "60",
        "rpe": "7",
        "notes": "",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }
    return athlete, client.post("/workouts/new/", data)


@pytest.mark.django_db
def test_web_form_accepts_a_repeated_time_as_the_first(client):
    athlete, response = post_leg_day(client, zone="America/New_York", ended_at="2026-11-01T01:30")
    assert response.status_code == 302
    saved = LegWorkout.objects.get(athlete=athlete)
    assert saved.ended_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_web_form_refuses_a_skipped_time_and_says_why(client):
    _, response = post_leg_day(client, zone="Europe/Berlin", ended_at="2026-03-29T02:30")
    assert response.status_code == 200
    assert "does not exist in Europe/Berlin" in response.content.decode()
    assert not LegWorkout.objects.exists()


@pytest.mark.django_db
def test_the_rule_is_stated_in_the_forms_help_text(client):
    client.force_login(make_user(username="helpme"))
    for url in ("/workouts/new/", "/checkins/new/", "/runs/new/"):
        assert (
            "a time that happens twice is read as the first one" in client.get(url).content.decode()
        )
