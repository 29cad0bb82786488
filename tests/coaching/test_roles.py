"""Menus and landing pages fit what an account uses: its own leg days, its athletes, or both."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Roles
from coaching.roles import account_roles
from tests.factories import DEFAULT_PASSWORD, make_coach_link
from tests.recovery.factories import make_user, make_workout

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)


def menu(client) -> str:
    response = client.get(reverse("settings"))
    assert response.status_code == 200
    return NAV.search(response.text).group(0)


def sign_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.username, "password": DEFAULT_PASSWORD}
    )


@pytest.fixture
def coach_only(coach, athlete):
    """``coach`` coaches ``athlete`` and logs no leg days."""
    make_coach_link(coach=coach, athlete=athlete)
    return coach


def test_a_new_account_is_an_athlete(athlete_client):
    nav = menu(athlete_client)
    assert "Leg days" in nav and "Check-ins" in nav
    assert reverse("coach_dashboard") not in nav
    assert "Sharing" in nav and "Sign out" in nav


def test_a_coach_who_lifts_nothing_sees_only_the_coach_menu(client, coach_only):
    client.force_login(coach_only)
    nav = menu(client)
    assert "Your athletes" in nav
    assert "Leg days" not in nav and "Check-ins" not in nav and ">Runs<" not in nav
    assert "Sharing" in nav and "Sign out" in nav


def test_a_coach_who_lifts_sees_both_menus(client, coach_only):
    make_workout(coach_only)
    client.force_login(coach_only)
    nav = menu(client)
    assert "Leg days" in nav and reverse("coach_dashboard") in nav


def test_an_ended_or_pending_link_is_no_coaching(client, coach, athlete):
    make_coach_link(coach=coach, athlete=make_user(), status="ended")
    make_coach_link(coach=coach, athlete=athlete, status="pending")
    assert account_roles(coach) == Roles(
        coaches=False, logs_leg_days=False, coach_home=reverse("coach_dashboard")
    )
    client.force_login(coach)
    assert reverse("coach_dashboard") not in menu(client)


def test_a_coach_lands_on_their_athletes_after_sign_in(client, coach_only):
    response = sign_in(client, coach_only)
    assert response.status_code == 302
    assert response["Location"] == reverse("coach_dashboard")
    # ... and the home page sends them there too, while they log no leg days.
    assert client.get("/")["Location"] == reverse("coach_dashboard")


def test_a_next_address_still_wins_over_the_coach_landing(client, coach_only):
    response = client.post(
        f"{reverse('account_login')}?next=/sharing/",
        {"login": coach_only.username, "password": DEFAULT_PASSWORD},
    )
    assert response["Location"] == "/sharing/"


def test_a_coach_who_lifts_lands_on_their_own_dashboard(client, coach_only):
    make_workout(coach_only)
    assert sign_in(client, coach_only)["Location"] == "/"
    assert client.get("/").status_code == 200


def test_an_athlete_lands_on_the_dashboard(client, athlete):
    assert sign_in(client, athlete)["Location"] == "/"


def test_the_roles_cost_one_query_per_request(coach_only, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles = account_roles(coach_only)
    assert roles.coaches and not roles.logs_leg_days
    assert roles.landing_url == reverse("coach_dashboard")
