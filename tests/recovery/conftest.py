"""Fixtures for the recovery tests (factories live in ``tests/recovery/factories.py``)."""

import pytest

from tests.recovery.factories import make_user


@pytest.fixture
def athlete():
    return make_user(username="ana", timezone="Europe/Berlin")


@pytest.fixture
def other_athlete():
    return make_user(username="olu", timezone="Europe/Berlin")


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client
