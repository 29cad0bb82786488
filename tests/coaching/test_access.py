"""The access gate: who may see which athlete, and the coach access log."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.urls import path, reverse

import config.urls
from coaching.access import (
    athletes_visible_to,
    can_view_athlete,
    coached_athletes,
    record_coach_view,
    visible_athlete_or_404,
)
from coaching.models import AccessLogEntry, CoachLink
from tests.factories import make_coach_link, make_user

pytestmark = pytest.mark.django_db

Status = CoachLink.Status


def athlete_page(request, athlete_id: int):
    """A stand-in for any view that shows one athlete's data."""
    athlete = visible_athlete_or_404(viewer=request.user, athlete_id=athlete_id)
    record_coach_view(coach=request.user, athlete=athlete, page="dashboard", path=request.path)
    return HttpResponse(f"data of {athlete.username}")


# The project's URLs plus the stand-in view (used with @pytest.mark.urls(__name__)).
urlpatterns = [
    *config.urls.urlpatterns,
    path("test-athletes/<int:athlete_id>/", athlete_page, name="test_athlete_page"),
]


def visible_ids(viewer) -> set[int]:
    return set(athletes_visible_to(viewer).values_list("pk", flat=True))


def test_a_user_always_sees_themselves(athlete):
    assert visible_ids(athlete) == {athlete.pk}
    assert visible_athlete_or_404(viewer=athlete, athlete_id=athlete.pk) == athlete


def test_an_active_link_makes_the_athlete_visible(coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    assert visible_ids(coach) == {coach.pk, athlete.pk}
    assert can_view_athlete(viewer=coach, athlete_id=athlete.pk)
    assert visible_athlete_or_404(viewer=coach, athlete_id=athlete.pk) == athlete


def test_consent_goes_one_way_only(coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    assert visible_ids(athlete) == {athlete.pk}
    assert not can_view_athlete(viewer=athlete, athlete_id=coach.pk)


@pytest.mark.parametrize("status", [Status.PENDING, Status.ENDED])
def test_pending_and_ended_links_give_no_access(coach, athlete, status):
    make_coach_link(coach=coach, athlete=athlete, status=status)
    assert visible_ids(coach) == {coach.pk}
    assert list(coached_athletes(coach)) == []
    with pytest.raises(Http404):
        visible_athlete_or_404(viewer=coach, athlete_id=athlete.pk)


def test_no_link_gives_no_access(coach, athlete):
    assert not can_view_athlete(viewer=coach, athlete_id=athlete.pk)


def test_another_coachs_athlete_is_not_visible(coach, athlete):
    make_coach_link(coach=make_user(), athlete=athlete)
    assert not can_view_athlete(viewer=coach, athlete_id=athlete.pk)


def test_anonymous_sees_no_one(athlete):
    anonymous = AnonymousUser()
    assert list(athletes_visible_to(anonymous)) == []
    assert list(coached_athletes(anonymous)) == []
    with pytest.raises(Http404):
        visible_athlete_or_404(viewer=anonymous, athlete_id=athlete.pk)


def test_missing_and_forbidden_athletes_look_the_same(coach, athlete):
    with pytest.raises(Http404) as forbidden:
        visible_athlete_or_404(viewer=coach, athlete_id=athlete.pk)
    with pytest.raises(Http404) as missing:
        visible_athlete_or_404(viewer=coach, athlete_id=999_999)
    assert str(forbidden.value) == str(missing.value)


def test_an_athlete_with_many_coaches_appears_once(athlete):
    for _ in range(3):
        make_coach_link(athlete=athlete)
    assert list(athletes_visible_to(athlete)) == [athlete]


def test_coached_athletes_lists_active_links_only(coach):
    zoe = make_user(username="zoe", first_name="Zoe")
    ben = make_user(username="ben", first_name="Ben")
    make_coach_link(coach=coach, athlete=zoe)
    make_coach_link(coach=coach, athlete=ben)
    make_coach_link(coach=coach, status=Status.PENDING)
    make_coach_link(coach=coach, status=Status.ENDED)
    make_coach_link(coach=make_user(), athlete=coach)  # coach is someone's athlete too
    assert list(coached_athletes(coach)) == [ben, zoe]


def test_record_coach_view_logs_a_coach(coach, athlete):
    entry = record_coach_view(
        coach=coach, athlete=athlete, page="dashboard", path="/coach/athletes/7/"
    )
    assert entry is not None
    assert AccessLogEntry.objects.get() == entry
    assert (entry.coach, entry.athlete, entry.page) == (coach, athlete, "dashboard")
    assert entry.path == "/coach/athletes/7/"


def test_an_athlete_viewing_their_own_data_is_not_logged(athlete):
    assert record_coach_view(coach=athlete, athlete=athlete, page="dashboard", path="/") is None
    assert not AccessLogEntry.objects.exists()


@pytest.mark.urls(__name__)
def test_revoking_takes_effect_on_the_coachs_very_next_request(client, coach, athlete):
    link = make_coach_link(coach=coach, athlete=athlete)
    page = reverse("test_athlete_page", args=[athlete.pk])
    client.force_login(coach)
    assert client.get(page).status_code == 200

    client.force_login(athlete)
    response = client.post(reverse("coach_link_revoke", args=[link.pk]))
    assert response.status_code == 302

    client.force_login(coach)
    assert client.get(page).status_code == 404
    assert AccessLogEntry.objects.filter(coach=coach).count() == 1  # the refused view: no entry


@pytest.mark.urls(__name__)
def test_a_guessed_athlete_id_is_a_404_like_a_missing_one(client, coach, athlete):
    client.force_login(coach)
    forbidden = client.get(reverse("test_athlete_page", args=[athlete.pk]))
    missing = client.get(reverse("test_athlete_page", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert _without_tokens(forbidden.content) == _without_tokens(missing.content)


def _without_tokens(html: bytes) -> bytes:
    """A page with its per-request secrets (CSP nonce, CSRF token) blanked out."""
    html = re.sub(rb'nonce="[^"]*"', b'nonce=""', html)
    html = re.sub(rb'(csrfmiddlewaretoken" value=|"x-csrftoken": )"[^"]*"', rb'\1""', html)
    return html
