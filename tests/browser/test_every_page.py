"""Every Legday page in a real browser: no console errors (CSP violations included) and no
axe-core violations (its default rules, best practices included) at phone and desktop widths."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from accounts.models import User
from coaching.demo import seed_coach
from coaching.models import CoachLink
from recovery.demo import DEMO_ATHLETE, DEMO_COACH_USERNAME, DEMO_PASSWORD
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn
from tests.browser.conftest import ATHLETE_TZ, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@dataclass(frozen=True)
class Visit:
    who: str  # "athlete", "coach" or "anonymous"
    path: str
    status: int = 200


@pytest.fixture
def world(db):
    """The demo data: an athlete with four weeks of history, and a coach (who lifts nothing)
    of athletes in every state, so every status's colours are on the coach's page."""
    coach = seed_coach(now=timezone.now())
    athlete = User.objects.get(username=DEMO_ATHLETE.username)
    workout = LegWorkout.objects.filter(athlete=athlete).latest("ended_at")
    check_in = SorenessCheckIn.objects.filter(athlete=athlete).latest("at")
    run = RecoveryRun.objects.filter(athlete=athlete).latest("started_at")
    link = CoachLink.objects.get(coach=coach, athlete=athlete, status="active")
    ids = {"w": workout.pk, "c": check_in.pk, "r": run.pk, "a": athlete.pk, "l": link.pk}
    pages = [
        Visit("athlete", "/"),
        Visit("athlete", "/workouts/"),
        Visit("athlete", "/workouts/new/"),
        Visit("athlete", "/workouts/{w}/"),
        Visit("athlete", "/workouts/{w}/edit/"),
        Visit("athlete", "/workouts/{w}/delete/"),
        Visit("athlete", "/checkins/"),
        Visit("athlete", "/checkins/new/"),
        Visit("athlete", "/checkins/{c}/edit/"),
        Visit("athlete", "/runs/"),
        Visit("athlete", "/runs/new/"),
        Visit("athlete", "/runs/{r}/edit/"),
        Visit("athlete", "/import/"),
        Visit("athlete", "/accounts/settings/"),
        Visit("athlete", "/sharing/"),
        Visit("athlete", "/sharing/links/{l}/revoke/"),
        Visit("athlete", "/accounts/email/"),
        Visit("athlete", "/accounts/password/change/"),
        Visit("athlete", "/accounts/2fa/"),
        Visit("athlete", "/accounts/delete/"),
        Visit("athlete", "/workouts/999999/", status=404),
        Visit("coach", "/coach/"),
        Visit("coach", "/coach/athletes/{a}/"),
        Visit("coach", "/sharing/"),
        Visit("coach", "/sharing/links/{l}/end/"),
        Visit("coach", "/accounts/settings/"),
        Visit("anonymous", "/"),
        Visit("anonymous", "/accounts/login/"),
        Visit("anonymous", "/accounts/signup/"),
        Visit("anonymous", "/accounts/password/reset/"),
        Visit("anonymous", "/no-such-page/", status=404),
    ]
    return [Visit(v.who, v.path.format(**ids), v.status) for v in pages]


@pytest.fixture
def pages_for(browser: Browser, live_server):
    """One browser context per role at the given viewport, signed in once."""
    contexts: list[BrowserContext] = []

    def open_pages(viewport: dict[str, int]) -> dict[str, Page]:
        pages = {}
        signed_in = (("athlete", DEMO_ATHLETE.username), ("coach", DEMO_COACH_USERNAME))
        for who, username in (*signed_in, ("anonymous", None)):
            context = browser.new_context(viewport=viewport, timezone_id=ATHLETE_TZ)
            contexts.append(context)
            page = context.new_page()
            if username:
                sign_in(page, live_server.url, username, DEMO_PASSWORD)
            pages[who] = page
        return pages

    yield open_pages
    for context in contexts:
        context.close()


class ConsoleLog:
    """Every console error and warning (CSP violations are logged as errors) and uncaught
    exception on the watched pages, filed under what the test was doing at the time."""

    def __init__(self) -> None:
        self.where = ""
        self.found: dict[str, list[str]] = {}

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._add(f"uncaught: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") and not _expected_status_message(message):
            self._add(f"{message.type}: {message.text}")

    def _add(self, text: str) -> None:
        self.found.setdefault(self.where, []).append(text)


def _expected_status_message(message: ConsoleMessage) -> bool:
    """Chromium logs a page's own 404 status as an error: that one is the test's intent."""
    return "the server responded with a status of 404" in message.text


def _open(page: Page, base: str, visit: Visit) -> None:
    response = page.goto(base + visit.path)
    assert response is not None and response.status == visit.status, visit
    page.wait_for_load_state("networkidle")


def _use_the_forms(page: Page, base: str) -> None:
    """The interactions that swap content in: typing previews, "Add an exercise", check-ins."""
    page.goto(f"{base}/workouts/new/")
    page.locator("#id_minutes").fill("75")
    page.get_by_role("button", name="Add an exercise").click()
    page.locator("#id_lines-1-sets").wait_for()
    page.locator("#id_lines-1-custom_name").fill("Sled push")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/")
    page.get_by_test_id("quick-checkin").locator("#id_soreness").select_option("6")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/checkins/new/")
    page.locator("#id_soreness").select_option("2")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/accounts/settings/")
    page.get_by_role("searchbox", name="Find a zone by city or region").fill("oslo")


def test_no_console_errors_on_any_page(world, pages_for, live_server):
    """No page logs an error or a Content-Security-Policy violation, loading or in use."""
    pages = pages_for(DESKTOP)
    log = ConsoleLog()
    for page in pages.values():
        log.watch(page)
    for visit in world:
        log.where = f"{visit.who} {visit.path}"
        _open(pages[visit.who], live_server.url, visit)
    log.where = "athlete using the forms"
    _use_the_forms(pages["athlete"], live_server.url)
    assert log.found == {}


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_axe_finds_no_violations(world, pages_for, live_server, width):
    """axe-core's default rules (best practices included) on every page: 0 violations."""
    axe = Axe()
    pages = pages_for(WIDTHS[width])
    reports = {}
    for visit in world:
        page = pages[visit.who]
        _open(page, live_server.url, visit)
        results = axe.run(page)
        if results.violations_count:
            reports[f"{visit.who} {visit.path}"] = results.generate_report()
    # The menu, opened (on a phone it is a disclosure over the page).
    page = pages["athlete"]
    _open(page, live_server.url, Visit("athlete", "/"))
    if width == "phone":
        page.get_by_text("Menu", exact=True).click()
    results = axe.run(page)
    if results.violations_count:
        reports["athlete / with the menu open"] = results.generate_report()
    assert not reports, "\n\n".join(f"== {where}\n{report}" for where, report in reports.items())
