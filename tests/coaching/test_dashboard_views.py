"""The coach dashboard and the read-only drill-down into one athlete, through the test client."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching import list_versions
from coaching.dashboard import PAGE_SIZE
from coaching.models import AccessLogEntry, CoachLink
from recovery.models import Exercise, ExerciseLine, LegWorkout, SorenessCheckIn
from tests.factories import make_coach_link
from tests.recovery.factories import make_check_in, make_user, make_workout

pytestmark = pytest.mark.django_db

User = get_user_model()
Status = CoachLink.Status
H = timedelta(hours=1)
HTMX = {"HX-Request": "true"}
DASHBOARD = reverse("coach_dashboard")
MAX_DASHBOARD_QUERIES = 12  # the club-scale budget for a page, whatever the athletes
ROW = re.compile(r'<li data-testid="athlete-row".*?</li>', re.DOTALL)
ROW_NAME = re.compile(r'<a href="/coach/athletes/\d+/" class="fw-semibold">([^<]+)</a>')
FORM_ACTION = re.compile(r'<form[^>]*\baction="([^"]*)"')
# Zones spread around the globe (no gap between neighbours wider than a few hours).
ZONES = (
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "UTC",
    "Europe/Berlin",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)


# --- helpers --------------------------------------------------------------------------------


def coached(coach, first_name: str, *, tz: str = "Europe/Berlin", status=Status.ACTIVE):
    """An athlete called ``first_name`` with a link to ``coach`` in ``status``."""
    athlete = make_user(username=first_name.lower(), first_name=first_name, timezone=tz)
    make_coach_link(coach=coach, athlete=athlete, status=status)
    return athlete


def rows(response) -> list[str]:
    return ROW.findall(response.text)


def row_names(response) -> list[str]:
    return [ROW_NAME.search(row).group(1) for row in rows(response)]


def row_of(response, name: str) -> str:
    (row,) = [row for row in rows(response) if f">{name}</a>" in row]
    return row


def zone_where(moment: datetime, hours: range) -> str:
    """A zone in which ``moment``'s local hour is in ``hours`` (whatever the time of day now)."""
    for name in ZONES:
        if moment.astimezone(ZoneInfo(name)).hour in hours:
            return name
    raise AssertionError(f"no zone has {moment} within {hours}")  # pragma: no cover


def with_pain(athlete, *, hours_ago: float = 1):
    make_workout(athlete, ended_at=timezone.now() - 3 * H)
    make_check_in(athlete, at=timezone.now() - hours_ago * H, soreness=5, pain=True)


def very_sore(athlete):
    make_workout(athlete, ended_at=timezone.now() - 3 * H)
    make_check_in(athlete, at=timezone.now() - H, soreness=8)


def waiting(athlete):
    """A leg day two hours ago and no check-in: too soon for a run."""
    make_workout(athlete, ended_at=timezone.now() - 2 * H, rpe=5, minutes=45)


# --- The dashboard --------------------------------------------------------------------------


def test_empty_state_for_a_coach_without_athletes(coach_client):
    response = coach_client.get(DASHBOARD)
    assert response.status_code == 200
    assert 'data-testid="coach-empty"' in response.text
    assert "No athletes yet" in response.text
    assert "sam" in response.text  # tells them the username to share
    assert rows(response) == []


def test_only_actively_linked_athletes_get_a_row(coach_client, coach):
    coached(coach, "Amy")
    coached(coach, "Ben")
    coached(coach, "Pat", status=Status.PENDING)
    coached(coach, "Eve", status=Status.ENDED)
    make_user(username="ulla", first_name="Ulla")
    make_workout(coach)  # a coach is an athlete too, but never a row of their own
    make_coach_link(coach=make_user(username="other"), athlete=make_user(first_name="Zed"))

    response = coach_client.get(DASHBOARD)
    assert sorted(row_names(response)) == ["Amy", "Ben"]
    for absent in ("Pat", "Eve", "Ulla", "Zed", ">Sam</a>"):
        assert absent not in "".join(rows(response))
    assert "2 of 2 athletes" in response.text


def test_pending_and_ended_links_alone_leave_the_dashboard_empty(coach_client, coach):
    with_pain(coached(coach, "Pat", status=Status.PENDING))
    with_pain(coached(coach, "Eve", status=Status.ENDED))
    response = coach_client.get(DASHBOARD)
    assert 'data-testid="coach-empty"' in response.text
    assert rows(response) == []
    # Names as text, not inside a random CSRF token or nonce ("…xPat9…" can happen by chance).
    assert not re.search(r"\b(Pat|Eve)\b", response.text)


