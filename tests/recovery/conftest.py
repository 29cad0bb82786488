"""Fixtures for the recovery tests; the shared people (``athlete``, ``coach`` and their
signed-in clients) live in ``tests/conftest.py``, factories in ``tests/recovery/factories.py``."""

import pytest

from tests.recovery.factories import make_user


@pytest.fixture
def other_athlete():
    return make_user(username="olu")
