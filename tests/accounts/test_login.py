import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_sign_in_with_username_or_email(client):
    user = make_user(username="sam", email="sam@example.com")
    for identifier in ("sam", "SAM@example.com"):
        client.logout()
        response = client.post(
            reverse("login"), {"username": identifier, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, identifier
        assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_shows_form_error(client):
    make_user(username="sam")
    response = client.post(reverse("login"), {"username": "sam", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_repeated_failures_lock_out_with_429(client, settings):
    make_user(username="sam")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "sam", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "sam", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "sam", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_ip(client, settings):
    make_user(username="sam")
    make_user(username="alex")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sam", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alex", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_logout_requires_post(client):
    client.force_login(make_user())
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
