"""The coach at phone and desktop widths: a card per athlete, verdict first; after the athlete
revokes, a friendly 404 that names no one."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaching.models import CoachLink
from tests.browser.conftest import make_workout, sign_in
from tests.factories import make_coach_link, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_lead_with_the_verdict_and_fit_the_screen(page: Page, live_server, width):
    page.set_viewport_size(WIDTHS[width])
    coach = make_user(username="cora", first_name="Cora")
    for name, hours in (("Amy", 3), ("Ben", 30)):
        athlete = make_user(username=name.lower(), first_name=name)
        make_coach_link(coach=coach, athlete=athlete)
        make_workout(athlete, hours_ago=hours)
    sign_in(page, live_server.url, "cora")
    page.goto(f"{live_server.url}/coach/")
    cards = page.get_by_test_id("athlete-row")
    expect(cards).to_have_count(2)
    for index in range(2):
        card = cards.nth(index)
        verdict = card.get_by_test_id("verdict").bounding_box()
        name = card.get_by_role("link").first.bounding_box()
        box = card.bounding_box()
        assert verdict and name and box
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
        if width == "phone":  # stacked: the verdict above the athlete's name
            assert verdict["y"] + verdict["height"] <= name["y"] + 1
        expect(card.get_by_test_id("verdict")).to_have_text(
            # one of the five leads, whatever the hour
            re.compile(r"^(Today|Tonight|Tomorrow|Not today|Walk instead)\b")
        )
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTHS[width]["width"]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_revoked_coach_gets_a_friendly_404_naming_no_one(page: Page, live_server, width):
    page.set_viewport_size(WIDTHS[width])
    coach = make_user(username="cora", first_name="Cora")
    athlete = make_user(username="zelda", first_name="Zelda", last_name="Runner")
    link = make_coach_link(coach=coach, athlete=athlete)
    make_workout(athlete, hours_ago=3)
    sign_in(page, live_server.url, "cora")
    url = f"{live_server.url}/coach/athletes/{athlete.pk}/"
    assert page.goto(url).status == 200
    CoachLink.objects.filter(pk=link.pk).update(
        status=CoachLink.Status.ENDED, ended_at=timezone.now(), ended_by=athlete
    )
    response = page.goto(url)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_text("they may have ended that access")).to_be_visible()
    expect(page.get_by_text("Zelda")).to_have_count(0)
    expect(page.get_by_role("link", name="Back to Legday")).to_be_visible()  # a way home