def test_row_shows_the_plan_in_the_athletes_local_time(coach_client, coach):
    ended_at = timezone.now().replace(second=0, microsecond=0) - 2 * H
    earliest = ended_at + 6 * H  # the minimum wait after a leg day
    athlete_tz = zone_where(earliest, range(9, 17))  # same local day, inside the run day
    coach.timezone = zone_where(earliest, range(20, 24))  # the coach's clock is far off
    coach.save()
    athlete = coached(coach, "Amy", tz=athlete_tz)
    make_workout(athlete, ended_at=ended_at, rpe=5, minutes=45)

    row = row_of(coach_client.get(DASHBOARD), "Amy")
    local_start = earliest.astimezone(ZoneInfo(athlete_tz))
    assert f"Today: easy run after {local_start:%H:%M}" in row
    coach_start = earliest.astimezone(ZoneInfo(coach.timezone))
    assert f"{coach_start:%H:%M}" not in row
    assert 'data-status="wait"' in row
    assert re.search(r'<span class="badge text-bg-warning">Run later</span>', row)
    assert f"{ended_at.astimezone(ZoneInfo(athlete_tz)):%H:%M}" in row  # last leg day, local
    assert "no check-in yet" in row
    assert 'data-testid="attention"' not in row


def test_row_shows_soreness_from_a_recent_check_in(coach_client, coach):
    athlete = coached(coach, "Amy")
    make_workout(athlete, ended_at=timezone.now() - 5 * H)
    make_check_in(athlete, at=timezone.now() - 2 * H, soreness=3)

    row = row_of(coach_client.get(DASHBOARD), "Amy")
    assert "3/10" in row
    assert "checked in 2 h ago" in row


def test_row_without_any_leg_day(coach_client, coach):
    coached(coach, "Amy")
    row = row_of(coach_client.get(DASHBOARD), "Amy")
    assert "No leg day logged yet" in row
    assert "none yet" in row
    assert 'data-status="none"' in row


@pytest.mark.parametrize(
    ("setup", "status", "badge"),
    [(with_pain, "walk_instead", "pain"), (very_sore, "next_day", "very sore")],
    ids=["pain", "very-sore"],
)
def test_attention_badge(coach_client, coach, setup, status, badge):
    setup(coached(coach, "Amy"))
    waiting(coached(coach, "Ben"))
    response = coach_client.get(DASHBOARD)

    row = row_of(response, "Amy")
    assert f'data-status="{status}"' in row
    assert "coach-row--attention" in row
    assert re.search(rf'data-testid="attention">{badge}</span>', row)
    assert 'data-testid="attention"' not in row_of(response, "Ben")
    assert row_names(response)[0] == "Amy"  # most urgent first


@pytest.fixture
def mixed_squad(coach):
    """Cy has pain, Bea is very sore, Aaron and Dora wait, Emil has no leg day."""
    with_pain(coached(coach, "Cy"))
    very_sore(coached(coach, "Bea"))
    waiting(coached(coach, "Aaron"))
    waiting(coached(coach, "Dora"))
    coached(coach, "Emil")


def _dashboard(client, htmx: bool, **params):
    response = client.get(DASHBOARD, params, headers=HTMX if htmx else {})
    assert response.status_code == 200
    if htmx:
        assert "<html" not in response.text
        assert response.text.lstrip().startswith('<div id="athlete-table"')
    else:
        assert response.text.lstrip().startswith("<!doctype html>")
        assert 'id="athlete-table"' in response.text
    return response


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Cy", "Bea", "Aaron", "Dora", "Emil"]),
        ({"status": "attention"}, ["Cy", "Bea"]),
        ({"status": "wait"}, ["Aaron", "Dora"]),
        ({"status": "walk_instead"}, ["Cy"]),
        ({"sort": "name"}, ["Aaron", "Bea", "Cy", "Dora", "Emil"]),
        ({"status": "attention", "sort": "name"}, ["Bea", "Cy"]),
        (
            {"status": "no-such-status", "sort": "no-such-sort"},
            ["Cy", "Bea", "Aaron", "Dora", "Emil"],
        ),
    ],
    ids=["all", "attention", "wait", "walk-instead", "by-name", "attention-by-name", "bad-params"],
)
def test_filter_and_sort(coach_client, mixed_squad, htmx, params, expected):
    response = _dashboard(coach_client, htmx, **params)
    assert row_names(response) == expected
    assert f"{len(expected)} of 5 athletes" in response.text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_filter_without_matches_offers_to_show_all(coach_client, coach, htmx):
    waiting(coached(coach, "Aaron"))
    response = _dashboard(coach_client, htmx, status="attention")
    assert rows(response) == []
    assert "No athlete matches this filter" in response.text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_table_refreshes_itself_every_minute_keeping_filters(coach_client, mixed_squad, htmx):
    response = _dashboard(coach_client, htmx, status="attention", sort="name")
    table = re.search(r'<div id="athlete-table"[^>]*>', response.text).group(0)
    assert 'hx-trigger="every 60s"' in table
    assert 'hx-get="/coach/?status=attention&amp;sort=name"' in table


