"""The calendar feed and API tokens section of ``/accounts/settings/`` (registered with
``accounts.settings_sections`` in ``IntegrationsConfig.ready``)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from coaching.access import coached_athletes
from integrations import services
from integrations.forms import ApiTokenForm
from integrations.models import ApiToken

# The session key holding a token just created, until the settings page shows it once.
NEW_TOKEN_SESSION_KEY = "integrations:new_api_token"


def feed_urls(request: HttpRequest, user: User) -> dict[str, str]:
    """The user's feed URLs (https and webcal://), creating the feed token on first use."""
    secret = services.feed_token_for(user=user).secret
    own = request.build_absolute_uri(reverse("calendar_feed", args=[secret]))
    coach = request.build_absolute_uri(reverse("calendar_feed_athletes", args=[secret]))
    return {
        "url": own,
        "webcal": "webcal://" + own.split("://", 1)[1],
        "coach_url": coach,
        "coach_webcal": "webcal://" + coach.split("://", 1)[1],
    }


def settings_context(request: HttpRequest) -> dict[str, Any]:
    user = cast(User, request.user)
    return {
        "feed": feed_urls(request, user),
        "coaches_anyone": coached_athletes(user).exists(),
        "tokens": list(ApiToken.objects.filter(user=user, revoked_at__isnull=True)),
        "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
        "token_form": ApiTokenForm(auto_id="id_token_%s"),
        "max_tokens": services.MAX_ACTIVE_API_TOKENS,
    }
