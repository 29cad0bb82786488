"""Dashboards drawn once a minute per data version: a change shows on the very next view.

Every test views a page, changes what it shows (through the services, the ORM as the admin
would, the profile or a coach link) and views it again within the same minute: the second view
must show the change, never the body drawn before it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from coaching import services as coaching_services
from coaching.models import CoachLink
from recovery import page_cache, services, stored_plans
from recovery.models import StoredPlan
from recovery.statuses import STATUS_LOOKS, Status
from tests.factories import make_coach_link, make_user
from tests.recovery.factories import make_check_in, make_workout

# One minute for every test, so that each one proves the version (not a new minute) redraws.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("same_minute")]
H = timedelta(hours=1)
WALK_INSTEAD = f'data-status="{Status.WALK_INSTEAD.value}"'


@pytest.fixture
def athlete():
    user = make_user(username="ana", timezone="Europe/Berlin")
    make_workout(user, ended_at=timezone.now() - 20 * H, rpe=7, minutes=60)
    stored_plans.refresh(athlete=user, now=timezone.now())  # as a service write leaves it
    return user


@pytest.fixture
def signed_in(client, athlete):
    client.force_login(athlete)
    return client


def dashboard(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def pain_values() -> services.CheckInValues:
    return services.CheckInValues(at=timezone.now() - timedelta(minutes=5), soreness=3, pain=True)


def test_a_check_in_saved_through_the_services_shows_on_the_next_view(signed_in, athlete):
    assert WALK_INSTEAD not in dashboard(signed_in)
    services.checkin_create(athlete=athlete, values=pain_values())
    assert WALK_INSTEAD in dashboard(signed_in)


def test_a_check_in_saved_by_the_form_shows_on_the_next_view(signed_in):
    assert WALK_INSTEAD not in dashboard(signed_in)
    at = timezone.localtime(timezone.now() - timedelta(minutes=5))
    response = signed_in.post(
        "/checkins/new/", {"at": f"{at:%Y-%m-%dT%H:%M}", "soreness": "3", "pain": "on"}
    )
    assert response.status_code == 302
    assert WALK_INSTEAD in dashboard(signed_in)


def test_a_row_saved_outside_the_services_shows_on_the_next_view(signed_in, athlete):
    """The admin or a shell: the signal's stale mark gives the data a new version."""
    assert WALK_INSTEAD not in dashboard(signed_in)
    make_check_in(athlete, at=timezone.now() - timedelta(minutes=5), soreness=3, pain=True)
    assert WALK_INSTEAD in dashboard(signed_in)


def test_a_new_time_zone_shows_on_the_next_view(signed_in, athlete):
    assert "Times in Europe/Berlin" in dashboard(signed_in)
    athlete.timezone = "America/Chicago"
    athlete.save(update_fields=["timezone"])
    page = dashboard(signed_in)
    assert "Times in America/Chicago" in page
    assert "Europe/Berlin" not in page


def test_two_writes_at_the_same_instant_still_give_two_versions(signed_in, athlete):
    """The version is a random revision, not the time of the write."""
    frozen = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=frozen):
        dashboard(signed_in)
        first = StoredPlan.objects.get(athlete=athlete).revision
        services.checkin_create(athlete=athlete, values=pain_values())
        assert StoredPlan.objects.get(athlete=athlete).revision != first
        assert WALK_INSTEAD in dashboard(signed_in)


def test_the_next_minute_draws_the_body_again(signed_in):
    minute = page_cache.current_minute()
    with mock.patch.object(page_cache, "current_minute", return_value=minute):
        dashboard(signed_in)
        with mock.patch.object(page_cache.django_cache, "set") as stored:
            dashboard(signed_in)
        stored.assert_not_called()  # the same minute: read from the cache
    with (
        mock.patch.object(page_cache, "current_minute", return_value=minute + 1),
        mock.patch.object(page_cache.django_cache, "set") as stored,
    ):
        dashboard(signed_in)
    stored.assert_called_once()  # drawn again, not read from the minute before


