"""Template context for every page: what the signed-in account uses (see ``accounts.roles``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    """``roles`` for base.html's menus, read from the database only if a template asks."""
    user = getattr(request, "user", None)
    return {"roles": SimpleLazyObject(lambda: roles_of(user))}
