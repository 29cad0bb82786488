"""Who is calling the API: a personal access token (``Authorization: Bearer ldp_…``) or the
browser's session (with its CSRF token on writes), and how often they may.

A read token may only use GET; a revoked or unknown token is refused outright (it never
falls back to the session). Each credential -- a token, or a signed-in user's session -- may
make ``API_REQUESTS_PER_MINUTE`` requests a minute, counted by the same cache-backed limiter
as the sign-in throttle (django-allauth's, see ``accounts/lockout.py``); over it the answer is
HTTP 429 with ``Retry-After``.
"""

from __future__ import annotations

import math
import time
from typing import Any

from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from accounts.models import User
from integrations import services
from integrations.models import ApiToken

API_REQUESTS_PER_MINUTE = 120
APP = "integrations"
ACTION = "api"
RATES = {ACTION: f"{API_REQUESTS_PER_MINUTE}/1m/key"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def _retry_after(request: HttpRequest, key: str) -> int:
    """Seconds until the oldest counted request leaves the window (at least 1)."""
    rate = ratelimit.get_rates(app=APP, action=ACTION, config=RATES)[0]
    cache_key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=key)
    history: list[float] = cache.get(cache_key, [])
    if not history:
        return 1
    oldest = float(history[-1])
    return max(1, math.ceil(oldest + float(rate.duration) - time.time()))


def throttle(request: HttpRequest, key: str) -> None:
    """Count one request against ``key``; raise ``RateLimited`` over the limit."""
    usage = ratelimit.consume(
        request, app=APP, action=ACTION, config=RATES, key=key, limit_get=True
    )
    if not usage:
        raise RateLimited(_retry_after(request, key))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <personal access token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = services.api_token_authenticate(raw=token.strip(), now=timezone.now())
        if found is None:
            raise HttpError(401, "Unknown or revoked token.")
        if request.method not in SAFE_METHODS and found.scope != ApiToken.Scope.WRITE:
            raise HttpError(403, "This token may only read: create a read-and-write token.")
        throttle(request, f"token:{found.pk}")
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionCsrfAuth(SessionAuth):
    """ninja's ``django_auth`` (the browser session, CSRF checked on writes), except that a
    visitor who is not signed in gets 401, not a CSRF failure."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        throttle(request, f"session-user:{request.user.pk}")
        return request.user
