"""Receivers for django-allauth's account signals."""

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts import lockout
from accounts.middleware import SessionActivityMiddleware
from accounts.models import SignInRecord


@receiver(password_reset, dispatch_uid="accounts.unlock_after_password_reset")
def unlock_after_password_reset(sender, request, user, **kwargs):
    """A locked account's owner can reset the password and sign in with the new one."""
    lockout.clear(request, user)


@receiver(user_logged_in, dispatch_uid="accounts.session_fresh_at_sign_in")
def session_fresh_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: its 12 hours start now. And it is recorded
    in the person's sign-in history (part of their data export)."""
    if request is None:
        return
    if hasattr(request, "session"):
        SessionActivityMiddleware.mark_refreshed(request.session)
    SignInRecord.objects.create(
        user=user,
        ip_address=_client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:200],
    )


def _client_ip(request) -> str | None:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or None
    except Exception:
        return None
