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

SOURCE_CHECK_IN = "check-in"
SOURCE_PREDICTED = "predicted"

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
    """Apply the rules in `docs/model.md` to one session at the moment `now`."""
    if not isinstance(tz, tzinfo):
        raise ValueError("tz: must be a time zone")
    _require_aware("now", now)
    now = now.astimezone(UTC)
    ended = session.ended_at.astimezone(UTC)
    if ended > now:
        raise ValueError("ended_at: the session cannot end after now")
    personal = personal or PersonalCurve()

    amplitude = min(
        rules.AMPLITUDE_MAX,
        personal.amplitude_scale
        * session_amplitude(
            rpe=session.rpe,
            minutes=session.minutes,
            eccentric_heavy=session.eccentric_heavy,
            days_since_similar_session=session.days_since_similar_session,
        ),
    )
    hours_since = (now - ended).total_seconds() / 3600
    fresh = check_in if check_in is not None and is_fresh(check_in, ended, now) else None
    if fresh is not None:
        current, source = float(fresh.soreness), SOURCE_CHECK_IN
    else:
        predicted = predicted_soreness(
            hours_since, amplitude=amplitude, peak_hours=personal.peak_hours
        )
        current, source = round(predicted, 1), SOURCE_PREDICTED
    legs_heavy = fresh is not None and fresh.legs_heavy
    pain = fresh is not None and (fresh.pain or fresh.soreness >= rules.PAIN_SORENESS_THRESHOLD)
    after_min_wait = ended + timedelta(hours=rules.MIN_WAIT_HOURS)
    ago = _elapsed(hours_since)
    sore_text = f"{current:g}/10" if fresh is not None else f"about {current:g}/10 predicted"

    if pain:
        status = Status.WALK_INSTEAD
        earliest = within_run_day(after_min_wait, tz)
        recommended = within_run_day(max(now, earliest), tz)
        if fresh is not None and fresh.pain:
            why = "You reported pain"
        else:
            why = f"You rated your soreness {sore_text} (severe)"
        reason = f"{why}; swap today's run for an easy walk or another gentle activity."
    elif current >= rules.VERY_SORE_THRESHOLD:
        status = Status.NEXT_DAY
        reference = fresh.at if fresh is not None else now
        window_closed = ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS)
        earliest = within_run_day(max(next_run_day_start(reference, tz), window_closed), tz)
        recommended = within_run_day(max(now, earliest), tz)
        if earliest <= now:
            reason = (
                f"You were very sore ({sore_text}) at your last check-in; check in again "
                f"before you run, and only go easy if you're below {rules.VERY_SORE_THRESHOLD}/10."
            )
        elif fresh is not None:
            reason = (
                f"You rated your soreness {sore_text} (very sore); skip running today and go "
                f"easy from {_clock(earliest, now, tz)}."
            )
        else:
            reason = (
                f"Your legs are probably very sore by now ({sore_text}); rest today and go "
                f"easy from {_clock(earliest, now, tz)}."
            )
    elif hours_since >= rules.RECOVERED_AFTER_HOURS and current < rules.MODERATE_SORENESS_THRESHOLD:
        status = Status.RECOVERED
        earliest = recommended = within_run_day(now, tz)
        reason = (
            f"Your leg session was {ago} ago and your soreness is low ({sore_text}); "
            "it no longer limits your running."
        )
    else:
        earliest = within_run_day(after_min_wait, tz)
        target = _load_scaled_start(ended, session_load(rpe=session.rpe, minutes=session.minutes))
        recommended = within_run_day(max(target, earliest, now), tz)
        if now < earliest:
            status = Status.WAIT
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
            status = Status.GO
            if recommended <= now:
                when = "now"
            elif within_run_day(now, tz) == now:
                when = f"now, ideally from {_clock(recommended, now, tz)}"
            else:
                when = f"from {_clock(recommended, now, tz)}"
            reason = f"Your session ended {ago} ago; an easy run is fine {when}."
        if legs_heavy:
            reason += (
                f" Keep it to {rules.HEAVY_LEGS_RUN_MAX_MINUTES} gentle minutes: "
                "your legs feel heavy."
            )
        elif current >= rules.MODERATE_SORENESS_THRESHOLD:
            reason += f" Keep it short and gentle: you're moderately sore ({sore_text})."

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
            ended_at=session.ended_at, amplitude=amplitude, peak_hours=personal.peak_hours, tz=tz
        ),
        amplitude=round(amplitude, 2),
    )


def is_fresh(check_in: CheckInInput, ended_at: datetime, now: datetime) -> bool:
    """True if the check-in is after the session, not after now, and at most
    CHECKIN_FRESH_HOURS old: only then does it replace the prediction."""
    at = check_in.at.astimezone(UTC)
    age = now.astimezone(UTC) - at
    fresh_for = timedelta(hours=rules.CHECKIN_FRESH_HOURS)
    return at >= ended_at.astimezone(UTC) and timedelta(0) <= age <= fresh_for


def within_run_day(moment: datetime, tz: tzinfo) -> datetime:
    """`moment` in `tz` if its local time is within RUN_DAY_START..RUN_DAY_END (inclusive),
    else the next RUN_DAY_START."""
    local = moment.astimezone(tz)
    clock = local.time()
    if clock < rules.RUN_DAY_START:
        return _local_datetime(local.date(), rules.RUN_DAY_START, tz)
    if clock > rules.RUN_DAY_END:
        return _local_datetime(local.date() + timedelta(days=1), rules.RUN_DAY_START, tz)
    return local


def next_run_day_start(moment: datetime, tz: tzinfo) -> datetime:
    """RUN_DAY_START local on the calendar day after `moment`'s local date."""
    return _local_datetime(_local_date(moment, tz) + timedelta(days=1), rules.RUN_DAY_START, tz)


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
    SAME_DAY_WINDOW_END_HOURS at SAME_DAY_FULL_WAIT_LOAD_AU; rounded up to the quarter hour."""
    share = min(1.0, load / rules.SAME_DAY_FULL_WAIT_LOAD_AU)
    span = rules.SAME_DAY_WINDOW_END_HOURS - rules.MIN_WAIT_HOURS
    target = ended + timedelta(hours=rules.MIN_WAIT_HOURS + share * span)
    step = rules.RECOMMENDED_START_ROUNDING_MINUTES * 60
    rounded = datetime.fromtimestamp(math.ceil(target.timestamp() / step) * step, tz=UTC)
    return min(rounded, ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS))


def _local_datetime(day: date, clock: time, tz: tzinfo) -> datetime:
    """`clock` on local `day`, as a real instant (a time in a DST gap moves forward)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC).astimezone(tz)


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
    """'40 min', '5 h' or '3 days' (rounded down)."""
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
