"""``{{ moment|when:"D j M, H:i" }}``: Django's ``date`` filter, made cheap for our formats.

A dashboard formats some fifty moments. Django's ``date`` filter reads its format character by
character through a regular expression and a method call each, about a tenth of the page's
time; the formats the templates use are turned once into one ``strftime`` pattern (plus the
day of the month, which ``strftime`` cannot print unpadded portably). Any other format falls
back to Django's filter, so the output is always the same (tests/accounts/test_when.py).
Registered as a builtin (config.settings): no ``{% load %}`` needed.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from django import template
from django.template.defaultfilters import date as django_date

register = template.Library()

# Django's format characters that strftime prints identically in English (the only language).
_STRFTIME = {"D": "%a", "l": "%A", "M": "%b", "F": "%B", "Y": "%Y", "H": "%H", "i": "%M"}
_DAY = "\x1f"  # stands for "j" (day of the month, no leading zero) in the pattern


@cache
def _pattern(fmt: str) -> str | None:
    """``fmt`` as a strftime pattern, or None when it uses anything else."""
    out = []
    for char in fmt:
        if char in _STRFTIME:
            out.append(_STRFTIME[char])
        elif char == "j":
            out.append(_DAY)
        elif char.isalpha() or char in "\\%\x1f":
            return None
        else:
            out.append(char)
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def when(value: datetime | date | None, arg: str) -> str:
    if value in (None, ""):
        return ""
    if arg == "c" and isinstance(value, datetime):
        return value.isoformat()
    pattern = _pattern(arg)
    if pattern is None or not isinstance(value, datetime):
        return str(django_date(value, arg))
    return value.strftime(pattern).replace(_DAY, str(value.day))
