"""The time-zone picker: short (common zones first), canonical names only, never a silent UTC,
and an account saved under an older name keeps it."""

import zoneinfo

import pytest
from django.urls import reverse

from accounts.forms import SettingsForm, SignupDetailsForm
from accounts.timezones import COMMON_TIMEZONES, timezone_choices, timezone_names
from tests.factories import make_user

ALIASES = ("Asia/Calcutta", "US/Eastern", "Europe/Kiev", "Asia/Saigon", "GB", "Etc/GMT+5")


def test_common_zones_come_first_then_all_the_others():
    (common_label, common), (all_label, others) = timezone_choices()
    assert common_label == "Common time zones" and all_label.startswith("All time zones")
    assert [name for name, _ in common] == list(COMMON_TIMEZONES)
    assert [name for name, _ in others] == sorted(name for name, _ in others)
    assert not {name for name, _ in common} & {name for name, _ in others}
    assert ("America/New_York", "America/New York") in common


def test_only_canonical_names_are_offered():
    names = timezone_names()
    assert set(names) <= zoneinfo.available_timezones()
    assert not set(ALIASES) & set(names)
    assert {"Europe/Oslo", "Asia/Kolkata", "Europe/Kyiv", "UTC"} <= set(names)
    assert len(names) < 450  # not the ~600 names with their aliases


def test_sign_up_asks_instead_of_defaulting_to_utc():
    form = SignupDetailsForm()
    html = str(form["timezone"])
    assert '<option value="" selected>Choose your time zone…</option>' in html
    assert html.index("Common time zones") < html.index("All time zones")
    form = SignupDetailsForm(data={"first_name": "Robin", "timezone": ""})
    assert form.errors["timezone"] == ["Choose your time zone."]


@pytest.mark.django_db
def test_settings_keep_a_zone_saved_under_an_older_name():
    user = make_user(timezone="Asia/Calcutta")
    form = SettingsForm(instance=user)
    assert 'value="Asia/Calcutta" selected' in str(form["timezone"])
    form = SettingsForm(data={"first_name": "", "timezone": "Asia/Calcutta"}, instance=user)
    assert form.is_valid(), form.errors
    form = SettingsForm(data={"first_name": "", "timezone": "US/Eastern"}, instance=user)
    assert not form.is_valid()


@pytest.mark.django_db
def test_the_zone_is_named_on_every_signed_in_page(athlete_client, athlete):
    for name in ("home", "workout_list", "settings", "sharing"):
        html = athlete_client.get(reverse(name)).text
        assert f"Times in {athlete.timezone}" in html, name
        assert f'data-profile-zone="{athlete.timezone}"' in html, name
