"""Turn an athlete's recent leg sessions and check-ins into one recovery-run decision.

Pure Python: every input is explicit, including `now` and the athlete's time zone. The planner
decides once, at every moment from now to its horizon, what the rules allow (a status and the
one cause that decided it); the plan at `now`, the easy-run windows, the earliest and
recommended start, the hard-run gate and the reason text are all read off that one decision, so
no surface can contradict another. Elapsed time is added in UTC and converted to the athlete's
zone only for local-calendar rules and display. The numbers live in `recovery.rules`; the rules
are explained in `docs/model.md`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import Final, NamedTuple

from recovery import advice, rules
from recovery.doms import (
    Observation,
    PersonalCurve,
    SessionCurve,
    SessionPoint,
    base_amplitude,
    bouts_factor,
    fit_personal_curve,
    fit_session_curve,
    session_load,
    superposed,
)
from recovery.statuses import RUNNABLE, Cause, Status

__all__ = ["Cause", "CheckInInput", "Plan", "SessionInput", "Status", "make_plan"]

UNSAVED_ORDER: Final[tuple[float, int]] = (math.inf, 0)  # CheckInInput.order: newest of all
SOURCE_CHECK_IN: Final[str] = "check-in"  # Plan.soreness_source values
SOURCE_PREDICTED: Final[str] = "predicted"

_HOUR: Final = timedelta(hours=1)
_ALARM_IN_FORCE: Final = timedelta(hours=rules.ALARM_IN_FORCE_HOURS)  # CheckInInput.in_force_for
_FRESH_IN_FORCE: Final = timedelta(hours=rules.CHECKIN_FRESH_HOURS)
_MINUTE: Final = timedelta(minutes=1)
# Soreness lines at which the decision can change; crossings are found to the minute.
_THRESHOLDS: Final = (
    rules.MODERATE_SORENESS_THRESHOLD,
    rules.VERY_SORE_THRESHOLD,
    rules.PAIN_SORENESS_THRESHOLD,
)
# A scan for crossings samples runs of this many hours one by one; longer runs are first
# bounded as a whole (`_Forecast.band_between`).
_SCAN_DIRECTLY: Final = 4
# How far from a threshold (in soreness points) a bound must stay to prove which side of it
# the prediction is on: more than the 0.05 of rounding to one decimal, and than float error.
_BAND_MARGIN: Final = 0.06
# How many times the decision looks a further TIMELINE_HOURS ahead for a first window.
_HORIZON_EXTENSIONS: Final = 2
# How far past the plan's horizon the outlook (the decision stored for later reads) looks.
_OUTLOOK_AHEAD: Final = timedelta(days=1)
# The hard-run gate looks this far ahead for a moment when soreness has settled.
_QUALITY_SEARCH: Final = timedelta(hours=rules.TIMELINE_HOURS)
_QUALITY_AFTER_HARD: Final = timedelta(hours=rules.QUALITY_AFTER_HARD_HOURS)
_QUALITY_AFTER_ECCENTRIC: Final = timedelta(hours=rules.QUALITY_AFTER_ECCENTRIC_HOURS)


@dataclass(frozen=True, slots=True)
class SessionInput:
    """A finished leg session."""

    ended_at: datetime
    rpe: int
    minutes: int
    eccentric_heavy: bool = False

    def __post_init__(self) -> None:
        _require_aware("ended_at", self.ended_at)
        rules.require_int("rpe", self.rpe, low=rules.RPE_MIN, high=rules.RPE_MAX)
        rules.require_int(
            "minutes",
            self.minutes,
            low=rules.SESSION_MINUTES_MIN,
            high=rules.SESSION_MINUTES_MAX,
        )

    @property
    def base_amplitude(self) -> float:
        return _base_amplitude(self.rpe, self.minutes, self.eccentric_heavy)


@dataclass(frozen=True, slots=True)
class CheckInInput:
    """How the athlete's legs felt at a moment.

    `order` says which of two check-ins was saved last (e.g. (saved timestamp, id)); an
    unsaved one being previewed is newest of all.
    """

    at: datetime
    soreness: int
    legs_heavy: bool = False
    pain: bool = False
    order: tuple[float, int] = UNSAVED_ORDER

    def __post_init__(self) -> None:
        _require_aware("at", self.at)
        rules.require_int(
            "soreness", self.soreness, low=rules.SORENESS_MIN, high=rules.SORENESS_MAX
        )

    @property
    def is_alarm(self) -> bool:
        """Pain, severe or very sore: in force until a newer check-in (or ALARM_IN_FORCE_HOURS)."""
        return self.pain or self.soreness >= rules.VERY_SORE_THRESHOLD

    @property
    def in_force_for(self) -> timedelta:
        return _ALARM_IN_FORCE if self.is_alarm else _FRESH_IN_FORCE


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """Predicted soreness at a whole hour after the session, labelled in the athlete's zone."""

    hours_after: int
    at: datetime
    soreness: float


