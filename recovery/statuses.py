"""The plan's statuses and the causes that decide them: one place owns their names, and how
each status looks (label, colour token, urgency rank, wording) wherever it is shown.

Pure Python, no Django. The status codes (`Status.value`) are the JSON contract and never
change; everything a person reads about a status comes from `STATUS_LOOKS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Status(StrEnum):
    """What the athlete should do about running."""

    WAIT = "wait"
    GO = "go"
    NEXT_DAY = "next_day"
    WALK_INSTEAD = "walk_instead"
    RECOVERED = "recovered"

    @property
    def look(self) -> StatusLook:
        """How this status is shown: label, colour token, urgency and wording."""
        return STATUS_LOOKS[self]

    @property
    def label(self) -> str:
        """Short words for badges and the coach dashboard."""
        return STATUS_LOOKS[self].label


@dataclass(frozen=True, slots=True)
class StatusLook:
    """Everything a page needs to show one status.

    `tone` is a colour *token*, not a colour: a Bootstrap theme colour name used as
    `text-bg-{tone}`, `border-{tone}`, `bg-{tone}-subtle`; the colours themselves live in CSS.
    `urgency` orders a coach's athletes: 0 needs attention first.
    """

    status: Status
    label: str  # the badge: no two start alike, none reads like another
    tone: str
    urgency: int
    wording: str  # one sentence saying what the status means, for legends and filters
    needs_attention: bool  # a coach should look at this athlete today


STATUS_LOOKS: Final[Mapping[Status, StatusLook]] = MappingProxyType(
    {
        look.status: look
        for look in (
            StatusLook(
                Status.WALK_INSTEAD,
                label="Walk instead",
                tone="danger",
                urgency=0,
                wording="Pain or severe soreness: no running, an easy walk instead.",
                needs_attention=True,
            ),
            StatusLook(
                Status.NEXT_DAY,
                label="Not today",
                tone="info",
                urgency=1,
                wording="Very sore: no run today; an easy run on a later day.",
                needs_attention=True,
            ),
            StatusLook(
                Status.WAIT,
                label="Run later",
                tone="warning",
                urgency=2,
                wording="Too soon after the session, or outside running hours: an easy run later.",
                needs_attention=False,
            ),
            StatusLook(
                Status.GO,
                label="Go easy",
                tone="success",
                urgency=3,
                wording="An easy recovery run is fine now.",
                needs_attention=False,
            ),
            StatusLook(
                Status.RECOVERED,
                label="Recovered",
                tone="primary",
                urgency=4,
                wording="Soreness no longer limits running.",
                needs_attention=False,
            ),
        )
    }
)

# The urgency rank by status code, for sorting in SQL (Case/When) or in Python; an athlete
# without any plan sorts last.
NO_PLAN: Final[str] = "none"
NO_PLAN_URGENCY: Final[int] = len(STATUS_LOOKS)
URGENCY: Final[Mapping[str, int]] = MappingProxyType(
    {**{str(s): look.urgency for s, look in STATUS_LOOKS.items()}, NO_PLAN: NO_PLAN_URGENCY}
)
# Status codes, most urgent first.
BY_URGENCY: Final[tuple[Status, ...]] = tuple(
    sorted(STATUS_LOOKS, key=lambda s: STATUS_LOOKS[s].urgency)
)

# Kept for callers that only need the words.
status_label: Final[Mapping[Status, str]] = MappingProxyType(
    {status: look.label for status, look in STATUS_LOOKS.items()}
)

# Statuses under which an easy run is allowed (inside the run-day hours).
RUNNABLE: Final = frozenset({Status.GO, Status.RECOVERED})


class Cause(StrEnum):
    """The one rule that decided a status (the first match, in this order)."""

    PAIN = "pain"  # a pain report in force -> walk_instead
    SEVERE = "severe"  # soreness now >= PAIN_SORENESS_THRESHOLD -> walk_instead
    VERY_SORE = "very_sore"  # soreness >= VERY_SORE_THRESHOLD now or earlier today -> next_day
    SAME_DAY_WAIT = "same_day_wait"  # under MIN_WAIT_HOURS since the session -> wait
    RECOVERED = "recovered"  # past RECOVERED_AFTER_HOURS with low soreness -> recovered
    RUN_DAY_HOURS = "run_day_hours"  # outside RUN_DAY_START..RUN_DAY_END -> wait
    HEAVY_LEGS = "heavy_legs"  # legs reported heavy (in force) -> go, shortened
    MODERATE = "moderate"  # moderately sore -> go, shortened
    READY = "ready"  # nothing holds the athlete back -> go
