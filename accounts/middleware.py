import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import form_tokens, lockout

LOCKED_PAGE = "accounts/locked.html"
# POSTs to these check the signed-in account's password or second factor.
PASSWORD_CHECKING_VIEWS = {
    "account_delete",
    "account_change_password",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_generate_recovery_codes",
}


class UserTimezoneMiddleware:
    """Render times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AccountLockMiddleware:
    """A locked account gets a 429 page from every endpoint that checks its password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method == "POST"
            and match is not None
            and match.url_name in PASSWORD_CHECKING_VIEWS
            and request.user.is_authenticated
            and lockout.is_locked(request, request.user)
        ):
            return locked_response(request)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, lockout.AccountLocked):
            return locked_response(request)
        if isinstance(exception, form_tokens.AlreadySubmitted):
            # The same form arrived twice at once: the other copy saves it.
            messages.info(request, "Saved once (the form was sent twice).")
            return redirect(exception.redirect_to)
        return None


def locked_response(request):
    return render(request, LOCKED_PAGE, {"minutes": settings.LOCKOUT_MINUTES}, status=429)


class SessionActivityMiddleware:
    """Sessions last SESSION_COOKIE_AGE (12 h) from the last activity.

    Saving the session on every request would write on every page view; instead the
    expiry is pushed forward at most every SESSION_REFRESH_SECONDS (10 min). Sessions
    of "keep me signed in" are not extended: they end 30 days after sign-in.
    """

    KEY = "refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            last = session.get(self.KEY, 0)
            due = int(time.time()) - last >= settings.SESSION_REFRESH_SECONDS
            if due and not session.get("keep_signed_in"):
                self.mark_refreshed(session)  # modified: saved with a new expiry
        return self.get_response(request)

    @classmethod
    def mark_refreshed(cls, session) -> None:
        session[cls.KEY] = int(time.time())