@dataclass(frozen=True, slots=True)
class Window:
    """An easy-run window: an easy run may start at any moment from `start` to `end`."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Segment:
    """From `start` until `end` the decision is `status`, for `cause`."""

    start: datetime
    end: datetime
    status: Status
    cause: Cause


@dataclass(frozen=True)
class Plan:
    """The recovery-run advice; datetimes are aware and in the athlete's zone.

    The hourly `timeline` is laid out on first use: a dashboard row never needs it.
    """

    status: Status
    cause: Cause
    reason: str
    summary: str
    earliest_start: datetime
    recommended_start: datetime
    duration_min: tuple[int, int] | None  # None on walk-instead plans: no running dose
    rpe: tuple[int, int] | None
    warmup: str
    cooldown: str
    stop_rule: str
    fuel: str
    talk_test: str
    walk: str | None  # the walking advice on walk-instead plans
    peak_hours_after: float
    current_soreness: float
    soreness_source: str
    check_in_in_force: CheckInInput | None
    invites_check_in: bool
    quality_run_from: datetime | None
    run_windows: tuple[Window, ...]
    segments: tuple[Segment, ...]
    curve_adjusted: bool
    session_ended_at: datetime
    check_ins: tuple[CheckInInput, ...]  # the check-ins that count (superseded ones left out)
    amplitude: float
    outlook: Outlook = field(repr=False, compare=False)
    forecast: _Forecast = field(repr=False, compare=False)
    # What the wording was made from: the coach's view words the reason about the athlete.
    decided: advice.Decided = field(repr=False, compare=False)

    @cached_property
    def timeline(self) -> list[TimelinePoint]:
        """Predicted soreness every real hour from the session end, TIMELINE_HOURS long."""
        ended = self.session_ended_at.astimezone(UTC)
        tz = self.session_ended_at.tzinfo
        return [
            TimelinePoint(
                hours_after=hour,
                at=(ended + hour * _HOUR).astimezone(tz),
                soreness=self.forecast.predicted(ended + hour * _HOUR),
            )
            for hour in range(rules.TIMELINE_HOURS + 1)
        ]


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of the decision (UTC) inside which everything a plan read then depends on is
    constant: the status and cause, and what sets the dose of an easy run started then
    (soreness at or above moderate, a heavy-legs report in force)."""

    start: datetime
    end: datetime
    status: Status
    cause: Cause
    sore: bool
    legs_heavy: bool

    def until(self, end: datetime) -> Phase:
        return Phase(self.start, end, self.status, self.cause, self.sore, self.legs_heavy)


@dataclass(frozen=True, slots=True)
class Report:
    """A check-in that counts, as the outlook needs it (UTC): made `at`, in force until `until`,
    and whether it is an alarm (pain or very sore) that holds every window shut."""

    at: datetime
    until: datetime
    alarm: bool


# The end of a settled outlook: recovered from then on, until new data arrive.
FOREVER: Final = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Outlook:
    """The plan's decision without its `now`: what a plan made at any moment from `made_at`
    until `valid_until` says (status, cause, starts, dose), read by `glance` without running
    the soreness model. Stored per athlete for the dashboards (`recovery.models.StoredPlan`).

    `valid_until` is the first moment at which planning again could decide differently: a
    session or check-in dated later than `made_at`, the end of the last easy-run window the
    decision saw, or the end of the current phase when it saw none. A settled outlook (soreness
    below moderate after every peak, every report lapsed, recovered) lasts FOREVER."""

    made_at: datetime
    valid_until: datetime
    ended: datetime
    target: datetime  # the load-scaled recommended start
    phases: tuple[Phase, ...]  # contiguous, in UTC
    reports: tuple[Report, ...]  # the latest check-in made by `made_at`, and any after it


@dataclass(frozen=True, slots=True)
class Glance:
    """What the plan says at one moment, read from an outlook: the dashboards' whole need."""

    status: Status
    cause: Cause
    earliest_start: datetime
    recommended_start: datetime
    duration_min: tuple[int, int] | None
    rpe: tuple[int, int] | None
    invites_check_in: bool


# --- Inputs ----------------------------------------------------------------------------------


def current_check_ins(check_ins: Iterable[CheckInInput], *, now: datetime) -> list[CheckInInput]:
    """The check-ins that count at `now`, oldest first.

    Check-ins after `now` are left out, and of several in the same minute only the one saved
    last counts: the others were superseded (a corrected slip of the finger).
    """
    every = list(check_ins)
    counted, _times = _current_check_ins(every, [c.at.astimezone(UTC) for c in every], now=now)
    return counted


def _current_check_ins(
    check_ins: Sequence[CheckInInput], times: Sequence[datetime], *, now: datetime
) -> tuple[list[CheckInInput], list[datetime]]:
    """`current_check_ins`, given each check-in's time in UTC; with theirs."""
    by_minute: dict[tuple[int, int, int, int, int], tuple[CheckInInput, datetime]] = {}
    for check_in, at in zip(check_ins, times, strict=True):
        if at > now:
            continue
        minute = (at.year, at.month, at.day, at.hour, at.minute)  # the UTC minute it falls in
        kept = by_minute.get(minute)
        if kept is None or (check_in.order, check_in.at) >= (kept[0].order, kept[0].at):
            by_minute[minute] = check_in, at
    counted = sorted(by_minute.values(), key=lambda pair: (pair[0].at, pair[0].order))
    return [check_in for check_in, _at in counted], [at for _check_in, at in counted]


def personal_curve(
    *, sessions: Sequence[SessionInput], check_ins: Sequence[CheckInInput]
) -> PersonalCurve:
    """Calibrate the athlete's response from check-ins on the given (earlier) sessions.

    Each check-in belongs to the latest session that ended before it; its rating is compared
    with that session's base amplitude, see `doms.fit_personal_curve`.
    """
    ordered = sorted(sessions, key=lambda s: s.ended_at)
    ends = [s.ended_at.astimezone(UTC) for s in ordered]
    observations = []
    for check_in in check_ins:
        index = bisect.bisect_right(ends, check_in.at.astimezone(UTC)) - 1
        if index < 0:
            continue
        session = ordered[index]
        observations.append(
            Observation(
                hours_after=_hours(check_in.at - session.ended_at),
                soreness=check_in.soreness,
                predicted_amplitude=session.base_amplitude,
            )
        )
    return _fit(tuple(observations))


@functools.lru_cache(maxsize=4096)
def _fit(observations: tuple[Observation, ...]) -> PersonalCurve:
    """The fit depends on the observations alone: an app process refits an athlete only when
    their history changed (a dashboard viewed again reuses it)."""
    return fit_personal_curve(observations=observations)


# --- The soreness model over time ------------------------------------------------------------


