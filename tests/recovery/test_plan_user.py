"""`manage.py plan --user`: the athlete's stored data, and one-line errors for bad use."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from recovery import rules
from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_unknown_user_is_a_one_line_error():
    with pytest.raises(CommandError, match=r"^--user: no account named 'nobody'$"):
        run("--user", "nobody")


def test_user_without_a_leg_day_is_a_one_line_error(athlete):
    with pytest.raises(CommandError, match=r"^--user: ana has no leg day before --now$"):
        run("--user", athlete.username)


@pytest.mark.parametrize("extra", [["--rpe", "7"], ["--pain"], ["--tz", "UTC"]])
def test_session_options_are_refused_with_user(athlete, extra):
    with pytest.raises(CommandError, match=r"^--\w[\w-]*: not used with --user$"):
        run("--user", athlete.username, *extra)


def test_session_options_are_required_without_user():
    with pytest.raises(CommandError, match=r"^--ended-at: required \(or use --user\)$"):
        run("--tz", "UTC")


def test_text_output_for_a_user_in_pain_shows_the_walk_and_no_dose(athlete):
    ended = timezone.now() - timedelta(hours=20)
    make_workout(athlete, ended_at=ended)
    make_check_in(athlete, at=ended + timedelta(hours=19), soreness=3, pain=True)
    text = run("--user", athlete.username)
    assert text.startswith("Walk instead: You reported pain")
    assert rules.WALK_INSTEAD in text
    assert "Run:" not in text and "min at RPE" not in text


def test_pain_flag_text_output_has_no_running_dose():
    text = run(
        "--ended-at=2026-11-26T08:00",
        "--tz=Europe/Berlin",
        "--rpe=7",
        "--minutes=60",
        "--now=2026-11-26T16:00",
        "--pain",
    )
    assert "Run:" not in text and "RPE 3" not in text
    assert "health professional" in text
