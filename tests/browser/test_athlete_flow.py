"""An athlete's main journeys in a real browser: live plan previews, check-ins, no-JS, mobile."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from recovery.demo import DEMO_ATHLETE, DEMO_PASSWORD, seed_athlete
from recovery.models import LegWorkout, SorenessCheckIn
from tests.browser.conftest import (
    hours_ago_input,
    make_workout,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_LABELS = ("Run later", "Go easy", "Not today", "Walk instead", "Recovered")
ANY_STATUS = re.compile("|".join(re.escape(label) for label in STATUS_LABELS))
WORKOUT_DETAIL_URL = re.compile(r"/workouts/(\d+)/$")


def test_workout_form_previews_the_plan_live_and_saves(signed_in_page: Page, live_server, athlete):
    page = signed_in_page
    form_url = f"{live_server.url}/workouts/new/"
    page.goto(form_url)
    preview = page.get_by_test_id("plan-preview")
    # The form opens with "just finished, 60 min, RPE 7" and previews that plan at once.
    expect(preview.get_by_test_id("plan-reason")).to_contain_text("0 min ago")
    page.evaluate("window.__noNav = true")

    page.locator("#id_ended_at").fill(hours_ago_input(1))
    page.locator("#id_minutes").fill("60")
    page.locator("#id_rpe").select_option("8")

    status = preview.get_by_test_id("plan-status")
    reason = preview.get_by_test_id("plan-reason")
    expect(status).to_have_text(ANY_STATUS)
    expect(status).to_have_text("Run later")  # one hour after the session is always too soon
    expect(reason).to_contain_text("1 h ago")
    expect(preview.get_by_test_id("timeline-chart")).to_be_visible()
    first_reason = reason.inner_text()

    page.locator("#id_ended_at").fill(hours_ago_input(10))
    expect(reason).not_to_have_text(first_reason)
    expect(reason).to_contain_text("10 h ago")

    page.get_by_role("button", name="Add an exercise").click()
    expect(page.get_by_test_id("exercise-line")).to_have_count(2)
    page.locator("#id_lines-0-custom_name").fill("Sled push")
    page.locator("#id_lines-0-sets").fill("4")
    page.locator("#id_lines-0-reps").fill("10")

    assert page.url == form_url
    assert page.evaluate("window.__noNav") is True

    page.get_by_role("button", name="Save leg day").click()
    expect(page).to_have_url(WORKOUT_DETAIL_URL)
    assert page.evaluate("window.__noNav === undefined")
    expect(page.get_by_text("Leg day saved. Here is your plan.")).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_have_text(ANY_STATUS)
    expect(page.get_by_test_id("plan-reason")).to_contain_text("10 h ago")
    expect(page.get_by_test_id("timeline-chart")).to_be_visible()
    expect(page.get_by_role("cell", name="Sled push")).to_be_visible()

    workout = LegWorkout.objects.get(athlete=athlete)
    assert page.url.endswith(f"/workouts/{workout.pk}/")
    assert (workout.minutes, workout.rpe) == (60, 8)
    assert [line.name for line in workout.lines.all()] == ["Sled push"]


def test_quick_check_in_previews_then_saves(page: Page, live_server, athlete):
    make_workout(athlete, hours_ago=3, minutes=60, rpe=7)
    sign_in(page, live_server.url, athlete.username)
    status = page.get_by_test_id("plan-status")
    expect(status).to_have_text("Run later")
    page.evaluate("window.__noNav = true")

    page.get_by_test_id("quick-checkin").locator("#id_soreness").select_option("8")
    expect(status).to_have_text("Not today")
    expect(page.get_by_test_id("plan-reason")).to_contain_text("8/10")
    assert page.evaluate("window.__noNav") is True
    assert not SorenessCheckIn.objects.exists()

    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved. Your plan is up to date.")).to_be_visible()
    assert page.evaluate("window.__noNav === undefined")
    expect(status).to_have_text("Not today")
    check_in = SorenessCheckIn.objects.get(athlete=athlete)
    assert check_in.soreness == 8
    assert check_in.workout is not None


@pytest.fixture
def no_js_page(browser: Browser, live_server, athlete):
    """A page with JavaScript disabled, signed in as ``athlete``."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, athlete.username)
    yield page
    context.close()


