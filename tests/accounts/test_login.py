"""Sign-in (django-allauth) and the account lockout that every password check shares."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LIMIT = 5


def sign_in(client, login, password, **extra):
    return client.post(LOGIN, {"login": login, "password": password}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_urls_are_stable():
    assert reverse("account_login") == LOGIN
    assert reverse("account_signup") == "/accounts/signup/"
    assert reverse("account_logout") == "/accounts/logout/"


def test_sign_in_with_username_or_email_in_any_case(client):
    user = make_user(username="sam", email="sam@example.com")
    for identifier in ("sam", "SAM", "SAM@example.com", "sam@EXAMPLE.com"):
        client.logout()
        response = sign_in(client, identifier, DEFAULT_PASSWORD)
        assert response.status_code == 302, identifier
        assert int(signed_in_as(client)) == user.pk


def test_wrong_password_shows_form_error(client):
    make_user(username="sam")
    response = sign_in(client, "sam", "nope")
    assert response.status_code == 200
    assert "not correct" in response.text
    assert signed_in_as(client) is None


def test_repeated_failures_lock_out_with_429_even_for_the_right_password(client):
    make_user(username="sam")
    for _ in range(LIMIT):
        assert sign_in(client, "sam", "wrong").status_code == 200
    response = sign_in(client, "sam", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed password attempts" in response.text
    assert "paused for 15 minutes," in response.text  # in words, never "PT15M"
    assert signed_in_as(client) is None


def test_finding_1_case_variants_of_the_email_share_one_counter(client):
    """Issue 10, finding 1: failures counted per typed string let case variants bypass."""
    make_user(username="rsL", email="rsl-mail@example.com")
    variants = ["rsL", "rsl-mail@example.com", "Rsl-mail@example.com", "RSL-MAIL@example.com"]
    variants.append("rSl-Mail@Example.com")
    for login in variants:
        response = sign_in(client, login, "wrong")
        if response.status_code == 429:
            break
    else:
        response = sign_in(client, "RSL-MAIL@EXAMPLE.COM", "wrong")
    assert response.status_code == 429
    for login in ("rsl", "RSL-MAIL@example.com", "rsl-mail@example.com"):
        response = sign_in(client, login, DEFAULT_PASSWORD)
        assert response.status_code == 429, login
    assert signed_in_as(client) is None


def test_lockout_is_per_account(client):
    make_user(username="sam")
    make_user(username="alex")
    for _ in range(LIMIT):
        sign_in(client, "sam", "wrong")
    assert sign_in(client, "alex", DEFAULT_PASSWORD).status_code == 302


def test_finding_3_one_client_behind_the_proxy_cannot_lock_out_everyone(client, settings):
    """Issue 10, finding 3: the IP part must come from the proxy's X-Forwarded-For."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(25):
        make_user(username=f"user{n}")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    # The attacker sprays wrong passwords across accounts until their IP is throttled.
    statuses = [sign_in(client, f"user{n}", "wrong", **attacker).status_code for n in range(25)]
    assert 429 in statuses
    # Another user behind the same proxy still signs in.
    victim = make_user(username="victim")
    response = sign_in(
        client, "victim", DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 302
    assert int(signed_in_as(client)) == victim.pk


def test_per_ip_limit_stops_spraying_across_accounts(client):
    for n in range(21):
        make_user(username=f"user{n}")
    statuses = [sign_in(client, f"user{n}", "wrong").status_code for n in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_locked_owner_can_reset_the_password_and_sign_in(client):
    from django.core import mail

    make_user(username="sam", email="sam@example.com")
    for _ in range(LIMIT):
        sign_in(client, "sam", "wrong")
    assert sign_in(client, "sam", DEFAULT_PASSWORD).status_code == 429
    response = client.post(reverse("account_reset_password"), {"email": "sam@example.com"})
    assert response.status_code == 302
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line
    )
    path = link[link.index("/accounts/") :].strip()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    new = "a-brand-new-secret-91"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert sign_in(client, "sam", new).status_code == 302


def test_logout_is_post_only(client):
    client.force_login(make_user())
    assert client.get(reverse("account_logout")).status_code == 405
    assert client.post(reverse("account_logout")).status_code == 302
    assert signed_in_as(client) is None


def test_existing_password_hashes_keep_working(client):
    """Accounts made before allauth (plain Django hashes) sign in unchanged."""
    user = make_user(username="legacy")
    assert user.password.startswith("md5$")  # the suite's fast hasher; same column, same API
    assert sign_in(client, "legacy", DEFAULT_PASSWORD).status_code == 302
