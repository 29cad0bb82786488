"""Existing accounts migrate with unverified addresses; demo accounts are verified."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from coaching.demo import seed_coach
from recovery.demo import DEMO_ATHLETE, seed_athlete

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_existing_accounts_get_unverified_addresses_and_keep_their_passwords(client):
    migration = importlib.import_module("accounts.migrations.0003_email_addresses_unverified")
    old = User.objects.create_user(username="old", email="Old@Example.com", password="pw-12345-x")
    migration.create_email_addresses(apps, None)
    migration.create_email_addresses(apps, None)  # idempotent
    address = EmailAddress.objects.get(user=old)
    assert (address.email, address.verified, address.primary) == (
        "Old@example.com",
        False,
        True,
    )  # domain normalised
    response = client.post("/accounts/login/", {"login": "old", "password": "pw-12345-x"})
    assert response.status_code == 302


def test_demo_accounts_are_verified():
    now = timezone.now()
    athlete = seed_athlete(DEMO_ATHLETE, now=now)
    seed_coach(now=now)
    for user in (athlete, User.objects.get(username="coach")):
        assert EmailAddress.objects.filter(user=user, verified=True).exists(), user
