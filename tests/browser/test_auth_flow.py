import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_sign_out_sign_in(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.locator("#id_password1").fill("correct-horse-battery-42")
    page.locator("#id_password2").fill("correct-horse-battery-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome to Legday, robin!")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()

    page.locator("#main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username or email").fill("robin@example.com")
    page.locator("#id_password").fill("correct-horse-battery-42")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="robin")).to_be_visible()