def test_each_view_carries_its_own_csrf_token_and_it_is_accepted(athlete):
    """The body is shared, the token is not: a second session's page posts with its own."""
    drawer, reader = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    drawer.force_login(athlete)
    reader.force_login(athlete)
    dashboard(drawer)
    page = dashboard(reader)  # from the cache
    assert page_cache.csrf_slot() not in page
    form = re.search(r'data-testid="quick-checkin".*?</form>', page, re.S)
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None
    at = timezone.localtime(timezone.now() - timedelta(minutes=5))
    response = reader.post(
        "/checkins/new/",
        {"at": f"{at:%Y-%m-%dT%H:%M}", "soreness": "2", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302


def test_another_athlete_never_gets_this_body(athlete):
    other = make_user(username="ben", first_name="Ben")
    make_workout(other, ended_at=timezone.now() - 3 * H, rpe=9, minutes=90)
    ana, ben = Client(), Client()
    ana.force_login(athlete)
    ben.force_login(other)
    ana_page, ben_page = dashboard(ana), dashboard(ben)
    assert re.search(r"<main.*</main>", ana_page, re.S).group(0) != re.search(  # type: ignore[union-attr]
        r"<main.*</main>", ben_page, re.S
    ).group(0)
    assert "90 min at RPE 9" in ben_page and "90 min at RPE 9" not in ana_page


# --- The coach's list ---------------------------------------------------------------------------


@pytest.fixture
def coach(athlete):
    user = make_user(username="cora")
    make_coach_link(coach=user, athlete=athlete)
    return user


def coach_page(client: Client) -> str:
    response = client.get("/coach/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_coach_sees_an_athletes_new_check_in_on_the_next_view(client, coach, athlete):
    client.force_login(coach)
    assert WALK_INSTEAD not in coach_page(client)
    services.checkin_create(athlete=athlete, values=pain_values())
    page = coach_page(client)
    assert WALK_INSTEAD in page
    assert STATUS_LOOKS[Status.WALK_INSTEAD].label in page


def test_a_revoked_athlete_leaves_the_coachs_list_at_once(client, coach, athlete):
    client.force_login(coach)
    assert f"/coach/athletes/{athlete.pk}/" in coach_page(client)
    link = CoachLink.objects.get(coach=coach, athlete=athlete)
    coaching_services.coach_link_revoke(link=link, athlete=athlete)
    page = coach_page(client)
    assert f"/coach/athletes/{athlete.pk}/" not in page
    assert 'data-testid="coach-empty"' in page


def test_a_revoke_and_a_new_athlete_in_the_same_minute_change_the_list(client, coach, athlete):
    """The same number of athletes, but not the same ones; neither has a stored plan yet when
    the list's version is read."""
    StoredPlan.objects.filter(athlete=athlete).delete()
    client.force_login(coach)
    coach_page(client)
    newcomer = make_user(username="ben", first_name="Ben")
    make_workout(newcomer, ended_at=timezone.now() - 20 * H)
    link = CoachLink.objects.get(coach=coach, athlete=athlete)
    coaching_services.coach_link_revoke(link=link, athlete=athlete)
    make_coach_link(coach=coach, athlete=newcomer)
    page = coach_page(client)
    assert f"/coach/athletes/{newcomer.pk}/" in page
    assert f"/coach/athletes/{athlete.pk}/" not in page


@pytest.mark.parametrize("more", [0, 60])
def test_a_cached_coach_list_costs_five_queries_however_many_athletes(
    client, coach, more, django_assert_num_queries
):
    """Session, user, roles, the MFA notice's check and the list's version (one row)."""
    for index in range(more):
        make_coach_link(coach=coach, athlete=make_user(username=f"club{index}"))
    client.force_login(coach)
    coach_page(client)
    with django_assert_num_queries(5):
        coach_page(client)


def test_with_the_page_cache_off_every_view_draws(signed_in, settings):
    settings.PAGE_CACHE = False
    with mock.patch.object(page_cache, "render_context", wraps=page_cache.render_context) as drawn:
        first, second = dashboard(signed_in), dashboard(signed_in)
    assert drawn.call_count == 2
    assert page_cache.csrf_slot() not in first + second


def test_a_new_secret_key_never_serves_a_body_drawn_under_the_old_one(signed_in):
    """The CSRF slot comes from the SECRET_KEY: after a new key (a new slot), an old body would
    keep the old slot where the token belongs, so it is never found again."""
    old_slot = page_cache.csrf_slot()
    dashboard(signed_in)
    with mock.patch.object(page_cache, "csrf_slot", return_value="csrfslot" + "n" * 24):
        page = dashboard(signed_in)
    assert old_slot not in page
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', page)
