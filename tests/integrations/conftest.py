"""Fixtures for the integrations tests: tokens and authenticated API clients."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from integrations import services
from integrations.models import ApiToken


def make_token(user, *, scope: str = ApiToken.Scope.READ, name: str = "script") -> str:
    """A personal access token for ``user``; returns the raw token (as shown once)."""
    return services.api_token_create(user=user, name=name, scope=scope, now=timezone.now()).raw


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class TokenClient(Client):
    """A test client that sends ``Authorization: Bearer <token>`` on every request."""

    def __init__(self, raw: str, **kwargs):
        super().__init__(**kwargs)
        self.defaults.update(bearer(raw))


@pytest.fixture
def read_token(athlete) -> str:
    return make_token(athlete, scope=ApiToken.Scope.READ)


@pytest.fixture
def write_token(athlete) -> str:
    return make_token(athlete, scope=ApiToken.Scope.WRITE, name="watch")


@pytest.fixture
def reader(read_token) -> TokenClient:
    return TokenClient(read_token)


@pytest.fixture
def writer(write_token) -> TokenClient:
    return TokenClient(write_token)
