"""The settings page's feed and token forms post here; each redirects back to the settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from integrations import services
from integrations.forms import ApiTokenForm
from integrations.models import ApiToken
from integrations.settings_section import NEW_TOKEN_SESSION_KEY


def _back_to_settings(anchor: str) -> HttpResponse:
    return redirect(f"{reverse('settings')}#{anchor}")


@login_required
@require_POST
def feed_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.feed_token_regenerate(user=request.user, now=timezone.now())
    messages.success(
        request,
        "New calendar address made: the old one no longer works. Subscribe again with this one.",
    )
    return _back_to_settings("calendar")


@login_required
@require_POST
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Token not created: {error}")
        return _back_to_settings("api-tokens")
    try:
        created = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            now=timezone.now(),
        )
    except services.TooManyTokens:
        messages.error(
            request,
            f"Token not created: you have {services.MAX_ACTIVE_API_TOKENS} already. "
            "Revoke one you no longer use first.",
        )
        return _back_to_settings("api-tokens")
    # Shown once by the settings page (kept server-side in the session, never in a cookie).
    request.session[NEW_TOKEN_SESSION_KEY] = {"name": created.token.name, "raw": created.raw}
    return _back_to_settings("api-tokens")


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    if request.method == "POST":
        services.api_token_revoke(token=token, now=timezone.now())
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
        return _back_to_settings("api-tokens")
    return render(request, "integrations/token_revoke.html", {"token": token})
