"""Turn a leg session (and, if there is one, a recent check-in) into a recovery-run plan.

Pure Python: every input is explicit, including `now` and the athlete's time zone. Elapsed time
is always added in UTC and converted to the athlete's zone for display, so plans stay right
across daylight-saving changes. The numbers live in `recovery.rules`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

from recovery import rules
from recovery.doms import (
    PersonalCurve,
    TimelinePoint,
    predicted_soreness,
    session_amplitude,
    session_load,
    timeline,
)

SOURCE_CHECK_IN: Final[str] = "check-in"  # Plan.soreness_source values
SOURCE_PREDICTED: Final[str] = "predicted"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


@dataclass(frozen=True, slots=True)
class SessionInput:
    """A finished leg session."""

    ended_at: datetime
    rpe: int
    minutes: int
    eccentric_heavy: bool = False
    days_since_similar_session: float | None = None

    def __post_init__(self) -> None:
        _require_aware("ended_at", self.ended_at)
        rules.require_int("rpe", self.rpe, low=rules.RPE_MIN, high=rules.RPE_MAX)
        rules.require_int(
            "minutes",
            self.minutes,
            low=rules.SESSION_MINUTES_MIN,
            high=rules.SESSION_MINUTES_MAX,
        )
        days = self.days_since_similar_session
        if days is not None and not 0 <= days < math.inf:
            raise ValueError("days_since_similar_session: must be zero or more days")


@dataclass(frozen=True, slots=True)
class CheckInInput:
    """How the athlete's legs felt at a moment."""

    at: datetime
    soreness: int
    legs_heavy: bool = False
    pain: bool = False

    def __post_init__(self) -> None:
        _require_aware("at", self.at)
        rules.require_int(
            "soreness", self.soreness, low=rules.SORENESS_MIN, high=rules.SORENESS_MAX
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """The recovery-run advice; datetimes are aware and in the athlete's zone."""

    status: Status
    reason: str
    earliest_start: datetime
    recommended_start: datetime
    duration_min: tuple[int, int]
    rpe: tuple[int, int]
    warmup: str
    cooldown: str
    stop_rule: str
    fuel: str
    talk_test: str
    peak_hours_after: float
    current_soreness: float
    soreness_source: str
    timeline: list[TimelinePoint]
    amplitude: float


def make_plan(
    *,
    session: SessionInput,
    check_in: CheckInInput | None,
    tz: ZoneInfo,
    now: datetime,
    personal: PersonalCurve | None = None,
) -> Plan:
    """Apply the rules (see `docs/model.md`) to one session at the moment `now`."""
    if not isinstance(tz, tzinfo):
        raise ValueError("tz: must be a time zone")
    _require_aware("now", now)
    now = now.astimezone(UTC)
    ended = session.ended_at.astimezone(UTC)
    if ended > now:
        raise ValueError("ended_at: the session cannot end after now")
    personal = personal or PersonalCurve()

    base_amplitude = session_amplitude(
        rpe=session.rpe,
        minutes=session.minutes,
        eccentric_heavy=session.eccentric_heavy,
        days_since_similar_session=session.days_since_similar_session,
    )
    amplitude = min(rules.AMPLITUDE_MAX, personal.amplitude_scale * base_amplitude)
    hours_since = (now - ended).total_seconds() / 3600
    fresh = (
        check_in if check_in is not None and is_fresh(check_in, ended_at=ended, now=now) else None
    )
    if fresh is not None:
        current, source = float(fresh.soreness), SOURCE_CHECK_IN
    else:
        predicted = predicted_soreness(
            hours_since, amplitude=amplitude, peak_hours=personal.peak_hours
        )
        current, source = round(predicted, 1), SOURCE_PREDICTED
    legs_heavy = fresh is not None and fresh.legs_heavy

    status, earliest, recommended = _schedule(
        ended=ended,
        now=now,
        tz=tz,
        load=session_load(rpe=session.rpe, minutes=session.minutes),
        fresh=fresh,
        current=current,
    )
    reason = _reason(
        status=status,
        earliest=earliest,
        recommended=recommended,
        now=now,
        tz=tz,
        hours_since=hours_since,
        fresh=fresh,
        current=current,
    )
    duration, rpe = _dose(status=status, soreness=current, legs_heavy=legs_heavy)
    return Plan(
        status=status,
        reason=reason,
        earliest_start=earliest.astimezone(tz),
        recommended_start=recommended.astimezone(tz),
        duration_min=duration,
        rpe=rpe,
        warmup=rules.WARMUP,
        cooldown=rules.COOLDOWN,
        stop_rule=rules.STOP_RULE,
        fuel=rules.FUEL,
        talk_test=rules.TALK_TEST,
        peak_hours_after=personal.peak_hours,
        current_soreness=current,
        soreness_source=source,
        timeline=timeline(
            ended_at=ended, amplitude=amplitude, peak_hours=personal.peak_hours, tz=tz
        ),
        amplitude=round(amplitude, 2),
    )


def is_fresh(check_in: CheckInInput, *, ended_at: datetime, now: datetime) -> bool:
    """True if the check-in is after the session, not after now, and at most
    CHECKIN_FRESH_HOURS old: only then does it replace the prediction."""
    at = check_in.at.astimezone(UTC)
    age = now.astimezone(UTC) - at
    fresh_for = timedelta(hours=rules.CHECKIN_FRESH_HOURS)
    return at >= ended_at.astimezone(UTC) and timedelta(0) <= age <= fresh_for


def _schedule(
    *,
    ended: datetime,
    now: datetime,
    tz: tzinfo,
    load: int,
    fresh: CheckInInput | None,
    current: float,
) -> tuple[Status, datetime, datetime]:
    """(status, earliest start, recommended start); instants in UTC, inside the run day."""
    after_min_wait = ended + timedelta(hours=rules.MIN_WAIT_HOURS)
    if fresh is not None and (fresh.pain or fresh.soreness >= rules.PAIN_SORENESS_THRESHOLD):
        earliest = _into_run_day(after_min_wait, tz)
        return Status.WALK_INSTEAD, earliest, _into_run_day(max(now, earliest), tz)
    if current >= rules.VERY_SORE_THRESHOLD:
        reference = fresh.at if fresh is not None else now
        window_closed = ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS)
        earliest = _into_run_day(max(_next_morning(reference, tz), window_closed), tz)
        return Status.NEXT_DAY, earliest, _into_run_day(max(now, earliest), tz)
    hours_since = (now - ended).total_seconds() / 3600
    if hours_since >= rules.RECOVERED_AFTER_HOURS and current < rules.MODERATE_SORENESS_THRESHOLD:
        start = _into_run_day(now, tz)
        return Status.RECOVERED, start, start
    earliest = _into_run_day(after_min_wait, tz)
    # A hard session's later target is kept to the earliest start's own run day where possible.
    day_end = _local_instant(_local_date(earliest, tz), rules.RUN_DAY_END, tz)
    target = min(_load_scaled_start(ended, load), day_end)
    recommended = _into_run_day(max(target, earliest, now), tz)
    return (Status.WAIT if now < earliest else Status.GO), earliest, recommended


