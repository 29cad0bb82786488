"""Predicted delayed-onset muscle soreness (DOMS) after a leg session.

s(t) = A * (t/T)^k * e^(k(1 - t/T)) for t hours after the session ends: zero at the end of the
session, A at t = T, then a slow decay; clamped to the 0-10 soreness scale. The amplitude A
comes from the session (`session_amplitude`); T defaults to `rules.DOMS_PEAK_HOURS` and may be
personalised from past check-ins (`fit_personal_curve`). See `docs/model.md`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from recovery import rules


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """Predicted soreness at a whole hour after the session, labelled in the athlete's zone."""

    hours_after: int
    at: datetime
    soreness: float


class Observation(NamedTuple):
    """A past check-in: when (hours after its session), how sore, and that session's A."""

    hours_after: float
    soreness: float
    predicted_amplitude: float


@dataclass(frozen=True, slots=True)
class PersonalCurve:
    """An athlete's own curve: a factor on the predicted amplitude and a peak time."""

    amplitude_scale: float = 1.0
    peak_hours: float = rules.DOMS_PEAK_HOURS
    observations_used: int = 0

    def __post_init__(self) -> None:
        if not rules.PERSONAL_SCALE_MIN <= self.amplitude_scale <= rules.PERSONAL_SCALE_MAX:
            raise ValueError(
                f"amplitude_scale: must be between {rules.PERSONAL_SCALE_MIN} "
                f"and {rules.PERSONAL_SCALE_MAX}"
            )
        _require_peak(self.peak_hours, field="peak_hours")
        if self.observations_used < 0:
            raise ValueError("observations_used: must not be negative")


def session_load(*, rpe: int, minutes: int) -> int:
    """Foster's session-RPE load in arbitrary units: RPE (CR-10) times minutes."""
    rules.require_int("rpe", rpe, low=rules.RPE_MIN, high=rules.RPE_MAX)
    rules.require_int(
        "minutes", minutes, low=rules.SESSION_MINUTES_MIN, high=rules.SESSION_MINUTES_MAX
    )
    return rpe * minutes


def repeated_bout_factor(*, days_since_similar_session: float | None) -> float:
    """Multiplier (<= 1) for the protection a recent similar session gives; fades linearly."""
    if days_since_similar_session is None:
        return 1.0
    if not 0 <= days_since_similar_session < math.inf:
        raise ValueError("days_since_similar_session: must be zero or more days")
    remaining = max(0.0, 1.0 - days_since_similar_session / rules.REPEATED_BOUT_WINDOW_DAYS)
    return 1.0 - rules.REPEATED_BOUT_MAX_REDUCTION * remaining


def session_amplitude(
    *,
    rpe: int,
    minutes: int,
    eccentric_heavy: bool = False,
    days_since_similar_session: float | None = None,
) -> float:
    """Predicted peak soreness A (0-10) for a session: saturating in load, then adjusted."""
    load = session_load(rpe=rpe, minutes=minutes)
    amplitude = rules.AMPLITUDE_LOAD_CEILING * -math.expm1(-load / rules.AMPLITUDE_LOAD_SCALE_AU)
    if eccentric_heavy:
        amplitude *= rules.ECCENTRIC_MULTIPLIER
    amplitude *= repeated_bout_factor(days_since_similar_session=days_since_similar_session)
    return min(rules.AMPLITUDE_MAX, amplitude)


def predicted_soreness(
    hours_after: float,
    *,
    amplitude: float,
    peak_hours: float = rules.DOMS_PEAK_HOURS,
    shape: float = rules.DOMS_SHAPE_K,
) -> float:
    """Predicted soreness (0-10) `hours_after` the session ended; 0 at or before the end."""
    if not 0 <= amplitude < math.inf:
        raise ValueError("amplitude: must be a finite number of zero or more")
    if not 0 < peak_hours < math.inf:
        raise ValueError("peak_hours: must be a positive number of hours")
    if not 0 < shape < math.inf:
        raise ValueError("shape: must be a positive number")
    if math.isnan(hours_after):
        raise ValueError("hours_after: must be a number")
    if hours_after <= 0 or amplitude == 0:
        return 0.0
    return min(float(rules.SORENESS_MAX), amplitude * _unit_curve(hours_after, peak_hours, shape))


def timeline(
    *,
    ended_at: datetime,
    amplitude: float,
    peak_hours: float = rules.DOMS_PEAK_HOURS,
    tz: ZoneInfo,
    min_hours: int = rules.TIMELINE_MIN_HOURS,
    max_hours: int = rules.TIMELINE_MAX_HOURS,
) -> list[TimelinePoint]:
    """Hourly predictions from the session end: hours 0..min_hours, then on while soreness
    stays at or above `rules.TIMELINE_TAIL_SORENESS`, never past max_hours.

    Hours are real elapsed hours (added in UTC), so points are 3600 s apart across DST changes.
    """
    if ended_at.tzinfo is None or ended_at.utcoffset() is None:
        raise ValueError("ended_at: must be timezone-aware")
    if not 0 <= min_hours <= max_hours:
        raise ValueError("min_hours: must be between 0 and max_hours")
    start = ended_at.astimezone(UTC)
    points: list[TimelinePoint] = []
    for hour in range(max_hours + 1):
        soreness = predicted_soreness(hour, amplitude=amplitude, peak_hours=peak_hours)
        if hour > min_hours and soreness < rules.TIMELINE_TAIL_SORENESS:
            break
        at = (start + timedelta(hours=hour)).astimezone(tz)
        points.append(TimelinePoint(hours_after=hour, at=at, soreness=round(soreness, 1)))
    return points


