"""Durations in words ("15 minutes", "1 hour 30 minutes"), never ISO 8601 ("PT15M")."""

from __future__ import annotations

from datetime import timedelta


def _unit(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def duration_words(value: timedelta | int | float) -> str:
    """``value`` (a timedelta, or a number of minutes) as words, rounded to the minute."""
    minutes = round(value.total_seconds() / 60 if isinstance(value, timedelta) else value)
    if minutes <= 0:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        _unit(amount, word)
        for amount, word in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if amount
    ]
    return " ".join(parts)
