"""Fixtures and helpers for the Playwright tests: signed-in pages and quick test data."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, make_user

EXPECT_TIMEOUT_MS = 5_000
# Whole-hour zones around the world: one of them always has its clock at midday.
_ZONES = [f"Etc/GMT{offset:+d}" if offset else "UTC" for offset in range(-12, 13)]


def _midday_zone() -> str:
    """A zone whose local time is 11:00-13:59 now, so the plans these tests see (which depend
    on the run-day hours, 07:00-21:00) are the same whatever time the suite runs."""
    now = datetime.now(tz=ZoneInfo("UTC"))
    for name in _ZONES:
        if 11 <= now.astimezone(ZoneInfo(name)).hour < 14:
            return name
    raise AssertionError("every hour has a zone at midday")  # pragma: no cover


ATHLETE_TZ = _midday_zone()

# Every expect() in the browser tests waits at most 5 s (pages here answer in milliseconds).
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def sign_in(page: Page, base_url: str, username: str, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the login form and wait until the dashboard greets the user."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Hidden in the closed "Menu" disclosure on small screens, but present once signed in.
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()


def local_input_value(moment: datetime, tz: str = ATHLETE_TZ) -> str:
    """``moment`` as the value of an HTML datetime-local input in the zone ``tz``."""
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def hours_ago_input(hours: float, tz: str = ATHLETE_TZ) -> str:
    return local_input_value(timezone.now() - timedelta(hours=hours), tz)


def make_workout(athlete, *, hours_ago: float = 3, minutes: int = 60, rpe: int = 7):
    """A leg day for ``athlete`` that ended ``hours_ago`` hours before now (saved via the ORM)."""
    from recovery.models import LegWorkout

    return LegWorkout.objects.create(
        athlete=athlete,
        ended_at=timezone.now() - timedelta(hours=hours_ago),
        minutes=minutes,
        rpe=rpe,
    )


@pytest.fixture
def athlete(db):
    """Overrides ``tests/conftest.py``'s athlete for the browser layer: a fresh athlete in a
    zone where it is midday now, with no history (the plans these tests see depend on the
    athlete's wall clock)."""
    return make_user(username="runner", timezone=ATHLETE_TZ)


@pytest.fixture
def signed_in_page(page: Page, live_server, athlete) -> Page:
    """``page`` signed in as ``athlete`` through the login form."""
    sign_in(page, live_server.url, athlete.username)
    return page