@dataclass(frozen=True)
class _Forecast:
    """Every recent session's curve, and the check-ins that count, as functions of time.

    Curves are kept as plain floats (end in epoch hours, amplitude, peak hours): the planner
    evaluates the prediction dozens of times a plan, and bounds it over whole stretches.
    """

    curves: tuple[tuple[float, float, float], ...]  # (end epoch hours, amplitude, peak hours)
    check_ins: tuple[CheckInInput, ...]
    check_in_times: tuple[datetime, ...]  # UTC, parallel to check_ins
    expiries: tuple[datetime, ...] = ()  # UTC: the last instant each check-in is in force
    _memo: dict[int, float] = field(default_factory=dict, compare=False, repr=False)
    # Threshold crossings found so far, and the span [from, to] (epoch minutes) already scanned.
    _crossings: list[datetime] = field(default_factory=list, compare=False, repr=False)
    _scanned: list[int] = field(default_factory=list, compare=False, repr=False)

    def crossings(self, start: datetime, end: datetime) -> list[datetime]:
        """Threshold crossings in [start, end]; scans each stretch of time once per plan."""
        low, high = _minute(start), _minute(end)
        if not self._scanned:
            self._scanned[:] = [low, low]  # the decision asks first, from its earliest moment
        if low < self._scanned[0]:
            raise ValueError("crossings: asked before the first span scanned")
        if high > self._scanned[1]:
            self._crossings.extend(_crossings(self, self._scanned[1], high))
            self._scanned[1] = high
        return [moment for moment in self._crossings if start <= moment <= end]

    @classmethod
    def of(
        cls,
        curves: Iterable[tuple[datetime, SessionCurve]],
        check_ins: Sequence[CheckInInput],
        check_in_times: Sequence[datetime],
    ) -> _Forecast:
        """`check_in_times`: each check-in's time in UTC."""
        return cls(
            curves=tuple(
                (end.timestamp() / 3600, curve.amplitude, curve.peak_hours) for end, curve in curves
            ),
            check_ins=tuple(check_ins),
            check_in_times=tuple(check_in_times),
            expiries=tuple(
                at + c.in_force_for for at, c in zip(check_in_times, check_ins, strict=True)
            ),
        )

    def at_minute(self, minute: int) -> float:
        """Predicted soreness, to one decimal as the athlete sees it, during the whole minute
        that starts `minute` minutes after the Unix epoch. The decision works at this
        resolution, so planning again a minute later never disagrees with it (memoised: the
        hourly grid is read by the timeline and by every scan)."""
        cached = self._memo.get(minute)
        if cached is not None:
            return cached
        hours = minute / 60
        total = 0.0
        for end, amplitude, peak in self.curves:
            x = (hours - end) / peak
            if x > 0:
                total += amplitude * math.exp(rules.DOMS_SHAPE_K * (math.log(x) + 1.0 - x))
        value = round(min(float(rules.SORENESS_MAX), total), 1)
        self._memo[minute] = value
        return value

    def band_between(self, low: int, high: int) -> int | None:
        """How many decision thresholds the prediction, to one decimal, reaches at every minute
        from `low` to `high` (epoch minutes), when the curves' shapes prove it the same all
        through; else None.

        Each curve is zero until its session ends, rises to its amplitude at its peak, then
        falls: between two moments its largest value is at its peak or at one of them, its
        smallest at one of them. Their sums bound the prediction, with a margin far wider than
        any rounding error and than the rounding to one decimal.
        """
        top = bottom = 0.0
        for end, amplitude, peak in self.curves:
            far = (high / 60 - end) / peak
            if far <= 0:
                continue  # not begun before `high`
            near = (low / 60 - end) / peak
            at_far = amplitude * math.exp(rules.DOMS_SHAPE_K * (math.log(far) + 1.0 - far))
            at_near = (
                amplitude * math.exp(rules.DOMS_SHAPE_K * (math.log(near) + 1.0 - near))
                if near > 0
                else 0.0
            )
            top += amplitude if near <= 1.0 <= far else max(at_near, at_far)
            bottom += min(at_near, at_far)
        reached = bisect.bisect_right(_THRESHOLDS, bottom - _BAND_MARGIN)  # reached by all
        below = bisect.bisect_left(_THRESHOLDS, top + _BAND_MARGIN)  # the others: by none
        return reached if reached == below else None

    def grid(self, start: int, stop: int) -> list[int]:
        """`start`, every whole hour after the latest session's end in between, and `stop`
        (all in epoch minutes)."""
        anchor = self.anchor_minute
        first = (start - anchor) // 60 + 1
        last = -((anchor - stop) // 60) - 1
        return [start, *range(anchor + 60 * first, anchor + 60 * last + 1, 60), stop]

    @property
    def anchor_minute(self) -> int:
        """The minute the latest session ended in."""
        return math.floor(self.curves[-1][0] * 60)

    def predicted(self, moment: datetime) -> float:
        """The prediction as the athlete sees it, to one decimal: the decision uses this."""
        return self.at_minute(_minute(moment))

    def check_in_in_force(self, moment: datetime) -> CheckInInput | None:
        index = bisect.bisect_right(self.check_in_times, moment) - 1
        if index < 0:
            return None
        return self.check_ins[index] if moment < self.expiries[index] else None

    def soreness(self, moment: datetime) -> tuple[float, CheckInInput | None]:
        """Current soreness at `moment`: the check-in in force, else the prediction."""
        check_in = self.check_in_in_force(moment)
        if check_in is not None:
            return float(check_in.soreness), check_in
        return self.predicted(moment), None


def _session_curves(
    sessions: Sequence[SessionInput],
    ends: Sequence[datetime],
    check_ins: Sequence[CheckInInput],
    check_in_times: Sequence[datetime],
    personal: PersonalCurve,
    *,
    recent_from: datetime,
) -> tuple[list[datetime], list[SessionCurve]]:
    """Curves of the sessions that ended from `recent_from` on (oldest first).

    Prior: the session's base amplitude, times the athlete's calibration, times the protection
    of earlier bouts (applied in proportion to the prior's weight against the athlete's own
    evidence, which already includes the protection their usual training gives). Then each
    session's own check-ins bend its curve, after what earlier sessions still contribute.
    `ends` and `check_in_times` are the sessions' and check-ins' times in UTC.
    """
    days = [end.timestamp() / 86400 for end in ends]
    bases = [s.base_amplitude for s in sessions]
    eccentric = [s.eccentric_heavy for s in sessions]
    out_ends: list[datetime] = []
    curves: list[SessionCurve] = []
    for index in range(len(sessions)):
        if ends[index] < recent_from:
            continue
        base, day = bases[index], days[index]
        protection = bouts_factor(
            current_base=base,
            days_before=[day - earlier_day for earlier_day in days[:index]],
            base_amplitudes=bases[:index],
            eccentric_heavy=eccentric[:index],
        )
        amplitude = base * personal.amplitude_scale * protection ** (1 - personal.evidence_weight)
        prior = SessionCurve(min(rules.AMPLITUDE_MAX, amplitude), personal.peak_hours)
        until = ends[index + 1] if index + 1 < len(sessions) else None
        first = bisect.bisect_left(check_in_times, ends[index])
        points = []
        for check_in, at in zip(check_ins[first:], check_in_times[first:], strict=True):
            if until is not None and at >= until:
                break
            earlier = superposed(
                curve.at(_hours(at - end)) for end, curve in zip(out_ends, curves, strict=True)
            )
            points.append(SessionPoint(_hours(at - ends[index]), check_in.soreness - earlier))
        out_ends.append(ends[index])
        curves.append(fit_session_curve(prior=prior, points=tuple(points)))
    return out_ends, curves


# --- The decision ----------------------------------------------------------------------------


class _Stretch(NamedTuple):
    """The time between two neighbouring marks, inside which the decision cannot change: read
    once, at its middle."""

    start: datetime
    end: datetime
    middle: datetime
    local: datetime  # the middle in the athlete's zone
    soreness: float  # at the middle: the check-in in force, else the prediction
    check_in: CheckInInput | None  # the check-in in force at the middle


@dataclass
class _Decider:
    """Classifies stretches. It first surveys the whole decision for very-sore moments, because
    "no run on a day the legs are very sore" looks at the whole day's run-day hours: a run may
    not start at 07:00 when the legs will be very sore by 07:05."""

    forecast: _Forecast
    ended: datetime
    tz: tzinfo
    # Per local day, where each very-sore stretch inside the run-day hours ends.
    very_sore_until: dict[date, list[datetime]] = field(default_factory=dict)
    very_sore_early: bool = False  # very sore within SAME_DAY_WINDOW_END_HOURS of the session
    # Per local day, when each check-in below very sore was made (filled on first use).
    _releases: dict[date, list[datetime]] | None = None

    def stretch(self, start: datetime, end: datetime) -> _Stretch:
        middle = start + (end - start) / 2
        soreness, check_in = self.forecast.soreness(middle)
        return _Stretch(start, end, middle, middle.astimezone(self.tz), soreness, check_in)

    def survey(self, stretches: Iterable[_Stretch]) -> None:
        window_end = self.ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS)
        for stretch in stretches:
            if stretch.soreness < rules.VERY_SORE_THRESHOLD:
                continue
            if stretch.middle < window_end:
                self.very_sore_early = True
            local = stretch.local
            if _in_run_day(local.time()):
                self.very_sore_until.setdefault(local.date(), []).append(stretch.end)

    def classify(self, stretch: _Stretch) -> tuple[Status, Cause]:
        """The decision at the stretch's middle (and so all through it)."""
        soreness, check_in = stretch.soreness, stretch.check_in
        moment, local = stretch.middle, stretch.local
        hours_since = _hours(moment - self.ended)
        if check_in is not None and check_in.pain:
            return Status.WALK_INSTEAD, Cause.PAIN
        if soreness >= rules.PAIN_SORENESS_THRESHOLD:
            return Status.WALK_INSTEAD, Cause.SEVERE
        if soreness >= rules.VERY_SORE_THRESHOLD or self._day_is_very_sore(local.date(), moment):
            return Status.NEXT_DAY, Cause.VERY_SORE
        if self.very_sore_early and hours_since < rules.SAME_DAY_WINDOW_END_HOURS:
            return Status.NEXT_DAY, Cause.VERY_SORE
        if hours_since < rules.MIN_WAIT_HOURS:
            return Status.WAIT, Cause.SAME_DAY_WAIT
        if (
            hours_since >= rules.RECOVERED_AFTER_HOURS
            and soreness < rules.MODERATE_SORENESS_THRESHOLD
        ):
            return Status.RECOVERED, Cause.RECOVERED
        if not _in_run_day(local.time()):
            return Status.WAIT, Cause.RUN_DAY_HOURS
        if check_in is not None and check_in.legs_heavy:
            return Status.GO, Cause.HEAVY_LEGS
        if soreness >= rules.MODERATE_SORENESS_THRESHOLD:
            return Status.GO, Cause.MODERATE
        return Status.GO, Cause.READY

    def _day_is_very_sore(self, day: date, moment: datetime) -> bool:
        """The legs are very sore at some moment of `day`'s run-day hours (earlier or later),
        and no check-in below very sore has been made that day since that moment."""
        stretches = self.very_sore_until.get(day)
        if not stretches:
            return False
        if self._releases is None:
            self._releases = {}
            for check_in, at in zip(
                self.forecast.check_ins, self.forecast.check_in_times, strict=True
            ):
                if not check_in.is_alarm:
                    self._releases.setdefault(at.astimezone(self.tz).date(), []).append(at)
        released = [at for at in self._releases.get(day, ()) if at <= moment]
        return not released or any(end > max(released) for end in stretches)


