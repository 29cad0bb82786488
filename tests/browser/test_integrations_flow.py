"""The calendar feed and the API from the browser: the address shown on the settings page is
fetched and parsed back with icalendar; tokens are made and used; the API docs page works
under the site's Content-Security-Policy."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from recovery.models import LegWorkout
from tests.browser.conftest import make_workout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")


def csp_violations(page: Page) -> list[str]:
    """Collects the console's Content-Security-Policy complaints while the test runs."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_the_feed_shown_on_settings_parses_across_a_dst_change(
    signed_in_page: Page, live_server, athlete, monkeypatch
):
    """A Berlin athlete's evening leg day on the Saturday before the clocks go back: the run
    planned for Sunday morning is in CET (+01:00), at the wall-clock time of the plan."""
    athlete.timezone = "Europe/Berlin"
    athlete.save()
    ended = datetime(2026, 10, 24, 19, 30, tzinfo=BERLIN)  # CEST, +02:00
    LegWorkout.objects.create(athlete=athlete, ended_at=ended, minutes=60, rpe=7)
    page = signed_in_page
    violations = csp_violations(page)
    page.goto(f"{live_server.url}/accounts/settings/")
    field = page.get_by_test_id("feed-url")
    expect(field).to_have_attribute("readonly", "")
    webcal = field.input_value()
    assert webcal.startswith("webcal://")
    url = "http://" + webcal.removeprefix("webcal://")
    # The server plans for the evening of the session (it runs in this process).
    monkeypatch.setattr(timezone, "now", lambda: ended + timedelta(hours=1))
    response = page.request.get(url)
    monkeypatch.undo()
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    run = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("run-"))
    start = run.decoded("DTSTART")
    assert start.date() == ended.date() + timedelta(days=1)
    assert start.utcoffset() == timedelta(hours=1)
    assert run["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert run.walk("VALARM")
    assert violations == []


def test_the_copy_button_copies_the_address(signed_in_page: Page, live_server):
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    violations = csp_violations(page)
    page.goto(f"{live_server.url}/accounts/settings/")
    copy = page.locator('button[data-copy-target="feed-url"]')
    expect(copy).to_be_visible()  # shown by the script
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_test_id("feed-url").input_value()
    assert violations == []


def test_make_a_token_and_call_the_api(signed_in_page: Page, live_server, athlete):
    make_workout(athlete, hours_ago=3)
    page = signed_in_page
    page.goto(f"{live_server.url}/accounts/settings/")
    page.get_by_label("Token name").fill("watch face")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").input_value()
    assert token.startswith("ldp_")
    expect(page.get_by_test_id("token-list")).to_contain_text("watch face")
    response = page.request.get(
        f"{live_server.url}/api/v1/plan", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200
    assert response.json()["status"] in {"wait", "go", "next_day", "walk_instead", "recovered"}
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)  # shown once

    page.get_by_role("link", name="Revoke").click()
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("revoked: it no longer works")).to_be_visible()
    again = page.request.get(
        f"{live_server.url}/api/v1/plan", headers={"Authorization": f"Bearer {token}"}
    )
    assert again.status == 401


def test_the_api_docs_work_under_the_csp(page: Page, live_server):
    violations = csp_violations(page)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("Legday API").first).to_be_visible()
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/v1/plan", exact=True)).to_be_visible()
    assert violations == []
    assert failed == []
