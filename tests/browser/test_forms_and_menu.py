"""The menu without JavaScript on a phone, keyboard focus, the focus ring, and the time zone:
picked from the browser, searchable, named on the page, and a notice when the device differs."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ATHLETE_TZ, make_workout, sign_in
from tests.factories import make_coach_link, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# UTC+14: never the zone of the tests' athlete (a whole-hour zone between -12 and +12).
FAR_ZONE = "Pacific/Kiritimati"


@pytest.fixture
def new_page(browser: Browser):
    contexts = []

    def open_page(**options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_the_phone_menu_works_without_javascript(new_page, live_server, athlete):
    page = new_page(viewport=PHONE, java_script_enabled=False, timezone_id=ATHLETE_TZ)
    sign_in(page, live_server.url, athlete.username)
    menu = page.get_by_test_id("nav-menu")
    leg_days = menu.get_by_role("link", name="Leg days")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(leg_days).to_be_hidden()
    expect(sign_out).to_be_hidden()

    menu.get_by_text("Menu").click()
    expect(leg_days).to_be_visible()
    expect(sign_out).to_be_visible()
    leg_days.click()
    expect(page).to_have_url(f"{live_server.url}/workouts/")

    menu.get_by_text("Menu").click()
    sign_out.click()
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()


def test_escape_closes_the_phone_menu(new_page, live_server, athlete):
    page = new_page(viewport=PHONE, timezone_id=ATHLETE_TZ)
    sign_in(page, live_server.url, athlete.username)
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Leg days")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Leg days")).to_be_hidden()
    expect(page.get_by_text("Menu", exact=True)).to_be_focused()


def test_the_desktop_menu_is_laid_out_in_the_bar(new_page, live_server, athlete):
    page = new_page(viewport=DESKTOP, java_script_enabled=False, timezone_id=ATHLETE_TZ)
    sign_in(page, live_server.url, athlete.username)
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="Leg days")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_coach_lands_on_their_athletes_and_sees_the_coach_menu(new_page, live_server):
    coach = make_user(username="cora", first_name="Cora", timezone=ATHLETE_TZ)
    athlete = make_user(username="zed", first_name="Zed", timezone=ATHLETE_TZ)
    make_workout(athlete)
    make_coach_link(coach=coach, athlete=athlete)
    page = new_page(viewport=PHONE, timezone_id=ATHLETE_TZ)
    sign_in(page, live_server.url, coach.username)
    expect(page).to_have_url(f"{live_server.url}/coach/")
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Your athletes")).to_be_visible()
    expect(page.get_by_role("link", name="Leg days")).to_have_count(0)


def test_add_an_exercise_moves_focus_to_the_new_line(signed_in_page: Page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/workouts/new/")
    page.get_by_test_id("plan-preview").get_by_test_id("plan-status").wait_for()

    def slow_server(route):  # the new line takes longer than the preview's typing delay
        time.sleep(1)
        route.continue_()

    page.route(re.compile(r"/workouts/new/$"), slow_server)
    # Typed just before: the live preview fires while the new line is on its way, and must
    # not cancel it.
    page.locator("#id_minutes").fill("75")
    add = page.get_by_role("button", name="Add an exercise")
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("exercise-line")).to_have_count(2)
    expect(page.locator("#id_lines-1-exercise")).to_be_focused()
    assert page.url == f"{live_server.url}/workouts/new/"


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[float, float, float]:
    numbers = css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()
    return tuple(float(n) for n in numbers[:3])  # type: ignore[return-value]


FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  let node = el.parentElement, background = "rgba(0, 0, 0, 0)";
  while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
    background = getComputedStyle(node).backgroundColor;
    node = node.parentElement;
  }
  if (/rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) { background = "rgb(255, 255, 255)"; }
  return {color: style.outlineColor, width: parseFloat(style.outlineWidth),
          line: style.outlineStyle, background};
}"""


@pytest.mark.parametrize(
    "target",
    [
        "link:Leg days",
        "button:Sign out",
        "button:Save check-in",
        "combobox:How sore are your legs overall?",
        "link:Log a run",
    ],
)
def test_the_focus_ring_is_visible_at_3_to_1(signed_in_page: Page, live_server, athlete, target):
    make_workout(athlete)
    page = signed_in_page
    page.goto(f"{live_server.url}/")
    role, name = target.split(":")
    element = page.get_by_role(role, name=name).first  # type: ignore[arg-type]
    element.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    expect(element).to_be_focused()
    ring = element.evaluate(FOCUS_STYLE)
    assert ring["line"] == "solid" and ring["width"] >= 2, ring
    assert _contrast(_rgb(ring["color"]), _rgb(ring["background"])) >= 3, ring


def test_sign_up_preselects_the_browsers_zone_and_finds_zones(new_page, live_server):
    page = new_page(timezone_id="Europe/Oslo")
    page.goto(f"{live_server.url}/accounts/signup/")
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("Europe/Oslo")
    search = page.get_by_role("searchbox", name="Find a zone by city or region")
    search.fill("new york")
    expect(select).to_have_value("America/New_York")
    visible = select.locator("option:not([hidden])")
    expect(visible.filter(has_text="Tokyo")).to_have_count(0)


def test_without_javascript_sign_up_asks_for_the_zone(new_page, live_server):
    page = new_page(java_script_enabled=False, timezone_id="Europe/Oslo")
    page.goto(f"{live_server.url}/accounts/signup/")
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("")
    expect(select.locator("option:checked")).to_have_text("Choose your time zone…")
    expect(select.locator("optgroup").first).to_have_attribute("label", "Common time zones")


def test_a_device_in_another_zone_gets_a_notice(new_page, live_server, athlete):
    page = new_page(timezone_id=FAR_ZONE)
    sign_in(page, live_server.url, athlete.username)
    expect(page.get_by_test_id("zone-note")).to_contain_text(f"Times in {ATHLETE_TZ}")
    notice = page.get_by_test_id("zone-mismatch")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"This device is set to {FAR_ZONE}")
    notice.get_by_role("link", name="Change your time zone in Settings").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/settings/")
    page.get_by_test_id("zone-mismatch").get_by_role("button", name=f"Use {FAR_ZONE}").click()
    expect(page.get_by_label("Time zone")).to_have_value(FAR_ZONE)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_test_id("zone-note")).to_contain_text(f"Times in {FAR_ZONE}")
    expect(page.get_by_test_id("zone-mismatch")).to_be_hidden()


def test_a_device_in_the_profiles_zone_gets_none(new_page, live_server, athlete):
    page = new_page(timezone_id=ATHLETE_TZ)
    sign_in(page, live_server.url, athlete.username)
    expect(page.get_by_test_id("zone-note")).to_be_visible()
    expect(page.get_by_test_id("zone-mismatch")).to_be_hidden()