def make_plan(
    *,
    sessions: Sequence[SessionInput],
    check_ins: Sequence[CheckInInput] = (),
    tz: tzinfo,
    now: datetime,
    personal: PersonalCurve | None = None,
) -> Plan:
    """Plan for the latest session that ended by `now`, given the sessions before it and every
    check-in (see `docs/model.md`). `personal` may be passed in when already computed."""
    if not isinstance(tz, tzinfo):
        raise ValueError("tz: must be a time zone")
    _require_aware("now", now)
    now = now.astimezone(UTC)
    # Every input's time in UTC, converted once.
    session_times = [s.ended_at.astimezone(UTC) for s in sessions]
    check_in_times = [c.at.astimezone(UTC) for c in check_ins]
    finished = sorted(
        ((s, at) for s, at in zip(sessions, session_times, strict=True) if at <= now),
        key=lambda pair: pair[0].ended_at,
    )
    if not finished:
        raise ValueError("ended_at: the session cannot end after now")
    done = [s for s, _at in finished]
    ends = [at for _s, at in finished]
    current, ended = done[-1], ends[-1]
    counted, counted_times = _current_check_ins(check_ins, check_in_times, now=now)
    if personal is None:
        personal = personal_curve(sessions=done[:-1], check_ins=counted)
    recent_from = ended - timedelta(days=rules.SUPERPOSITION_DAYS)
    curve_ends, curves = _session_curves(
        done, ends, counted, counted_times, personal, recent_from=recent_from
    )
    forecast = _Forecast.of(zip(curve_ends, curves, strict=True), counted, counted_times)
    own_curve = curves[-1]

    # Decide at every moment from the start of today to the horizon; from the session end while
    # a very-sore moment since it still matters (within SAME_DAY_WINDOW_END_HOURS), so that
    # planning again later with the same data always gives the same answer.
    start = max(ended, _local_instant(now.astimezone(tz).date(), time(0), tz))
    if start < ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS):
        start = ended  # today began while the session's first hours still count
    horizon = _horizon(ended=ended, now=now, tz=tz)
    soreness_now, in_force = forecast.soreness(now)  # to one decimal, as shown
    extensions = 0  # how many times the decision looked further
    for extensions in range(_HORIZON_EXTENSIONS + 1):  # noqa: B007 - kept for the outlook
        decider = _Decider(forecast=forecast, ended=ended, tz=tz)
        # The outlook looks a day past the horizon, so that a stored plan answers for a day.
        ahead = _end_of_run_day(horizon + _OUTLOOK_AHEAD, tz)
        looked, phases = _segments(decider, start=start, end=ahead, now=now)
        segments = [
            Segment(s.start, min(s.end, horizon), s.status, s.cause)
            for s in looked
            if s.start < horizon
        ]
        here = next(s for s in segments if s.start <= now < s.end)
        status, cause = here.status, here.cause
        windows = [] if status is Status.WALK_INSTEAD else _windows(segments, tz)
        windows = [w for w in windows if w.end > now]
        held = in_force is not None and in_force.is_alarm
        if windows or held or status is Status.WALK_INSTEAD:
            break
        # Still very sore at the horizon: look further ahead for the first easy-run window.
        horizon = _further(horizon, tz)
    load = session_load(rpe=current.rpe, minutes=current.minutes)
    target = _load_scaled_start(ended, load)
    earliest, recommended = _starts(
        status=status,
        windows=windows,
        now=now,
        ended=ended,
        target=target,
        in_force=in_force,
        tz=tz,
    )
    walking = status is Status.WALK_INSTEAD
    run_state = forecast.soreness(recommended)
    legs_heavy = run_state[1] is not None and run_state[1].legs_heavy
    sore = run_state[0] >= rules.MODERATE_SORENESS_THRESHOLD
    duration, rpe = (None, None) if walking else _dose(sore=sore, legs_heavy=legs_heavy)
    quality = None if walking else _quality_run_from(forecast, done, ends, now=now, tz=tz)
    invites = in_force is not None and in_force.is_alarm and not (windows and earliest <= now)

    decided = advice.Decided(
        status=status,
        cause=cause,
        now=now,
        tz=tz,
        ended=ended,
        earliest=earliest,
        recommended=recommended,
        soreness=soreness_now,
        check_in=in_force,
        invites_check_in=invites,
    )
    return Plan(
        status=status,
        cause=cause,
        reason=advice.reason(decided),
        summary=advice.summary(decided),
        earliest_start=earliest.astimezone(tz),
        recommended_start=recommended.astimezone(tz),
        duration_min=duration,
        rpe=rpe,
        warmup=rules.WARMUP,
        cooldown=rules.COOLDOWN,
        stop_rule=_stop_rule(walking=walking, legs_heavy=legs_heavy),
        fuel=rules.FUEL,
        talk_test=rules.TALK_TEST_WALK if walking else rules.TALK_TEST,
        walk=rules.WALK_INSTEAD if walking else None,
        peak_hours_after=own_curve.peak_hours,
        current_soreness=soreness_now,
        soreness_source=SOURCE_CHECK_IN if in_force is not None else SOURCE_PREDICTED,
        check_in_in_force=in_force,
        invites_check_in=invites,
        quality_run_from=None if quality is None else quality.astimezone(tz),
        run_windows=tuple(Window(w.start.astimezone(tz), w.end.astimezone(tz)) for w in windows),
        segments=tuple(
            Segment(s.start.astimezone(tz), s.end.astimezone(tz), s.status, s.cause)
            for s in segments
            if s.end > now
        ),
        curve_adjusted=own_curve.check_ins_used > 0 or personal.observations_used > 0,
        session_ended_at=ended.astimezone(tz),
        check_ins=tuple(counted),
        amplitude=round(own_curve.amplitude, 2),
        outlook=_outlook(
            made_at=now,
            ended=ended,
            target=target,
            phases=phases,
            forecast=forecast,
            next_input=_next_input([*session_times, *check_in_times], now=now),
            horizon=horizon,
            extensions=extensions,
            tz=tz,
        ),
        forecast=forecast,
        decided=decided,
    )


