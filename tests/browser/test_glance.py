"""The answer at a glance, at 360 x 740 (a phone) and 1280 x 800: the verdict line for every
status, still on screen while typing on a phone, and a chart whose text labels never overlap.
No page logs a console error."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import hours_ago_input, make_workout, sign_in
from tests.factories import make_user
from tests.recovery.factories import make_check_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
LEADS = ("Today", "Tonight", "Tomorrow", "Not today", "Walk instead")
CLOCK = r"\d\d:\d\d"
DOSE = r" · 20–30 min · RPE 3–4"


def zone_at_hour(hour: int) -> str:
    """A whole-hour zone whose local clock reads hour:00-hour:59 now."""
    now = datetime.now(tz=ZoneInfo("UTC"))
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "UTC"
        if now.astimezone(ZoneInfo(name)).hour == hour:
            return name
    raise AssertionError("every hour has a zone")  # pragma: no cover


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions on `page` (CSP violations are console errors)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def athlete_in(zone: str, name: str = "glance"):
    return make_user(username=name, timezone=zone)


def open_dashboard(page: Page, live_server, user, viewport) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, user.username)
    expect(page.get_by_test_id("plan-status")).to_be_visible()


def ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


def run_later(user) -> None:
    make_workout(user, hours_ago=3)


def go_easy(user) -> None:
    make_workout(user, hours_ago=10)


def not_today(user) -> None:
    make_workout(user, hours_ago=3)
    make_check_in(user, at=ago(0.1), soreness=8)


def walk_instead(user) -> None:
    make_workout(user, hours_ago=20)
    make_check_in(user, at=ago(0.1), soreness=5, pain=True)


def recovered(user) -> None:
    make_workout(user, hours_ago=80, minutes=30, rpe=3)


# (local hour now, the data, the badge, the verdict)
CASES = {
    "run-later": (12, run_later, "Run later", rf"Today: easy run after {CLOCK}{DOSE} · in \d h"),
    "go-easy": (12, go_easy, "Go easy", rf"Today: easy run now(, ideally from {CLOCK})?{DOSE}"),
    "not-today": (12, not_today, "Not today", rf"Not today: check in again tomorrow from {CLOCK}"),
    "walk-instead": (12, walk_instead, "Walk instead", r"Walk instead today"),
    "recovered": (12, recovered, "Recovered", rf"Today: easy run now{DOSE}"),
    "tonight": (
        13,
        lambda user: make_workout(user, hours_ago=0.5),
        "Run later",
        r"Tonight: easy run after 1[89]:\d\d",
    ),
    "tomorrow": (
        19,
        lambda user: make_workout(user, hours_ago=0.5),
        "Run later",
        rf"Tomorrow: easy run from 07:00{DOSE} · in",
    ),
}


@VIEWPORTS
@pytest.mark.parametrize("case", list(CASES))
def test_the_verdict_line_for_each_status(page: Page, live_server, viewport, case, console_errors):
    hour, make_data, badge, line = CASES[case]
    user = athlete_in(zone_at_hour(hour))
    make_data(user)
    open_dashboard(page, live_server, user, viewport)
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_have_text(re.compile("^" + line))
    assert verdict.inner_text().startswith(LEADS)
    expect(verdict).to_be_in_viewport()
    expect(page.get_by_test_id("plan-status")).to_have_text(badge)
    # The verdict is the page's one live region.
    assert page.locator("[aria-live]").count() == 1
    assert verdict.get_attribute("aria-live") == "polite"
    assert console_errors == []


def test_the_verdict_stays_on_screen_while_typing_on_a_phone(
    page: Page, live_server, console_errors
):
    user = athlete_in(zone_at_hour(12))
    make_workout(user, hours_ago=3)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, user.username)

    page.goto(f"{live_server.url}/workouts/new/")
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_text(re.compile(r"^(Today|Tonight)"))  # the form opens "just finished"
    first = verdict.inner_text()
    notes = page.locator("#id_notes")
    notes.scroll_into_view_if_needed()
    page.locator("#id_ended_at").fill(hours_ago_input(2, user.timezone))
    notes.fill("Heavy squats")  # far down the form: the verdict must still be on screen
    expect(verdict).to_be_in_viewport()
    expect(verdict).not_to_have_text(first)  # ended two hours ago: an earlier start
    expect(verdict).to_be_in_viewport()

    # The quick check-in on the dashboard sits below the plan on a phone.
    page.goto(live_server.url)
    soreness = page.get_by_test_id("quick-checkin").locator("#id_soreness")
    soreness.scroll_into_view_if_needed()
    soreness.select_option("8")
    expect(page.get_by_test_id("verdict")).to_have_text(re.compile("^Not today"))
    expect(page.get_by_test_id("verdict")).to_be_in_viewport()
    expect(soreness).to_be_in_viewport()
    assert console_errors == []


CHART_TEXTS = """
() => [...document.querySelectorAll('[data-testid="timeline-chart"] svg text')]
  .map((t) => ({text: t.textContent, box: t.getBoundingClientRect(),
                size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}))
  .filter((t) => t.box.width > 0 && t.box.height > 0)
  .map((t) => ({text: t.text, size: t.size,
                left: t.box.left, top: t.box.top, right: t.box.right, bottom: t.box.bottom}))
"""


def intersect(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@VIEWPORTS
@pytest.mark.parametrize("hours_ago", [2, 30, 60])
def test_no_two_chart_labels_overlap(page: Page, live_server, viewport, hours_ago, console_errors):
    user = athlete_in(zone_at_hour(12))
    make_workout(user, hours_ago=hours_ago, minutes=75, rpe=8)  # hard: a hard-run gate
    for back in (hours_ago - 1, hours_ago - 1.2, 0.5):
        if 0 < back < hours_ago:
            make_check_in(user, at=ago(back), soreness=4)
    open_dashboard(page, live_server, user, viewport)
    labels = page.evaluate(CHART_TEXTS)
    texts = [label["text"] for label in labels]
    assert "now" in texts
    assert any(text.startswith("peak ") for text in texts)
    assert (
        sum(1 for text in texts if re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)( \d+)?", text)) >= 3
    )
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not intersect(a, b), (a, b)
    assert min(label["size"] for label in labels) >= 11.5  # readable on a phone too
    chart = page.get_by_test_id("timeline-chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert console_errors == []


def test_the_countdown_stays_current_in_the_browser(page: Page, live_server, console_errors):
    user = athlete_in(zone_at_hour(12))
    make_workout(user, hours_ago=3)
    open_dashboard(page, live_server, user, DESKTOP)
    countdown = page.get_by_test_id("verdict").locator("time[data-relative]")
    expect(countdown).to_have_text(re.compile(r"^in \d+ h( \d+ min)?$"))
    # Move its moment and let the script catch up (it also runs every 20 s).
    page.evaluate(
        """() => {
          const time = document.querySelector('#verdict time[data-relative]');
          time.setAttribute('datetime', new Date(Date.now() + 70.5 * 60000).toISOString());
          document.body.dispatchEvent(new Event('htmx:afterSettle', {bubbles: true}));
        }"""
    )
    expect(countdown).to_have_text(re.compile(r"^in 1 h 10 min$"))
    page.evaluate(
        """() => {
          const time = document.querySelector('#verdict time[data-relative]');
          time.setAttribute('datetime', new Date(Date.now() - 60000).toISOString());
          document.body.dispatchEvent(new Event('htmx:afterSettle', {bubbles: true}));
        }"""
    )
    expect(countdown).to_have_text("now")
    assert console_errors == []