def fill_workout_form(page: Page, *, hours_ago: float, minutes: str, rpe: str) -> None:
    page.locator("#id_ended_at").fill(hours_ago_input(hours_ago))
    page.locator("#id_minutes").fill(minutes)
    page.locator("#id_rpe").select_option(rpe)


def test_without_javascript_a_workout_saves_by_plain_post(no_js_page: Page, live_server, athlete):
    page = no_js_page
    page.goto(f"{live_server.url}/workouts/new/")
    fill_workout_form(page, hours_ago=2, minutes="45", rpe="6")

    # "Add an exercise" is a plain POST too: one more line, the typed values kept, nothing saved.
    page.get_by_role("button", name="Add an exercise").click()
    expect(page.get_by_test_id("exercise-line")).to_have_count(2)
    expect(page.locator("#id_minutes")).to_have_value("45")
    assert not LegWorkout.objects.exists()

    # Bad input re-renders the form with the problem named.
    page.locator("#id_minutes").fill("")
    page.get_by_role("button", name="Save leg day").click()
    expect(page.get_by_test_id("preview-errors")).to_contain_text("Duration")
    assert not LegWorkout.objects.exists()

    page.locator("#id_minutes").fill("45")
    page.get_by_role("button", name="Save leg day").click()
    expect(page).to_have_url(WORKOUT_DETAIL_URL)
    expect(page.get_by_test_id("plan-status")).to_have_text("Run later")
    expect(page.get_by_test_id("plan-reason")).to_contain_text("2 h ago")
    expect(page.get_by_test_id("timeline-chart")).to_be_visible()
    workout = LegWorkout.objects.get(athlete=athlete)
    assert (workout.minutes, workout.rpe) == (45, 6)


def test_without_javascript_preview_plan_shows_the_plan_without_saving(
    no_js_page: Page, live_server
):
    page = no_js_page
    form_url = f"{live_server.url}/workouts/new/"
    page.goto(form_url)
    fill_workout_form(page, hours_ago=2, minutes="45", rpe="6")
    page.get_by_role("button", name="Preview plan").click()  # waits for the response page

    assert page.url == form_url
    assert not LegWorkout.objects.exists()
    preview = page.get_by_test_id("plan-preview")
    expect(preview.get_by_test_id("plan-status")).to_have_text("Run later")
    expect(preview.get_by_test_id("plan-reason")).to_contain_text("2 h ago")
    expect(preview.get_by_test_id("timeline-chart")).to_be_visible()
    expect(page.locator("#id_minutes")).to_have_value("45")


def test_without_javascript_check_in_preview_does_not_save(no_js_page: Page, live_server, athlete):
    make_workout(athlete, hours_ago=3)
    page = no_js_page
    form_url = f"{live_server.url}/checkins/new/"
    page.goto(form_url)
    page.locator("#id_soreness").select_option("8")
    page.get_by_role("button", name="Preview plan").click()  # waits for the response page

    assert page.url == form_url
    assert not SorenessCheckIn.objects.exists()
    expect(page.get_by_test_id("plan-preview").get_by_test_id("plan-status")).to_have_text(
        "Not today"
    )


def test_dashboard_fits_a_small_phone(page: Page, live_server, athlete):
    make_workout(athlete, hours_ago=5)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, athlete.username)

    chart = page.get_by_test_id("timeline-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert 250 < box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def png_size(image: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (360, 740)], ids=["desktop", "mobile"])
def test_demo_dashboard_renders_at_desktop_and_mobile_widths(
    page: Page, live_server, width, height
):
    """The page ``make screenshots`` photographs for the README renders without overflow.
    Nothing is written to disk: the screenshot stays in memory."""
    seed_athlete(DEMO_ATHLETE, now=timezone.now())
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server.url, DEMO_ATHLETE.username, DEMO_PASSWORD)
    expect(page.get_by_test_id("plan-status")).to_have_text(ANY_STATUS)
    expect(page.get_by_test_id("timeline-chart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    shot_width, shot_height = png_size(page.screenshot(full_page=True))
    assert shot_width == width
    assert shot_height >= height


def test_check_in_page_prefills_the_time_with_now(signed_in_page: Page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/checkins/new/")
    assert page.locator("#id_at").input_value() != ""
