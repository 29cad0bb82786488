import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_settings_requires_sign_in(client):
    response = client.get(reverse("settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_change_timezone(client):
    user = make_user(timezone="UTC")
    client.force_login(user)
    response = client.post(
        reverse("settings"),
        {"first_name": "Robin", "email": user.email, "timezone": "America/New_York"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.timezone == "America/New_York"
    assert user.first_name == "Robin"


def test_settings_rejects_staff_like_display_name(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("settings"), {"first_name": "Legday support", "timezone": "UTC"})
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors


def test_new_email_may_not_be_another_accounts_username(client):
    make_user(username="coachy@example.test", email="real@example.com")
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "COACHY@example.test"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_password_reset_sends_email(client):
    make_user(username="sam", email="sam@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "sam@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_change(client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-much-better-secret-77",
            "password2": "a-much-better-secret-77",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-secret-77")


def test_delete_account_needs_password(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("account_delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    response = client.post(reverse("account_delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert not type(user).objects.filter(pk=user.pk).exists()


def test_export_downloads_own_data_only(client):
    from recovery.models import LegWorkout

    user = make_user()
    other = make_user()
    LegWorkout.objects.create(athlete=user, ended_at="2026-11-20T08:00Z", minutes=60, rpe=8)
    LegWorkout.objects.create(athlete=other, ended_at="2026-11-21T08:00Z", minutes=45, rpe=6)
    client.force_login(user)
    response = client.get(reverse("account_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["profile"][0]["username"] == user.username
    assert [w["minutes"] for w in data["workouts"]] == [60]
