"""Typed requests for view signatures (nothing here runs: the classes only name what a view
may rely on).

The pattern django-stubs recommends and django-htmx's example app uses: a subclass of
``HttpRequest`` that declares the attributes middleware or a decorator guarantees.
``HtmxMiddleware`` puts ``htmx`` on every request; ``@login_required`` guarantees a signed-in
``User``. Annotate a view with the narrowest one it needs. This is the lowest app layer, so
every app's views can import it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request (signed in or not) that reads ``request.htmx``."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a view behind ``@login_required``: ``user`` is a signed-in ``User``."""

    user: User


class AuthenticatedHtmxHttpRequest(AuthenticatedHttpRequest, HtmxHttpRequest):
    """Behind ``@login_required`` and reads ``request.htmx``."""
