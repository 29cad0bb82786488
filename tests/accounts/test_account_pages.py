"""The account pages (allauth's, in Legday's look) keep the strict CSP working."""

import re

import pytest
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGNED_OUT = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN = [
    "/accounts/settings/",
    "/accounts/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
]
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_csp_clean(response):
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    body = response.text
    for attrs in SCRIPT.findall(body):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs  # no inline code
    assert " style=" not in body
    assert " onclick=" not in body.lower()
    assert "bootstrap.min.css" in body  # Legday's layout, not allauth's bare one


@pytest.mark.parametrize("path", SIGNED_OUT)
def test_signed_out_pages(path):
    assert_csp_clean(Client().get(path))


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_pages(path):
    client = Client()
    client.force_login(make_user())
    assert_csp_clean(client.get(path))


def test_sign_in_page_offers_keep_me_signed_in_and_reset():
    html = Client().get("/accounts/login/").text
    assert "Username or email" in html
    assert "Keep me signed in" in html
    assert "/accounts/password/reset/" in html
