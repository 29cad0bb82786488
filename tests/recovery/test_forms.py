"""Form defaults feed the model sensible numbers: no silent RPE 1, one check-in default."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recovery import rules
from recovery.forms import (
    FIRST_SESSION_RPE_GUESS,
    RPE_DESCRIPTIONS,
    CheckInForm,
    LegWorkoutForm,
    RecoveryRunForm,
)
from tests.recovery.factories import make_workout

pytestmark = pytest.mark.django_db


def selected(html: str, name: str) -> str:
    """The value of the selected option of select ``name`` in ``html`` ('' if none)."""
    start = html.index(f'name="{name}"')
    block = html[start : html.index("</select>", start)]
    for option in block.split("<option")[1:]:
        if " selected" in option:
            return option.split('value="', 1)[1].split('"', 1)[0]
    return ""


def test_first_leg_day_starts_at_a_marked_guess(athlete):
    form = LegWorkoutForm(athlete=athlete)
    assert form.initial["rpe"] == FIRST_SESSION_RPE_GUESS != rules.RPE_MIN
    assert "guess" in form.fields["rpe"].help_text


def test_later_leg_days_start_at_the_last_value(athlete):
    make_workout(athlete, rpe=9, ended_at=timezone.now() - timedelta(days=3))
    form = LegWorkoutForm(athlete=athlete)
    assert form.initial["rpe"] == 9
    assert "last leg day" in form.fields["rpe"].help_text


def test_the_pages_render_the_defaults(athlete_client, athlete):
    assert selected(athlete_client.get("/workouts/new/").content.decode(), "rpe") == "7"
    make_workout(athlete, rpe=6, ended_at=timezone.now() - timedelta(days=1))
    assert selected(athlete_client.get("/workouts/new/").content.decode(), "rpe") == "6"
    run_page = athlete_client.get("/runs/new/").content.decode()
    assert selected(run_page, "rpe") == str(rules.RECOVERY_RUN_RPE[0])


def test_one_check_in_default_everywhere(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=20))
    dashboard = athlete_client.get("/").content.decode()
    page = athlete_client.get("/checkins/new/").content.decode()
    assert selected(dashboard, "soreness") == selected(page, "soreness") == ""
    assert CheckInForm(athlete=athlete).fields["soreness"].choices[0] == ("", "Choose 0–10…")


def test_a_check_in_without_a_rating_is_a_clear_error(athlete):
    form = CheckInForm({"at": "2026-11-01T10:00"}, athlete=athlete)
    assert not form.is_valid()
    assert "soreness" in form.errors


def test_rpe_words_agree_that_three_to_four_is_easy():
    low, high = rules.RECOVERY_RUN_RPE
    for value in range(low, high + 1):
        assert "easy" in RPE_DESCRIPTIONS[value]
    assert all("easy" not in RPE_DESCRIPTIONS[v] for v in range(high + 1, rules.RPE_MAX + 1))


def test_the_run_form_starts_at_an_easy_rpe(athlete):
    assert RecoveryRunForm(athlete=athlete).initial["rpe"] == rules.RECOVERY_RUN_RPE[0]