def _reason(
    *,
    status: Status,
    earliest: datetime,
    recommended: datetime,
    now: datetime,
    tz: tzinfo,
    hours_since: float,
    fresh: CheckInInput | None,
    current: float,
) -> str:
    """One plain-English line explaining the plan."""
    ago = _elapsed(hours_since)
    sore = f"{current:g}/10" if fresh is not None else f"about {current:g}/10 predicted"
    if status is Status.WALK_INSTEAD:
        why = (
            "You reported pain"
            if fresh is not None and fresh.pain
            else f"You rated your soreness {sore} (severe)"
        )
        return f"{why}; swap today's run for an easy walk or another gentle activity."
    if status is Status.NEXT_DAY:
        if earliest <= now:
            return (
                f"You were very sore ({sore}) at your last check-in; check in again before you "
                f"run, and only go easy if you're below {rules.VERY_SORE_THRESHOLD}/10."
            )
        why = (
            f"You rated your soreness {sore} (very sore)"
            if fresh is not None
            else f"Your legs are probably very sore by now ({sore})"
        )
        return f"{why}; rest them until {_clock(earliest, now, tz)}, then keep the run easy."
    if status is Status.RECOVERED:
        return (
            f"Your leg session was {ago} ago and your soreness is low ({sore}); "
            "it no longer limits your running."
        )
    if status is Status.WAIT:
        if _local_date(earliest, tz) == _local_date(now, tz):
            reason = (
                f"Your session ended {ago} ago; give your legs until "
                f"{_clock(earliest, now, tz)} before an easy run."
            )
        else:
            reason = (
                f"Your session ended {ago} ago; it will be too late for a run today, so go "
                f"easy from {_clock(earliest, now, tz)}."
            )
    else:
        if recommended <= now:
            when = "now"
        elif _into_run_day(now, tz) == now:
            when = f"now, ideally from {_clock(recommended, now, tz)}"
        else:
            when = f"from {_clock(recommended, now, tz)}"
        reason = f"Your session ended {ago} ago; an easy run is fine {when}."
    if fresh is not None and fresh.legs_heavy:
        minutes = rules.HEAVY_LEGS_RUN_MAX_MINUTES
        return f"{reason} Keep it to {minutes} gentle minutes: your legs feel heavy."
    if current >= rules.MODERATE_SORENESS_THRESHOLD:
        return f"{reason} Keep it short and gentle: you're moderately sore ({sore})."
    return reason


