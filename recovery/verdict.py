"""The answer in one line: "Today: easy run after 13:30 · 20-30 min · RPE 3-4" (en dashes).

A verdict is read from a plan's status, starts and dose, passed as plain values so that a plan
stored in the database gives the same line as a fresh one. It always begins with one of
`LEADS`; `starts_at` is the moment the line counts down to (shown as "in 2 h 10 min", kept
current in the browser by a small script). Pure Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Final

from recovery import rules
from recovery.statuses import Status

if TYPE_CHECKING:
    from recovery.planner import Glance, Plan

TODAY: Final = "Today"
TONIGHT: Final = "Tonight"
TOMORROW: Final = "Tomorrow"
NOT_TODAY: Final = "Not today"
WALK_INSTEAD: Final = "Walk instead"
LEADS: Final[tuple[str, ...]] = (TODAY, TONIGHT, TOMORROW, NOT_TODAY, WALK_INSTEAD)

SEPARATOR: Final = " \u00b7 "  # a middle dot between the parts of the line
_DASH: Final = "\u2013"  # en dash in ranges: 20-30
_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line: `lead` (one of LEADS) begins `text`; `starts_at` is what it counts down to."""

    lead: str
    text: str
    starts_at: datetime | None
    relative: str  # "in 2 h 10 min" at the moment of the verdict, "" without starts_at

    @property
    def tail(self) -> str:
        """The text after the lead, e.g. ": easy run after 13:30 · ..." or " today"."""
        return self.text[len(self.lead) :]

    @property
    def head_tail(self) -> str:
        """The first part after the lead, e.g. ": easy run after 13:30"."""
        return self.tail.split(SEPARATOR)[0]

    @property
    def dose_parts(self) -> list[str]:
        """The parts after the first, e.g. ["20–30 min", "RPE 3–4"] (kept whole on screen)."""  # noqa: RUF002
        return self.tail.split(SEPARATOR)[1:]

    @property
    def rest(self) -> str:
        """The text after the lead (and its colon), e.g. "easy run after 13:30 · ..."."""
        return self.text[len(self.lead) :].removeprefix(":").strip()


def duration_words(delta: timedelta) -> str:
    """A duration in words, rounded down: '45 min', '2 h 10 min', '3 days 4 h'."""
    minutes = math.floor(delta.total_seconds() / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def relative_words(moment: datetime, *, now: datetime) -> str:
    """'in 2 h 10 min', or 'now' once the moment has come."""
    return "now" if moment <= now else f"in {duration_words(moment - now)}"


def verdict(
    *,
    status: Status | str,
    earliest_start: datetime | None,
    recommended_start: datetime | None,
    duration_min: tuple[int, int] | None,
    rpe: tuple[int, int] | None,
    invites_check_in: bool,
    now: datetime,
    tz: tzinfo,
) -> Verdict:
    """The plan's answer in one line, at `now` in the zone `tz`."""
    status = Status(status)
    today = now.astimezone(tz).date()
    if status is Status.WALK_INSTEAD:
        when = max(earliest_start, now) if earliest_start is not None else now
        return Verdict(WALK_INSTEAD, f"{WALK_INSTEAD} {_day_words(when, today, tz)}", None, "")
    earliest = earliest_start if earliest_start is not None else now
    dose = "" if invites_check_in else _dose(duration_min, rpe)
    activity = "check in again" if invites_check_in else "easy run"

    if earliest <= now:  # allowed now (or after a new check-in)
        lead = _same_day_lead(now, tz)
        if invites_check_in:
            return Verdict(lead, f"{lead}: check in again before an easy run", None, "")
        if (
            recommended_start is not None
            and recommended_start > now
            and _local_date(recommended_start, tz) == today
        ):
            text = f"{lead}: easy run now, ideally from {_clock(recommended_start, tz)}{dose}"
            return Verdict(
                lead, text, recommended_start, relative_words(recommended_start, now=now)
            )
        return Verdict(lead, f"{lead}: easy run now{dose}", None, "")

    relative = relative_words(earliest, now=now)
    days_ahead = (_local_date(earliest, tz) - today).days
    clock = _clock(earliest, tz)
    if days_ahead == 0:
        lead = _same_day_lead(earliest, tz)
        return Verdict(lead, f"{lead}: {activity} after {clock}{dose}", earliest, relative)
    if days_ahead == 1 and status is not Status.NEXT_DAY:
        return Verdict(TOMORROW, f"{TOMORROW}: {activity} from {clock}{dose}", earliest, relative)
    text = f"{NOT_TODAY}: {activity} {_day_words(earliest, today, tz)} from {clock}"
    return Verdict(NOT_TODAY, text, earliest, relative)


def verdict_for_plan(plan: Plan | Glance, *, now: datetime, tz: tzinfo) -> Verdict:
    """`verdict` for a plan made by the planner, or a stored plan's glance at `now`
    (`planner.glance`): both carry the status, starts and dose."""
    return verdict(
        status=plan.status,
        earliest_start=plan.earliest_start,
        recommended_start=plan.recommended_start,
        duration_min=plan.duration_min,
        rpe=plan.rpe,
        invites_check_in=plan.invites_check_in,
        now=now,
        tz=tz,
    )


def _same_day_lead(moment: datetime, tz: tzinfo) -> str:
    return TONIGHT if moment.astimezone(tz).time() >= rules.EVENING_START else TODAY


def _dose(duration_min: tuple[int, int] | None, rpe: tuple[int, int] | None) -> str:
    parts = []
    if duration_min is not None:
        parts.append(f"{_range(duration_min)} min")
    if rpe is not None:
        parts.append(f"RPE {_range(rpe)}")
    return "".join(SEPARATOR + part for part in parts)


def _range(values: tuple[int, int]) -> str:
    low, high = values
    return str(low) if low == high else f"{low}{_DASH}{high}"


def _day_words(moment: datetime, today: date, tz: tzinfo) -> str:
    """'today', 'tomorrow', 'Mon' (within a week) or 'Mon 7 Dec'."""
    local = moment.astimezone(tz)
    days_ahead = (local.date() - today).days
    if days_ahead <= 0:
        return "today"
    if days_ahead == 1:
        return "tomorrow"
    weekday = _WEEKDAYS[local.weekday()]
    if days_ahead < 7:
        return weekday
    return f"{weekday} {local.day} {_MONTHS[local.month - 1]}"


def _clock(moment: datetime, tz: tzinfo) -> str:
    return f"{moment.astimezone(tz):%H:%M}"


def _local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()
