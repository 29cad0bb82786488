"""The integrations app's part of a person's data export: that a calendar feed exists and
the personal access tokens. Never a secret: no feed URL, no token, no token hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations.models import ApiToken, FeedToken


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def integrations_sections(user: Any) -> dict[str, list[dict[str, object]]]:
    feeds = FeedToken.objects.filter(user=user)
    tokens = ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "calendar_feed": [{"created_at": _iso(feed.created_at)} for feed in feeds],
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in tokens
        ],
    }
