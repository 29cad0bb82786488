"""Athlete and coach in two browsers: invite, accept, look at the athlete, revoke."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import make_workout, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_signed_in_page(browser: Browser, live_server):
    """Make a page in a fresh browser context (its own cookies), signed in as a username."""
    contexts = []

    def open_page(username: str) -> Page:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_invite_accept_view_and_revoke(open_signed_in_page, live_server):
    base = live_server.url
    athlete = make_user(username="zelda", first_name="Zelda", last_name="Runner")
    make_user(username="cora", first_name="Cora", last_name="Coach")
    make_workout(athlete, hours_ago=3)
    athlete_page = open_signed_in_page("zelda")
    coach_page = open_signed_in_page("cora")

    # The athlete invites the coach by username.
    athlete_page.goto(f"{base}/sharing/")
    athlete_page.get_by_label("Coach's email or username").fill("cora")
    athlete_page.get_by_role("button", name="Invite coach").click()
    expect(
        athlete_page.get_by_text("If an account matches, they will see your invitation.")
    ).to_be_visible()

    # The coach sees the invitation on their sharing page and accepts it.
    coach_page.goto(f"{base}/sharing/")
    invitation = coach_page.locator("li", has_text="Invites you to coach them")
    expect(invitation).to_contain_text("Zelda Runner")
    invitation.get_by_role("button", name="Accept").click()
    expect(coach_page.get_by_text("You now coach Zelda Runner.")).to_be_visible()

    # The dashboard lists the athlete; the row leads to the read-only drill-down.
    coach_page.goto(f"{base}/coach/")
    row = coach_page.get_by_test_id("athlete-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Zelda Runner")
    row.get_by_role("link", name="Zelda Runner").click()
    expect(coach_page).to_have_url(f"{base}/coach/athletes/{athlete.pk}/")
    expect(coach_page.get_by_test_id("plan-status")).to_be_visible()
    drill_down_url = coach_page.url

    # The athlete sees who looked, then revokes (htmx asks to confirm in a dialog).
    athlete_page.goto(f"{base}/sharing/")
    expect(athlete_page.get_by_text("Coach Cora Coach viewed your dashboard")).to_be_visible()
    athlete_page.on("dialog", lambda dialog: dialog.accept())
    athlete_page.get_by_role("link", name="Revoke access").click()
    expect(athlete_page.get_by_text("Cora Coach can no longer see your data.")).to_be_visible()
    expect(athlete_page.get_by_text("No longer sees your data")).to_be_visible()

    # The coach's very next request is refused.
    response = coach_page.goto(drill_down_url)
    assert response is not None and response.status == 404
    expect(coach_page.get_by_text("Zelda Runner")).to_have_count(0)
    coach_page.goto(f"{base}/coach/")
    expect(coach_page.get_by_test_id("coach-empty")).to_be_visible()
    expect(coach_page.get_by_test_id("athlete-row")).to_have_count(0)
