"""Small factories for test data (plain functions; no extra dependency)."""

from itertools import count

from django.contrib.auth import get_user_model

_serial = count(1)
DEFAULT_PASSWORD = "correct-horse-battery-42"


def make_user(*, username: str | None = None, timezone: str = "Europe/Berlin", **fields):
    n = next(_serial)
    username = username or f"athlete{n}"
    fields.setdefault("email", f"{username}@example.com")
    return get_user_model().objects.create_user(
        username=username, password=DEFAULT_PASSWORD, timezone=timezone, **fields
    )
