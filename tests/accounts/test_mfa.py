"""Two-factor sign-in (allauth.mfa TOTP + recovery codes) as Legday offers it."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from accounts.emails import email_mark_verified
from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_in_with_totp_asks_for_the_code(client):
    user = make_user(username="cora")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post(
        reverse("account_login"), {"login": "cora", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_activate_totp_from_settings(client):
    user = make_user(username="cora")
    email_mark_verified(user)
    client.post(reverse("account_login"), {"login": "cora", "password": DEFAULT_PASSWORD})
    settings_page = client.get(reverse("settings"))
    assert reverse("mfa_index") in settings_page.text
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))  # password first
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text  # the QR code needs no script
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert user.authenticator_set.filter(type="totp").exists()
    assert user.authenticator_set.filter(type="recovery_codes").exists()


def test_coach_dashboard_recommends_mfa_until_it_is_on(client):
    user = make_user()
    client.force_login(user)
    assert 'data-testid="mfa-notice"' in client.get(reverse("coach_dashboard")).text
    TOTP.activate(user, generate_totp_secret())
    assert 'data-testid="mfa-notice"' not in client.get(reverse("coach_dashboard")).text


def test_wrong_codes_are_throttled(client):
    user = make_user(username="cora")
    TOTP.activate(user, generate_totp_secret())
    client.post(reverse("account_login"), {"login": "cora", "password": DEFAULT_PASSWORD})
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert "Too many" in response.text


def test_wrong_codes_count_against_the_account_lockout(client):
    """Wrong codes and wrong passwords add up: the account is locked everywhere."""
    user = make_user(username="cora")
    TOTP.activate(user, generate_totp_secret())
    client.post(reverse("account_login"), {"login": "cora", "password": DEFAULT_PASSWORD})
    for _ in range(3):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    other = type(client)()
    for _ in range(2):
        other.post(reverse("account_login"), {"login": "cora", "password": "wrong"})
    response = other.post(reverse("account_login"), {"login": "cora", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
