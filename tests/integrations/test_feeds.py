"""The calendar feed URLs: the secret alone authorises them, coach fetches are logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coaching.models import AccessLogEntry
from integrations import services
from integrations.feeds import COACH_FEED_LOG_PATH, athlete_feed
from tests.factories import make_coach_link, make_user
from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db


def feed_url(user, *, coach: bool = False) -> str:
    secret = services.feed_token_for(user=user).secret
    return reverse("calendar_feed_athletes" if coach else "calendar_feed", args=[secret])


def uids(response) -> list[str]:
    return sorted(str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_feed_needs_no_session_and_is_not_cached(client, athlete):
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    response = client.get(feed_url(athlete))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert {str(e["UID"]).split("-")[0] for e in calendar.walk("VEVENT")} >= {"run", "earliest"}
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_two_fetches_give_the_same_uids(client, athlete):
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    url = feed_url(athlete)
    first, second = client.get(url), client.get(url)
    assert uids(first) and uids(first) == uids(second)
    assert all(uid.endswith(f"-{athlete.pk}@legday") for uid in uids(first))


def test_a_new_athlete_gets_an_empty_calendar(client, athlete):
    response = client.get(feed_url(athlete))
    assert response.status_code == 200
    assert uids(response) == []


def test_the_view_and_the_builder_agree(athlete):
    now = timezone.now().replace(microsecond=0)
    make_workout(athlete, ended_at=now - timedelta(hours=3))
    body = athlete_feed(athlete=athlete, now=now)
    assert b"BEGIN:VEVENT" in body


@pytest.mark.parametrize("secret", ["nope", "x" * 65, "A" * 43])
def test_an_unknown_secret_is_a_404(client, athlete, secret):
    services.feed_token_for(user=athlete)
    assert client.get(reverse("calendar_feed", args=[secret])).status_code == 404
    assert client.get(reverse("calendar_feed_athletes", args=[secret])).status_code == 404


def test_regenerating_kills_the_old_address(client, athlete):
    old = feed_url(athlete)
    services.feed_token_regenerate(user=athlete, now=timezone.now())
    assert client.get(old).status_code == 404
    assert client.get(feed_url(athlete)).status_code == 200


def test_a_deactivated_account_has_no_feed(client, athlete):
    url = feed_url(athlete)
    athlete.is_active = False
    athlete.save()
    assert client.get(url).status_code == 404


def test_head_works_and_post_is_not_allowed(client, athlete):
    assert client.head(feed_url(athlete)).status_code == 200  # uptime monitors, some clients
    assert client.post(feed_url(athlete)).status_code == 405


# --- The coach's feed ------------------------------------------------------------------------


def test_the_coach_feed_lists_consenting_athletes_only(client, coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    former = make_user(username="fred", first_name="Fred")
    make_coach_link(coach=coach, athlete=former, status="ended")
    for person in (athlete, former, coach):
        make_workout(person, ended_at=timezone.now() - timedelta(hours=3))
    calendar = Calendar.from_ical(client.get(feed_url(coach, coach=True)).content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries and all(s.startswith("Ana: ") for s in summaries)
    assert {str(e["UID"]).split("-")[-1] for e in calendar.walk("VEVENT")} == {
        f"{athlete.pk}@legday"
    }


def test_coach_feed_fetches_are_logged_once_an_hour(client, coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    url = feed_url(coach, coach=True)
    client.get(url)
    client.get(url)
    (entry,) = AccessLogEntry.objects.filter(athlete=athlete)
    assert (entry.coach, entry.page) == (coach, "calendar")
    assert entry.path == COACH_FEED_LOG_PATH  # never the coach's secret
    AccessLogEntry.objects.update(at=timezone.now() - timedelta(hours=2))
    client.get(url)
    assert AccessLogEntry.objects.filter(athlete=athlete).count() == 2


def test_athletes_see_the_feed_fetch_in_their_access_log(client, coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    client.get(feed_url(coach, coach=True))
    client.force_login(athlete)
    page = " ".join(client.get(reverse("sharing")).text.split())
    assert "your run plan in their calendar feed" in page


def test_coach_feed_query_count_does_not_grow_with_athletes(
    client, coach, django_assert_max_num_queries
):
    def add_athlete(n: int) -> None:
        person = make_user(username=f"runner{n}")
        make_coach_link(coach=coach, athlete=person)
        workout = make_workout(person, ended_at=timezone.now() - timedelta(hours=3 + n))
        make_check_in(person, at=workout.ended_at + timedelta(hours=1), soreness=3)

    add_athlete(0)
    url = feed_url(coach, coach=True)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for n in range(1, 6):
        add_athlete(n)
    AccessLogEntry.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len([u for u in uids(response) if u.startswith("run-")]) == 6