# --- Query count: constant in the number of athletes ----------------------------------------


def add_athletes(coach, count: int, *, now: datetime, start: int = 0) -> None:
    """``count`` athletes coached by ``coach``, each with two leg days and a check-in.

    Bulk inserts, so 200 athletes take a fraction of a second.
    """
    athletes = User.objects.bulk_create(
        User(
            username=f"bulk{i:03}",
            email=f"bulk{i:03}@example.com",
            first_name=f"Athlete {i:03}",
            timezone=ZONES[i % len(ZONES)],
            password="!",
        )
        for i in range(start, start + count)
    )
    CoachLink.objects.bulk_create(
        CoachLink(
            coach=coach,
            athlete=athlete,
            status=Status.ACTIVE,
            initiated_by=CoachLink.Side.ATHLETE,
            accepted_at=now,
        )
        for athlete in athletes
    )
    list_versions.bump(coach.pk)  # bulk_create sends no signal (as in seed_demo)
    workouts = LegWorkout.objects.bulk_create(
        LegWorkout(athlete=athlete, ended_at=now - hours * H, minutes=60, rpe=7)
        for i, athlete in enumerate(athletes)
        for hours in (3 + i % 20, 75)
    )
    squat = Exercise.objects.order_by("pk").first()
    ExerciseLine.objects.bulk_create(
        ExerciseLine(workout=workout, exercise=squat, sets=4, reps=8, weight_kg=80)
        for workout in workouts
    )
    latest = workouts[::2]  # each athlete's first (most recent) leg day
    SorenessCheckIn.objects.bulk_create(
        SorenessCheckIn(
            athlete_id=workout.athlete_id,
            workout=workout,
            at=workout.ended_at + H,
            soreness=i % 10,
            pain=i % 7 == 0,
        )
        for i, workout in enumerate(latest)
    )


def test_dashboard_queries_do_not_grow_with_athletes(
    coach_client, coach, django_assert_max_num_queries
):
    """With stored plans up to date, a page costs the same queries at 1 athlete as at 200
    (4 pages of 50); the first read after bulk writes recomputes them, also in fixed queries."""
    now = timezone.now()
    add_athletes(coach, 1, now=now)
    with CaptureQueriesContext(connection) as cold_one:
        coach_client.get(DASHBOARD)  # no stored plans yet: computed on this read
    AccessLogEntry.objects.all().delete()  # so that both measured reads log their athletes
    cache.clear()  # both measured reads draw the page (a cached one costs 5: test_page_cache)
    with (
        django_assert_max_num_queries(MAX_DASHBOARD_QUERIES),
        CaptureQueriesContext(connection) as one,
    ):
        response = coach_client.get(DASHBOARD)
    assert len(rows(response)) == 1

    add_athletes(coach, 199, now=now, start=1)
    with CaptureQueriesContext(connection) as cold_many:
        coach_client.get(DASHBOARD)
    cache.clear()
    with (
        django_assert_max_num_queries(MAX_DASHBOARD_QUERIES),
        CaptureQueriesContext(connection) as many,
    ):
        response = coach_client.get(DASHBOARD, {"page": 2})
    assert len(rows(response)) == PAGE_SIZE
    assert len(many) == len(one), (
        f"{len(one)} queries for 1 athlete, {len(many)} for 200:\n"
        + "\n".join(q["sql"][:120] for q in many.captured_queries)
    )
    assert len(cold_many) == len(cold_one)


# --- The drill-down -------------------------------------------------------------------------


@pytest.fixture
def amy(coach):
    athlete = coached(coach, "Amy")
    make_workout(athlete, ended_at=timezone.now() - 3 * H, lines=[{}])
    make_check_in(athlete, at=timezone.now() - H, soreness=4)
    return athlete


def test_drill_down_shows_plan_and_chart_read_only(coach_client, amy):
    url = reverse("coach_athlete", args=[amy.pk])
    response = coach_client.get(url)
    html = response.text
    assert response.status_code == 200
    assert 'data-testid="plan-status"' in html
    assert 'data-testid="timeline-chart"' in html
    assert "Read-only view" in html
    assert "Amy" in html
    workout = LegWorkout.objects.get(athlete=amy)
    for control in (
        f"/workouts/{workout.pk}/",  # not even the detail page: it belongs to the athlete
        "/edit/",
        "/delete/",
        reverse("checkin_create"),
        reverse("run_create"),
        reverse("workout_create"),
    ):
        assert control not in html, control
    assert "hx-post" not in html
    assert set(FORM_ACTION.findall(html)) == {
        reverse("account_logout")
    }  # the navbar's sign-out only


