"""What an account uses Legday for, so menus and landing pages fit it.

``accounts`` knows nothing of leg days or coaching: the app that does (``coaching``, which
sees both) registers a provider here in its ``AppConfig.ready``. The answer is read once per
request and kept on the user object, so the menu, the sign-in redirect and the home page share
one database query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_CACHE_ATTR = "_legday_roles"


@dataclass(frozen=True, slots=True)
class Roles:
    """``coaches``: at least one active athlete link. ``logs_leg_days``: has a leg day of
    their own. ``coach_home``: where a coach lands (the coach's dashboard)."""

    coaches: bool = False
    logs_leg_days: bool = False
    coach_home: str | None = None

    @property
    def athlete_menu(self) -> bool:
        """A new account (no leg day, no athlete) starts as an athlete."""
        return self.logs_leg_days or not self.coaches

    @property
    def coach_menu(self) -> bool:
        return self.coaches

    @property
    def landing_url(self) -> str | None:
        """Where sign-in (and the home page) sends a coach who logs no leg days of their own."""
        if self.coaches and not self.logs_leg_days:
            return self.coach_home
        return None


Provider = Callable[[Any], Roles]
_provider: list[Provider] = []


def register(provider: Provider) -> None:
    """Set the function that answers ``Roles`` for a signed-in user (idempotent)."""
    _provider[:] = [provider]


def roles_of(user: Any) -> Roles:
    """The roles of ``user`` (anonymous: none), computed at most once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _provider[0](user) if _provider else Roles()
        setattr(user, _CACHE_ATTR, cached)
    return cached
