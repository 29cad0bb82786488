"""The plan's statuses and the causes that decide them: one place owns their names."""

from __future__ import annotations

from collections.abc import Mapping
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
    def label(self) -> str:
        """Short words for badges and the coach dashboard."""
        return status_label[self]


status_label: Mapping[Status, str] = MappingProxyType(
    {
        Status.WAIT: "Wait",
        Status.GO: "Easy run OK",
        Status.NEXT_DAY: "Next day",
        Status.WALK_INSTEAD: "Walk instead",
        Status.RECOVERED: "Recovered",
    }
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
