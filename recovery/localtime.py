"""Wall-clock times typed by people, read in their zone: one rule for the web and the CLI.

A local time that happens twice (the hour repeated when clocks go back) is read as its first
occurrence, the earlier instant. A local time that never happens (the hour skipped when clocks
go forward) is refused with a message saying so, never silently moved. See `docs/model.md`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

AMBIGUOUS_HELP = (
    "Times are in your own zone. On the night clocks go back, a time that happens twice is read "
    "as the first one."
)


class NonexistentLocalTime(ValueError):
    """The wall-clock time is skipped in that zone (clocks went forward)."""


def resolve_local(naive: datetime, tz: tzinfo) -> datetime:
    """The aware instant of wall-clock `naive` in `tz` (see the module's rule)."""
    if naive.tzinfo is not None:
        raise ValueError("resolve_local: expects a naive wall-clock time")
    first = naive.replace(tzinfo=tz, fold=0)
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None, fold=0)
    if back != naive:
        name = getattr(tz, "key", str(tz))
        raise NonexistentLocalTime(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {name}: the clocks jumped forward "
            "over it that night. Pick a time before or after the change."
        )
    return first
