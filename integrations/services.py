"""Every write of the integrations app: feed tokens and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from integrations.models import ApiToken, FeedToken

if TYPE_CHECKING:
    from accounts.models import User

# 32 random bytes: far beyond guessing, and short enough for a URL.
FEED_SECRET_BYTES = 32
API_TOKEN_BYTES = 32
API_TOKEN_PREFIX = "ldp_"  # "Legday personal" token: secret scanners can match it
PREFIX_SHOWN = len(API_TOKEN_PREFIX) + 6
MAX_ACTIVE_API_TOKENS = 20
# last_used_at is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TooManyTokens(Exception):
    """The user already has MAX_ACTIVE_API_TOKENS active tokens."""


def _new_feed_secret() -> str:
    return secrets.token_urlsafe(FEED_SECRET_BYTES)


def feed_token_for(*, user: User) -> FeedToken:
    """The user's feed token, created on first use."""
    token, _ = FeedToken.objects.get_or_create(user=user, defaults={"secret": _new_feed_secret()})
    return token


@transaction.atomic
def feed_token_regenerate(*, user: User, now: datetime) -> FeedToken:
    """A new feed secret for ``user``: the old URL stops working at once."""
    FeedToken.objects.filter(user=user).delete()
    return FeedToken.objects.create(user=user, secret=_new_feed_secret(), created_at=now)


def hash_api_token(raw: str) -> str:
    """SHA-256 of a token: enough for a random 256-bit secret (no salt or stretching needed)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    raw: str  # shown to the user once, never stored


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str, now: datetime) -> NewApiToken:
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_API_TOKENS:
        raise TooManyTokens
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(API_TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=raw[:PREFIX_SHOWN],
        secret_hash=hash_api_token(raw),
        created_at=now,
    )
    return NewApiToken(token=token, raw=raw)


def api_token_revoke(*, token: ApiToken, now: datetime) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, raw: str, now: datetime) -> ApiToken | None:
    """The active token ``raw`` names (its user loaded), noting its use; None if unknown or
    revoked."""
    if not raw.startswith(API_TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=hash_api_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    stale = token.last_used_at is None or token.last_used_at <= now - LAST_USED_RESOLUTION
    if stale:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