def _horizon(*, ended: datetime, now: datetime, tz: tzinfo) -> datetime:
    """How far the decision looks first: the whole timeline, and PLAN_HORIZON_HOURS past now."""
    return _end_of_run_day(
        max(
            ended + timedelta(hours=rules.TIMELINE_HOURS),
            now + timedelta(hours=rules.PLAN_HORIZON_HOURS),
        ),
        tz,
    )


def _further(horizon: datetime, tz: tzinfo) -> datetime:
    return _end_of_run_day(horizon + timedelta(hours=rules.TIMELINE_HOURS), tz)


def _next_input(times: Iterable[datetime], *, now: datetime) -> datetime:
    """The first of the sessions' ends and check-ins' times (UTC `times`) that is dated after
    `now` (FOREVER if none): from then on, planning again sees different data."""
    return min((at for at in times if at > now), default=FOREVER)


def _outlook(
    *,
    made_at: datetime,
    ended: datetime,
    target: datetime,
    phases: Sequence[Phase],
    forecast: _Forecast,
    next_input: datetime,
    horizon: datetime,
    extensions: int,
    tz: tzinfo,
) -> Outlook:
    # From `made_at` on only the latest report made by then can be in force (later ones end
    # the outlook's validity): keep that one and any dated later, not the whole history.
    kept_from = max(bisect.bisect_right(forecast.check_in_times, made_at) - 1, 0)
    reports = tuple(
        Report(at=at, until=until, alarm=c.is_alarm)
        for c, at, until in zip(
            forecast.check_ins[kept_from:],
            forecast.check_in_times[kept_from:],
            forecast.expiries[kept_from:],
            strict=True,
        )
    )
    last = phases[-1]
    # Past every session's peak the prediction only falls; past every report nothing holds it.
    settled_from = max(
        [last.start, *forecast.expiries]
        + [
            datetime.fromtimestamp((end + peak) * 3600, tz=UTC)
            for end, _amplitude, peak in forecast.curves
        ]
    )
    kept = list(phases)
    if (
        last.status is Status.RECOVERED
        and not last.sore
        and not last.legs_heavy
        and settled_from < last.end
    ):
        kept[-1] = last.until(FOREVER)
        return Outlook(
            made_at=made_at,
            valid_until=next_input,
            ended=ended,
            target=target,
            phases=tuple(kept),
            reports=reports,
        )
    # Planning again at a later moment looks PLAN_HORIZON_HOURS past it: no further than this
    # decision went. Within that, it decides differently only after the last window seen ends
    # or, with none ahead, once the current phase ends or the report holding windows shut lapses.
    windows = list(_lazy_windows(phases, after=made_at, tz=tz, until=horizon))
    valid_until = min(next_input, _looks_no_further(ended, made_at, last.end, extensions, tz))
    if windows:
        valid_until = min(valid_until, windows[-1].end)
    else:
        held = _report_in_force(reports, made_at)
        valid_until = min(
            valid_until,
            _phase_at(phases, made_at).end,
            held.until if held is not None else FOREVER,
        )
    return Outlook(
        made_at=made_at,
        valid_until=valid_until,
        ended=ended,
        target=target,
        phases=tuple(kept),
        reports=reports,
    )