def _dose(
    *, status: Status, soreness: float, legs_heavy: bool
) -> tuple[tuple[int, int], tuple[int, int]]:
    """(duration range, RPE range): always inside RECOVERY_RUN_MINUTES and RECOVERY_RUN_RPE."""
    low, high = rules.RECOVERY_RUN_MINUTES
    if status is Status.WALK_INSTEAD or legs_heavy:
        return (low, min(high, rules.HEAVY_LEGS_RUN_MAX_MINUTES)), rules.SORE_RUN_RPE
    if soreness >= rules.MODERATE_SORENESS_THRESHOLD:
        return (low, min(high, rules.SORE_RUN_MAX_MINUTES)), rules.SORE_RUN_RPE
    return rules.RECOVERY_RUN_MINUTES, rules.RECOVERY_RUN_RPE


def _load_scaled_start(ended: datetime, load: int) -> datetime:
    """Inside the same-day window: MIN_WAIT_HOURS for the lightest session, up to
    SAME_DAY_WINDOW_END_HOURS at SAME_DAY_FULL_WAIT_LOAD_AU; to the nearest quarter hour."""
    share = min(1.0, load / rules.SAME_DAY_FULL_WAIT_LOAD_AU)
    span = rules.SAME_DAY_WINDOW_END_HOURS - rules.MIN_WAIT_HOURS
    target = ended + timedelta(hours=rules.MIN_WAIT_HOURS + share * span)
    step = rules.RECOMMENDED_START_ROUNDING_MINUTES * 60
    rounded = datetime.fromtimestamp(round(target.timestamp() / step) * step, tz=UTC)
    return min(rounded, ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS))


def _into_run_day(moment: datetime, tz: tzinfo) -> datetime:
    """`moment` (as UTC) if its local time is within RUN_DAY_START..RUN_DAY_END inclusive,
    else the next RUN_DAY_START."""
    local = moment.astimezone(tz)
    clock = local.time()
    if clock < rules.RUN_DAY_START:
        return _local_instant(local.date(), rules.RUN_DAY_START, tz)
    if clock > rules.RUN_DAY_END:
        return _local_instant(local.date() + timedelta(days=1), rules.RUN_DAY_START, tz)
    return moment.astimezone(UTC)


def _next_morning(moment: datetime, tz: tzinfo) -> datetime:
    """RUN_DAY_START on the local calendar day after `moment`'s, as UTC."""
    return _local_instant(_local_date(moment, tz) + timedelta(days=1), rules.RUN_DAY_START, tz)


def _local_instant(day: date, clock: time, tz: tzinfo) -> datetime:
    """The UTC instant of local `clock` on `day` (a clock time inside a DST gap moves on)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def _local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def _clock(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """'14:00', 'tomorrow at 07:00' or 'Sat 28 Nov at 07:00', relative to now's local date."""
    local = moment.astimezone(tz)
    hhmm = f"{local:%H:%M}"
    days_ahead = (local.date() - _local_date(now, tz)).days
    if days_ahead == 0:
        return hhmm
    if days_ahead == 1:
        return f"tomorrow at {hhmm}"
    return f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} at {hhmm}"


def _elapsed(hours: float) -> str:
    """'40 min', '5 h' or '3 days', rounded down."""
    if hours < 1:
        return f"{math.floor(hours * 60)} min"
    if hours < 48:
        return f"{math.floor(hours)} h"
    return f"{math.floor(hours / 24)} days"


def _require_aware(field: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{field}: must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field}: must be timezone-aware")
