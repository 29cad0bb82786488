"""The verdict line on the athlete's pages: first on the page, the only live region."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
HTMX = {"HX-Request": "true"}
LEADS = ("Today", "Tonight", "Tomorrow", "Not today", "Walk instead")


def text(response) -> str:
    return response.content.decode()


def verdict_text(html: str) -> str:
    match = re.search(r'<p class="verdict[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no verdict on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_the_dashboard_leads_with_the_verdict_as_its_only_live_region(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)
    html = text(athlete_client.get("/"))
    assert html.count("aria-live") == 1
    live = re.search(r'<div id="verdict"[^>]*>', html)
    assert (
        live and 'aria-live="polite"' in live.group(0) and 'data-testid="verdict"' in live.group(0)
    )
    assert html.index('data-testid="verdict"') < html.index('data-testid="plan-status"')
    assert verdict_text(html).startswith(LEADS)


def test_walk_instead_verdict(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 20 * H)
    make_check_in(athlete, at=timezone.now() - H, soreness=5, pain=True)
    assert verdict_text(text(athlete_client.get("/"))).startswith("Walk instead")


def test_htmx_refresh_updates_the_verdict_out_of_band(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)
    html = text(athlete_client.get("/", headers=HTMX))
    assert 'hx-swap-oob="innerHTML:#verdict"' in html
    assert "aria-live" not in html
    assert verdict_text(html).startswith(LEADS)


def test_form_pages_carry_the_verdict_live_region_and_previews_fill_it(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - 20 * H)
    for url in ("/workouts/new/", "/checkins/new/"):
        html = text(athlete_client.get(url))
        assert html.count("aria-live") == 1
        assert 'id="verdict"' in html and 'data-testid="verdict"' in html
    preview = text(
        athlete_client.post(
            "/checkins/preview/",
            {
                "at": timezone.localtime(timezone.now(), athlete.zone).strftime("%Y-%m-%dT%H:%M"),
                "soreness": "8",
            },
            headers=HTMX,
        )
    )
    assert 'hx-swap-oob="innerHTML:#verdict"' in preview
    assert verdict_text(preview).startswith(("Not today", "Today", "Tonight", "Tomorrow"))


def test_the_countdown_is_rendered_by_the_server_for_pages_without_javascript(
    athlete_client, athlete
):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)  # an easy run is hours away
    html = text(athlete_client.get("/"))
    match = re.search(
        r'<time datetime="([^"]+)" data-relative>in (\d+ h \d+ min|\d+ h|\d+ min)</time>', html
    )
    assert match, "no countdown"
    assert 'class="verdict-relative" aria-hidden="true"' in html  # not re-read every minute