def fit_personal_curve(
    *,
    observations: Sequence[Observation],
    default_peak_hours: float = rules.DOMS_PEAK_HOURS,
    shape: float = rules.DOMS_SHAPE_K,
    prior_weight: float = rules.PERSONAL_FIT_PRIOR_WEIGHT,
) -> PersonalCurve:
    """Fit an amplitude factor and peak time to past check-ins, shrunk toward the defaults.

    Least squares over a grid of peak times in [MIN_PEAK_HOURS, MAX_PEAK_HOURS]; the best fit
    is blended with the defaults by n / (n + prior_weight), n = check-ins used. Check-ins
    outside PERSONAL_FIT_MIN_HOURS..PERSONAL_FIT_MAX_HOURS, or for sessions with A = 0, are
    skipped. With none usable the defaults come back unchanged.
    """
    _require_peak(default_peak_hours, field="default_peak_hours")
    if not 0 < prior_weight < math.inf:
        raise ValueError("prior_weight: must be a positive number")
    usable: list[Observation] = []
    for observation in observations:
        hours_after, soreness, amplitude = observation
        if not rules.SORENESS_MIN <= soreness <= rules.SORENESS_MAX:
            raise ValueError("observations: soreness must be between 0 and 10")
        if not 0 <= amplitude <= rules.AMPLITUDE_MAX:
            raise ValueError("observations: predicted_amplitude must be between 0 and 10")
        if math.isnan(hours_after):
            raise ValueError("observations: hours_after must be a number")
        in_window = rules.PERSONAL_FIT_MIN_HOURS <= hours_after <= rules.PERSONAL_FIT_MAX_HOURS
        if in_window and amplitude > 0:
            usable.append(Observation(float(hours_after), float(soreness), float(amplitude)))
    if not usable:
        return PersonalCurve(amplitude_scale=1.0, peak_hours=default_peak_hours)

    best_key: tuple[float, float] | None = None
    best_scale, best_peak = 1.0, default_peak_hours
    for peak in _peak_grid():
        model = [o.predicted_amplitude * _unit_curve(o.hours_after, peak, shape) for o in usable]
        denominator = sum(m * m for m in model)
        numerator = sum(o.soreness * m for o, m in zip(usable, model, strict=True))
        scale = numerator / denominator if denominator > 0 else 1.0
        scale = min(rules.PERSONAL_SCALE_MAX, max(rules.PERSONAL_SCALE_MIN, scale))
        error = sum((o.soreness - scale * m) ** 2 for o, m in zip(usable, model, strict=True))
        key = (round(error, 9), abs(peak - default_peak_hours))
        if best_key is None or key < best_key:
            best_key, best_scale, best_peak = key, scale, peak

    weight = len(usable) / (len(usable) + prior_weight)
    scale = round(1.0 + weight * (best_scale - 1.0), 3)
    peak = round(default_peak_hours + weight * (best_peak - default_peak_hours), 1)
    return PersonalCurve(
        amplitude_scale=min(rules.PERSONAL_SCALE_MAX, max(rules.PERSONAL_SCALE_MIN, scale)),
        peak_hours=min(rules.MAX_PEAK_HOURS, max(rules.MIN_PEAK_HOURS, peak)),
        observations_used=len(usable),
    )


def _unit_curve(hours_after: float, peak_hours: float, shape: float) -> float:
    """(t/T)^k * e^(k(1 - t/T)) for t > 0: 1 at the peak, computed in log space."""
    x = hours_after / peak_hours
    return math.exp(shape * (math.log(x) + 1.0 - x))


def _peak_grid() -> list[float]:
    """Candidate peak times, MIN_PEAK_HOURS to MAX_PEAK_HOURS inclusive."""
    step = rules.PERSONAL_FIT_PEAK_STEP_HOURS
    steps = round((rules.MAX_PEAK_HOURS - rules.MIN_PEAK_HOURS) / step)
    return [min(rules.MAX_PEAK_HOURS, rules.MIN_PEAK_HOURS + i * step) for i in range(steps + 1)]


def _require_peak(value: float, *, field: str) -> None:
    if not rules.MIN_PEAK_HOURS <= value <= rules.MAX_PEAK_HOURS:
        raise ValueError(
            f"{field}: must be between {rules.MIN_PEAK_HOURS:g} and {rules.MAX_PEAK_HOURS:g} hours"
        )
