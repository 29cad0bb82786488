"""IANA timezone names offered to users, and their validation."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError

DEFAULT_TIMEZONE = "UTC"


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted (legacy aliases left out)."""
    legacy_prefixes = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/")
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(legacy_prefixes)
    }
    names.add(DEFAULT_TIMEZONE)
    return tuple(sorted(names))


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(value)s” is not a known time zone. Pick one from the list, e.g. Europe/Berlin.",
            code="invalid_timezone",
            params={"value": value},
        )