def glance(outlook: Outlook, *, now: datetime, tz: tzinfo) -> Glance:
    """What a plan made at `now` (from `made_at` to `valid_until`) says, from the outlook alone:
    the same status, cause, starts and dose as `make_plan` at `now` with the same data."""
    _require_aware("now", now)
    now = now.astimezone(UTC)
    if not outlook.made_at <= now < outlook.valid_until:
        raise ValueError("now: outside the moments this outlook answers for")
    here = _phase_at(outlook.phases, now)
    in_force = _report_in_force(outlook.reports, now)
    window = None
    if here.status is Status.WALK_INSTEAD:
        earliest = recommended = _into_run_day(now, tz)
    else:
        # The windows planning afresh at `now` would see: up to its horizon, looking further
        # while none opens and no alarm report holds them shut.
        horizon = _horizon(ended=outlook.ended, now=now, tz=tz)
        for _ in range(_HORIZON_EXTENSIONS + 1):
            if horizon > outlook.phases[-1].end:
                raise ValueError("now: the outlook does not look far enough ahead")
            ahead = _lazy_windows(outlook.phases, after=now, tz=tz, until=horizon)
            window = next(iter(ahead), None)
            if window is not None or (in_force is not None and in_force.alarm):
                break
            horizon = _further(horizon, tz)
        if window is None:
            reported = in_force.at if in_force is not None else now
            earliest = _into_run_day(
                max(
                    _next_morning(reported, tz),
                    outlook.ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS),
                    now,
                ),
                tz,
            )
            recommended = earliest
        else:
            earliest = window.start
            recommended = min(max(now, window.start, outlook.target), window.end)
    if here.status is Status.WALK_INSTEAD:
        duration, rpe = None, None
    else:
        at_start = _phase_at(outlook.phases, recommended)
        duration, rpe = _dose(sore=at_start.sore, legs_heavy=at_start.legs_heavy)
    return Glance(
        status=here.status,
        cause=here.cause,
        earliest_start=earliest.astimezone(tz),
        recommended_start=recommended.astimezone(tz),
        duration_min=duration,
        rpe=rpe,
        invites_check_in=(
            in_force is not None and in_force.alarm and not (window and earliest <= now)
        ),
    )


def _looks_no_further(
    ended: datetime, made_at: datetime, end: datetime, extensions: int, tz: tzinfo
) -> datetime:
    """The first minute from `made_at` at which planning afresh (looking as many times further
    as this decision did) would look past `end`."""

    def covered(minutes: int) -> bool:
        horizon = _horizon(ended=ended, now=made_at + minutes * _MINUTE, tz=tz)
        for _ in range(extensions):
            horizon = _further(horizon, tz)
        return horizon <= end

    low, high = 0, math.ceil((end - made_at) / _MINUTE)  # covered(low); not covered(high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if covered(middle) else (low, middle)
    return made_at + high * _MINUTE


def _report_in_force(reports: Sequence[Report], moment: datetime) -> Report | None:
    """The latest report made by `moment`, if it is still in force then."""
    latest = next((r for r in reversed(reports) if r.at <= moment), None)
    return latest if latest is not None and moment < latest.until else None


def _phase_at(phases: Sequence[Phase], moment: datetime) -> Phase:
    index = bisect.bisect_right([p.start for p in phases], moment) - 1
    if index < 0 or moment >= phases[index].end:
        raise ValueError("moment: outside the decision")
    return phases[index]


