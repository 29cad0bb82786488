"""IANA time zone names offered to users, and their validation.

The picker offers canonical names only (the tz database's ``zone.tab``, shipped as
``zone_names.txt``): common zones first, then every other zone A-Z. Validation accepts any zone
the system knows, so an account saved with an older name keeps working.
"""

import zoneinfo
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

DEFAULT_TIMEZONE = "UTC"
_ZONE_NAMES_FILE = Path(__file__).with_name("zone_names.txt")

# Offered first: the zones most runners live in, roughly west to east.
COMMON_TIMEZONES = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Warsaw",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    DEFAULT_TIMEZONE,
)


@cache
def timezone_names() -> tuple[str, ...]:
    """Every canonical zone name this system knows, sorted, and UTC."""
    known = zoneinfo.available_timezones()
    lines = _ZONE_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    names = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted((names & known) | {DEFAULT_TIMEZONE}))


def _label(name: str) -> str:
    return name.replace("_", " ")


def timezone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Two groups for a <select>: common zones, then all the others A-Z."""
    names = timezone_names()
    common = [name for name in COMMON_TIMEZONES if name in names]
    others = [name for name in names if name not in common]
    return [
        ("Common time zones", [(name, _label(name)) for name in common]),
        ("All time zones, A–Z", [(name, _label(name)) for name in others]),
    ]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(value)s” is not a known time zone. Pick one from the list, e.g. Europe/Berlin.",
            code="invalid_timezone",
            params={"value": value},
        )
