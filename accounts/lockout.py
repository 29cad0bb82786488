"""One throttle for every password check, keyed by *account* and by client IP.

Failures are counted with django-allauth's cache-backed rate limiter under its
``login_failed`` action (rates in ``settings.ACCOUNT_RATE_LIMITS``): per account --
whatever login string or letter case reached it -- and per client IP (which comes
from ``TRUSTED_PROXY_COUNT``). Every endpoint that checks a password goes through
here: sign-in and reauthentication (``accounts.adapter``), password change and
account deletion (``accounts.forms``). While either limit is exhausted even the
right password is refused with ``AccountLocked``, which ``AccountLockMiddleware``
turns into a 429 page. A password reset clears the account's counter.
"""

from __future__ import annotations

from allauth.core.internal import ratelimit
from django.contrib.auth import get_user_model
from django.db.models import Q

APP = "allauth.account"
ACTION = "login_failed"


class AccountLocked(Exception):
    """Too many failed password checks for this account (or from this client)."""


def account_key(user) -> str:
    return f"account:{user.pk}"


def key_for_login(login: str) -> str:
    """The counter a sign-in attempt with ``login`` consumes.

    A string naming an account counts against that account, so case variants of the
    username or email all share one counter; an unknown string counts by itself.
    """
    user = account_for_login(login)
    return account_key(user) if user is not None else f"login:{login.strip().lower()}"


def account_for_login(login: str):
    """The account whose username or email (any letter case) is ``login``, or ``None``."""
    from allauth.account.models import EmailAddress

    login = (login or "").strip()
    if not login:
        return None
    users = get_user_model()._default_manager
    match = users.filter(Q(username__iexact=login) | Q(email__iexact=login)).order_by("pk")
    user = match.first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=login).select_related("user").first()
        user = address.user if address else None
    return user


def consume(request, key: str):
    """Count one attempt against ``key`` and the client IP; raise while locked.

    Returns the usage, to be rolled back when the password turns out right (so only
    failures stay counted).
    """
    usage = ratelimit.consume(request, app=APP, action=ACTION, key=key)
    if not usage:
        raise AccountLocked
    return usage


def is_locked(request, user) -> bool:
    usage = ratelimit.consume(
        request, app=APP, action=ACTION, key=account_key(user), dry_run=True, limit_get=True
    )
    return not usage


def check_password(request, user, password: str) -> bool:
    """``user.check_password`` that counts a failure and refuses while locked."""
    usage = consume(request, account_key(user))
    if user.check_password(password):
        usage.rollback()
        return True
    return False


def clear(request, user) -> None:
    """Forget the account's failures (after its owner reset the password)."""
    ratelimit.clear(request, app=APP, action=ACTION, key=account_key(user))