def _lazy_windows(
    phases: Sequence[Phase], *, after: datetime, tz: tzinfo, until: datetime = FOREVER
) -> Iterator[Window]:
    """The easy-run windows (as `_windows` merges them) that end after `after`, in order, as
    a decision looking `until` then sees them; endless on a settled outlook."""
    day_start = _local_instant(after.astimezone(tz).date(), time(0), tz)
    pending: Window | None = None
    for phase in phases:
        if phase.status not in RUNNABLE or phase.end <= day_start or phase.start >= until:
            continue
        for piece in _run_day_pieces(max(phase.start, day_start), min(phase.end, until), tz):
            if pending is not None and pending.end == piece.start:
                pending = Window(pending.start, piece.end)
                continue
            if pending is not None and pending.end > after:
                yield pending
            pending = piece
    if pending is not None and pending.end > after:
        yield pending


def _segments(
    decider: _Decider, *, start: datetime, end: datetime, now: datetime
) -> tuple[list[Segment], list[Phase]]:
    """The decision from `start` to `end` (in UTC): as runs of equal (status, cause), and as
    phases, which also split where the dose of an easy run started then would change."""
    forecast, tz, ended = decider.forecast, decider.tz, decider.ended
    marks = [start, end, now]
    for hours in (rules.MIN_WAIT_HOURS, rules.SAME_DAY_WINDOW_END_HOURS):
        marks.append(ended + timedelta(hours=hours))
    marks.append(ended + timedelta(hours=rules.RECOVERED_AFTER_HOURS))
    day = start.astimezone(tz).date()
    while _local_instant(day, time(0), tz) <= end:
        for clock in (time(0), rules.RUN_DAY_START, rules.RUN_DAY_END):
            marks.append(_local_instant(day, clock, tz))
        day += timedelta(days=1)
    marks += forecast.check_in_times
    marks += forecast.expiries
    marks += forecast.crossings(start, end)
    points = sorted({m for m in marks if start <= m <= end})
    stretches = [decider.stretch(left, right) for left, right in itertools.pairwise(points)]
    decider.survey(stretches)

    decisions = [decider.classify(stretch) for stretch in stretches]
    doses = [
        (
            stretch.soreness >= rules.MODERATE_SORENESS_THRESHOLD,
            stretch.check_in is not None and stretch.check_in.legs_heavy,
        )
        for stretch in stretches
    ]
    segments = [
        Segment(first, last, status, cause)
        for first, last, (status, cause) in _runs(stretches, decisions)
    ]
    phases = [
        Phase(first, last, status, cause, sore, legs_heavy)
        for first, last, ((status, cause), (sore, legs_heavy)) in _runs(
            stretches, list(zip(decisions, doses, strict=True))
        )
    ]
    return segments, phases


def _runs[K](
    stretches: Sequence[_Stretch], keys: Sequence[K]
) -> Iterator[tuple[datetime, datetime, K]]:
    """Neighbouring stretches with equal keys, merged: (start, end, key) of each run."""
    first = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[first]:
            yield stretches[first].start, stretches[index - 1].end, keys[first]
            first = index


def _crossings(forecast: _Forecast, start: int, end: int) -> list[datetime]:
    """The first minutes (between two epoch minutes) at which the prediction, to one decimal,
    reaches or drops below a decision threshold: sampled hourly, then bisected to the minute.

    A run of samples that the curves' shapes prove to lie between the same two thresholds
    (`_Forecast.band_between`) holds no crossing and is not sampled one by one."""
    found: list[datetime] = []
    samples = forecast.grid(start, end)
    if samples[-1] <= samples[0]:
        return found  # nothing between them (the grid has no hour inside)

    def scan(first: int, last: int) -> None:
        """Crossings between samples[first] and samples[last], in order."""
        if last - first > _SCAN_DIRECTLY:
            if forecast.band_between(samples[first], samples[last]) is not None:
                return
            middle = (first + last) // 2
            scan(first, middle)
            scan(middle, last)
            return
        value = forecast.at_minute(samples[first])
        for left, right in itertools.pairwise(samples[first : last + 1]):
            right_value = forecast.at_minute(right)
            for line in _THRESHOLDS:
                above = value >= line
                if above != (right_value >= line):
                    low, high = left, right
                    while high - low > 1:
                        middle = (low + high) // 2
                        if (forecast.at_minute(middle) >= line) == above:
                            low = middle
                        else:
                            high = middle
                    found.append(datetime.fromtimestamp(high * 60, tz=UTC))
            value = right_value

    scan(0, len(samples) - 1)
    return found


def _windows(segments: Sequence[Segment], tz: tzinfo) -> list[Window]:
    """Merged stretches in which an easy run is allowed and the clock is inside the run day."""
    windows: list[Window] = []
    for segment in segments:
        if segment.status not in RUNNABLE:
            continue
        for piece in _run_day_parts(segment.start, segment.end, tz):
            if windows and windows[-1].end == piece.start:
                windows[-1] = Window(windows[-1].start, piece.end)
            else:
                windows.append(piece)
    return windows


def _run_day_parts(start: datetime, end: datetime, tz: tzinfo) -> list[Window]:
    return list(_run_day_pieces(start, end, tz))


def _run_day_pieces(start: datetime, end: datetime, tz: tzinfo) -> Iterator[Window]:
    day = start.astimezone(tz).date()
    while _local_instant(day, rules.RUN_DAY_START, tz) < end:
        low = max(start, _local_instant(day, rules.RUN_DAY_START, tz))
        high = min(end, _local_instant(day, rules.RUN_DAY_END, tz))
        if low < high:
            yield Window(low, high)
        day += timedelta(days=1)


