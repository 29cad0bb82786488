"""The coach's drill-down leads with the athlete's verdict line (no live region: it is static)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_coach_link
from tests.recovery.factories import make_workout

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
LEADS = ("Today", "Tonight", "Tomorrow", "Not today", "Walk instead")


def verdict_text(html: str) -> str:
    match = re.search(r'<p class="verdict[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no verdict on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))


def text(response) -> str:
    return response.content.decode()


def test_coach_drill_down_shows_the_verdict(client, athlete, coach):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)
    make_coach_link(coach=coach, athlete=athlete)
    client.force_login(coach)
    html = text(client.get(f"/coach/athletes/{athlete.pk}/"))
    assert 'data-testid="verdict"' in html
    assert "aria-live" not in html
    assert verdict_text(html).startswith(LEADS)


def test_the_drill_down_chart_speaks_of_the_athlete(client, athlete, coach):
    make_workout(athlete, ended_at=timezone.now() - 2 * H)
    make_coach_link(coach=coach, athlete=athlete)
    client.force_login(coach)
    html = text(client.get(f"/coach/athletes/{athlete.pk}/"))
    chart = html[html.index('data-testid="timeline-chart"') :]
    assert "hours after their leg day" in chart
    assert "your leg day" not in chart