def test_drill_down_records_the_view_and_the_athlete_sees_it(coach_client, coach, amy):
    url = reverse("coach_athlete", args=[amy.pk])
    assert coach_client.get(url).status_code == 200

    entry = AccessLogEntry.objects.get()
    assert (entry.coach, entry.athlete, entry.page, entry.path) == (coach, amy, "dashboard", url)

    athlete_client = Client()
    athlete_client.force_login(amy)
    sharing = athlete_client.get(reverse("sharing")).text
    assert "Coach Sam viewed your dashboard" in sharing


def test_athlete_viewing_their_own_drill_down_is_not_logged(amy):
    client = Client()
    client.force_login(amy)
    assert client.get(reverse("coach_athlete", args=[amy.pk])).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_refused_drill_down_is_not_logged(coach_client):
    stranger = make_user(username="stan", first_name="Stan")
    make_workout(stranger)
    assert coach_client.get(reverse("coach_athlete", args=[stranger.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_revoking_takes_effect_on_the_coachs_next_request(coach_client, coach, amy, htmx):
    url = reverse("coach_athlete", args=[amy.pk])
    assert coach_client.get(url).status_code == 200
    assert row_names(coach_client.get(DASHBOARD)) == ["Amy"]

    link = CoachLink.objects.get(coach=coach, athlete=amy)
    athlete_client = Client()
    athlete_client.force_login(amy)
    revoked = athlete_client.post(
        reverse("coach_link_revoke", args=[link.pk]), headers=HTMX if htmx else {}
    )
    assert revoked.status_code == (200 if htmx else 302)

    after = coach_client.get(url)
    assert after.status_code == 404
    assert "Amy" not in after.text
    dashboard = coach_client.get(DASHBOARD)
    assert rows(dashboard) == []
    assert "Amy" not in dashboard.text
    assert 'data-testid="coach-empty"' in dashboard.text


def test_seed_demo_prints_the_address_actually_served(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", "--url", "http://127.0.0.1:8765/", stdout=out)
    assert "Sign in at http://127.0.0.1:8765/accounts/login/" in out.getvalue()


# --- Club scale: pages, SQL filters and sorts, the access log --------------------------------


def squad(coach, size: int, *, now):
    """``size`` athletes: every third in pain (most urgent), the rest waiting after a leg day."""
    athletes = []
    for index in range(size):
        athlete = coached(coach, f"Runner{index:03d}")
        make_workout(athlete, ended_at=now - 2 * H, rpe=5, minutes=45)
        if index % 3 == 0:
            make_check_in(athlete, at=now - H, soreness=5 + index % 4, pain=True)
        athletes.append(athlete)
    return athletes


def test_pages_of_fifty_filtered_and_sorted_over_all_athletes(coach_client, coach):
    now = timezone.now()
    squad(coach, PAGE_SIZE + 10, now=now)
    first = coach_client.get(DASHBOARD)
    assert len(rows(first)) == PAGE_SIZE
    assert "page 1 of 2" in first.text
    in_pain = (PAGE_SIZE + 10 + 2) // 3
    # Most urgent first across all pages: every athlete in pain precedes every waiting one.
    statuses = [re.search(r'data-status="(\w+)"', r).group(1) for r in rows(first)]
    assert statuses[:in_pain] == ["walk_instead"] * in_pain
    second = coach_client.get(DASHBOARD, {"page": 2})
    assert len(rows(second)) == 10
    assert set(row_names(first)).isdisjoint(row_names(second))
    attention = coach_client.get(DASHBOARD, {"status": "attention"})
    assert len(rows(attention)) == in_pain
    by_rating = coach_client.get(DASHBOARD, {"sort": "soreness"})
    ratings = [int(m) for m in re.findall(r"(\d+)/10 · pain", by_rating.text)]
    assert ratings == sorted(ratings, reverse=True) and len(ratings) == in_pain
    by_name = row_names(coach_client.get(DASHBOARD, {"sort": "name"}))
    assert by_name == sorted(by_name)[:PAGE_SIZE]


def test_the_access_log_records_only_the_athletes_shown_once_an_hour(coach_client, coach):
    now = timezone.now()
    squad(coach, PAGE_SIZE + 5, now=now)
    first = coach_client.get(DASHBOARD)
    shown = set(row_names(first))

    def logged():
        return AccessLogEntry.objects.filter(coach=coach, page="coach_dashboard")

    assert {e.athlete.first_name for e in logged()} == shown
    again = coach_client.get(DASHBOARD)  # again within the hour: nothing new
    assert set(row_names(again)) == shown
    assert logged().count() == PAGE_SIZE
    second = coach_client.get(DASHBOARD, {"page": 2})
    assert len(rows(second)) == 5, second.text[-3000:]
    assert logged().count() == PAGE_SIZE + 5
    athlete = logged().first().athlete
    sharing = Client()
    sharing.force_login(athlete)
    assert "viewed your row on their coach dashboard" in sharing.get(reverse("sharing")).text