def _starts(
    *,
    status: Status,
    windows: Sequence[Window],
    now: datetime,
    ended: datetime,
    target: datetime,
    in_force: CheckInInput | None,
    tz: tzinfo,
) -> tuple[datetime, datetime]:
    """(earliest start, recommended start) in UTC; `target`: the load-scaled start."""
    if status is Status.WALK_INSTEAD:
        walk_from = _into_run_day(now, tz)  # a gentle walk fits today
        return walk_from, walk_from
    if not windows:
        # Only a very-sore report in force keeps every window shut: the earliest an easy run
        # could be allowed is the next morning, once a new check-in shows less soreness.
        reported = in_force.at.astimezone(UTC) if in_force is not None else now
        earliest = _into_run_day(
            max(
                _next_morning(reported, tz),
                ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS),
                now,
            ),
            tz,
        )
        return earliest, earliest
    window = windows[0]
    recommended = min(max(now, window.start, target), window.end)
    return window.start, recommended


def _stop_rule(*, walking: bool, legs_heavy: bool) -> str:
    if walking:
        return rules.STOP_RULE_WALK
    return rules.STOP_RULE_LEGS_HEAVY if legs_heavy else rules.STOP_RULE


def _dose(*, sore: bool, legs_heavy: bool) -> tuple[tuple[int, int], tuple[int, int]]:
    """(duration range, RPE range) for the run: always inside the seed's easy-run limits.
    `sore`: soreness at the start is at or above MODERATE_SORENESS_THRESHOLD."""
    low, high = rules.RECOVERY_RUN_MINUTES
    if legs_heavy:
        return (low, min(high, rules.HEAVY_LEGS_RUN_MAX_MINUTES)), rules.SORE_RUN_RPE
    if sore:
        return (low, min(high, rules.SORE_RUN_MAX_MINUTES)), rules.SORE_RUN_RPE
    return rules.RECOVERY_RUN_MINUTES, rules.RECOVERY_RUN_RPE


def _quality_run_from(
    forecast: _Forecast,
    sessions: Sequence[SessionInput],
    ends: Sequence[datetime],
    *,
    now: datetime,
    tz: tzinfo,
) -> datetime | None:
    """The first moment a hard run is fine: past every recent session's time gate, with
    soreness below QUALITY_SORENESS_BELOW and no pain or very-sore report in force.
    `ends`: the sessions' ends in UTC."""
    gate = now
    for session, ended in zip(sessions, ends, strict=True):
        if session.rpe >= rules.QUALITY_HARD_SESSION_RPE:
            gate = max(gate, ended + _QUALITY_AFTER_HARD)
        if session.eccentric_heavy:
            gate = max(gate, ended + _QUALITY_AFTER_ECCENTRIC)

    def settled(moment: datetime) -> bool:
        # (A pain or very-sore report in force means soreness at or above this too.)
        return forecast.soreness(moment)[0] < rules.QUALITY_SORENESS_BELOW

    # No hard run while a pain or very-sore report is in force: look from when it lapses.
    in_force = forecast.check_in_in_force(gate)
    while in_force is not None and in_force.is_alarm:
        gate = forecast.expiries[forecast.check_ins.index(in_force)]
        in_force = forecast.check_in_in_force(gate)
    end = gate + _QUALITY_SEARCH
    candidates = [gate, end, *forecast.expiries, *forecast.crossings(gate, end)]
    moments = sorted({c for c in candidates if gate <= c <= end})
    # Fine from the moment after which it stays fine: not a lull before the soreness peaks.
    unsettled = [index for index, moment in enumerate(moments) if not settled(moment)]
    if not unsettled:
        return _into_run_day(gate, tz)
    if unsettled[-1] == len(moments) - 1:
        return None  # not within the search: only a new check-in can tell
    return _into_run_day(moments[unsettled[-1] + 1], tz)


def _load_scaled_start(ended: datetime, load: int) -> datetime:
    """Inside the same-day window: MIN_WAIT_HOURS for the lightest session, up to
    SAME_DAY_WINDOW_END_HOURS at SAME_DAY_FULL_WAIT_LOAD_AU; to the nearest quarter hour."""
    share = min(1.0, load / rules.SAME_DAY_FULL_WAIT_LOAD_AU)
    span = rules.SAME_DAY_WINDOW_END_HOURS - rules.MIN_WAIT_HOURS
    target = ended + timedelta(hours=rules.MIN_WAIT_HOURS + share * span)
    step = rules.RECOMMENDED_START_ROUNDING_MINUTES * 60
    rounded = datetime.fromtimestamp(round(target.timestamp() / step) * step, tz=UTC)
    return min(rounded, ended + timedelta(hours=rules.SAME_DAY_WINDOW_END_HOURS))


def _in_run_day(clock: time) -> bool:
    return rules.RUN_DAY_START <= clock < rules.RUN_DAY_END


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


def _end_of_run_day(moment: datetime, tz: tzinfo) -> datetime:
    """RUN_DAY_END on `moment`'s local day, or `moment` itself if that has passed: the
    horizon never cuts an easy-run window short."""
    local_date = moment.astimezone(tz).date()
    return max(moment, _local_instant(local_date, rules.RUN_DAY_END, tz))


def _next_morning(moment: datetime, tz: tzinfo) -> datetime:
    """RUN_DAY_START on the local calendar day after `moment`'s, as UTC."""
    local_date = moment.astimezone(tz).date()
    return _local_instant(local_date + timedelta(days=1), rules.RUN_DAY_START, tz)


def _local_instant(day: date, clock: time, tz: tzinfo) -> datetime:
    """The UTC instant of local `clock` on `day` (a clock time inside a DST gap moves on).
    A plan asks for the same few days' clock times many times over: they are memoised."""
    try:
        return _local_instant_memo(day, clock, tz)
    except TypeError:  # a tzinfo that cannot be a dictionary key
        return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def _local_instant_memo(day: date, clock: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def _minute(moment: datetime) -> int:
    """The epoch minute `moment` falls in."""
    return math.floor(moment.timestamp() / 60)


@functools.lru_cache(maxsize=1024)
def _base_amplitude(rpe: int, minutes: int, eccentric_heavy: bool) -> float:
    return base_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=eccentric_heavy)


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _require_aware(field_name: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{field_name}: must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field_name}: must be timezone-aware")
