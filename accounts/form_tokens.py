"""One-time form tokens: a resubmitted create form (double click, reload) makes one row.

A create form renders a random token in a hidden field. Saving claims the token in
the cache (``cache.add`` is atomic), so a second submission of the same page is
refused: by form validation when the first one has finished (a form error), or --
when both arrive at once -- by ``AlreadySubmitted``, which the middleware turns into
a redirect. Tokens are per user and expire after a day. Two genuine submissions
(two check-ins in the same minute) each come from a freshly rendered form with its
own token, so both are saved.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.cache import cache

if TYPE_CHECKING:
    # django-stubs makes ModelForm generic; Django's own class cannot be subscripted.
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = object

FIELD = "form_token"
TIMEOUT = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
RESUBMITTED = "This form was already saved. Open a new form to add another entry."


class AlreadySubmitted(Exception):
    """Two copies of one form arrived together; the other copy is being saved."""

    def __init__(self, redirect_to: str):
        super().__init__(redirect_to)
        self.redirect_to = redirect_to


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _key(user_id: int, token: str) -> str:
    return f"form-token:{user_id}:{token}"


def is_used(user_id: int, token: str) -> bool:
    return cache.get(_key(user_id, token)) is not None


def claim(user_id: int, token: str) -> bool:
    """Mark ``token`` used; False if it already was (atomic)."""
    return cache.add(_key(user_id, token), 1, TIMEOUT)


class OneTimeTokenMixin(_ModelForm):
    """For a ModelForm with ``self.instance.athlete``: create forms carry a one-time token.

    ``after_resubmit`` names the URL a concurrent duplicate is sent to. A view claims the
    token with ``claim_token()`` just before it saves the form's values through a service;
    ``save()`` claims it too. Previews never claim it.
    """

    after_resubmit = "home"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._uses_token:
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=new_token
            )

    @property
    def _uses_token(self) -> bool:
        return self.instance.pk is None

    def _token(self) -> str | None:
        token = (self.cleaned_data or {}).get(FIELD) or ""
        return token if _TOKEN.match(token) else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        token = self._uses_token and self._token()
        if token and is_used(self.instance.athlete_id, token):
            raise forms.ValidationError(RESUBMITTED, code="resubmitted")
        return self.cleaned_data

    def claim_token(self) -> None:
        """Mark this create form's token used; ``AlreadySubmitted`` if another copy did.

        Call it only for a real save, after validation (previews build unsaved instances).
        """
        token = self._uses_token and self._token()
        if token and not claim(self.instance.athlete_id, token):
            raise AlreadySubmitted(self.after_resubmit)

    def save(self, commit: bool = True) -> Any:
        if commit:
            self.claim_token()
        return super().save(commit=commit)
