"""Issue 10, finding 4: every endpoint that checks a password shares the account lockout."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db
LIMIT = 5
NEW = "a-much-better-secret-77"


def delete(client, password):
    return client.post(reverse("account_delete"), {"password": password})


def change(client, password):
    data = {"oldpassword": password, "password1": NEW, "password2": NEW}
    return client.post(reverse("account_change_password"), data)


@pytest.mark.parametrize("check", [delete, change], ids=["delete", "change_password"])
def test_finding_4_wrong_passwords_lock_the_endpoint(client, check):
    user = make_user()
    client.force_login(user)
    for _ in range(LIMIT):
        assert check(client, "wrong").status_code == 200
    response = check(client, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed password attempts" in response.text
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)  # neither deleted nor changed


def test_failures_anywhere_lock_sign_in_too(client):
    user = make_user(username="sam")
    client.force_login(user)
    for _ in range(LIMIT):
        delete(client, "wrong")
    other = type(client)()
    response = other.post(reverse("account_login"), {"login": "sam", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_failed_sign_ins_lock_delete_and_mfa_pages(client):
    user = make_user(username="sam")
    attacker = type(client)()
    for _ in range(LIMIT):
        attacker.post(reverse("account_login"), {"login": "SAM", "password": "wrong"})
    client.force_login(user)
    assert delete(client, DEFAULT_PASSWORD).status_code == 429
    assert client.post(reverse("mfa_activate_totp"), {"code": "123456"}).status_code == 429
    assert type(user).objects.filter(pk=user.pk).exists()


def test_right_password_is_not_counted(client):
    make_user(username="sam")
    for _ in range(LIMIT - 1):
        client.post(reverse("account_login"), {"login": "sam", "password": "wrong"})
    for _ in range(3):
        response = client.post(
            reverse("account_login"), {"login": "sam", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        client.logout()
