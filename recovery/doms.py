"""Predicted delayed-onset muscle soreness (DOMS) after leg sessions.

One session's curve is s(t) = A * (t/T)^k * e^(k(1 - t/T)) for t hours after it ended: zero at
the end of the session, A at t = T, then a slow decay. Several recent sessions add up, capped at
the top of the scale (`superposed`). A session's amplitude A comes from its load, eccentric work
and the protection of earlier bouts (`session_amplitude`); the athlete's past check-ins calibrate
new sessions (`fit_personal_curve`), and a session's own check-ins bend its curve
(`fit_session_curve`). See `docs/model.md`.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from recovery import rules


class Observation(NamedTuple):
    """A past check-in: when (hours after its session), how sore, and that session's base A."""

    hours_after: float
    soreness: float
    predicted_amplitude: float


class EarlierBout(NamedTuple):
    """A leg session before the one being predicted: how long before, how big, how eccentric."""

    days_before: float
    base_amplitude: float
    eccentric_heavy: bool


class SessionPoint(NamedTuple):
    """A check-in on the session being fitted: hours after it, and the soreness this session
    explains (the rating minus what earlier sessions still contribute)."""

    hours_after: float
    soreness: float


@dataclass(frozen=True, slots=True)
class PersonalCurve:
    """An athlete's own response: a factor on the predicted amplitude and a peak time."""

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

    @property
    def evidence_weight(self) -> float:
        """n / (n + k): how much the athlete's own check-ins count against the defaults."""
        n = self.observations_used
        return n / (n + rules.PERSONAL_FIT_PRIOR_WEIGHT)


@dataclass(frozen=True, slots=True)
class SessionCurve:
    """One session's curve: its amplitude, its peak time, and how many of its own check-ins
    moved it away from the prediction."""

    amplitude: float
    peak_hours: float
    check_ins_used: int = 0

    def at(self, hours_after: float) -> float:
        return predicted_soreness(hours_after, amplitude=self.amplitude, peak_hours=self.peak_hours)


def session_load(*, rpe: int, minutes: int) -> int:
    """Foster's session-RPE load in arbitrary units: RPE (CR-10) times minutes."""
    rules.require_int("rpe", rpe, low=rules.RPE_MIN, high=rules.RPE_MAX)
    rules.require_int(
        "minutes", minutes, low=rules.SESSION_MINUTES_MIN, high=rules.SESSION_MINUTES_MAX
    )
    return rpe * minutes


def base_amplitude(*, rpe: int, minutes: int, eccentric_heavy: bool = False) -> float:
    """Peak soreness A (0-10) a session predicts before any protection or personal scaling:
    saturating in load, raised for eccentric-heavy work."""
    load = session_load(rpe=rpe, minutes=minutes)
    amplitude = rules.AMPLITUDE_LOAD_CEILING * -math.expm1(-load / rules.AMPLITUDE_LOAD_SCALE_AU)
    if eccentric_heavy:
        amplitude *= rules.ECCENTRIC_MULTIPLIER
    return min(rules.AMPLITUDE_MAX, amplitude)


def repeated_bout_factor(*, current_base: float, earlier: Iterable[EarlierBout]) -> float:
    """Multiplier (0.5-1) for the protection earlier bouts give against this one.

    Each earlier bout protects in proportion to its size relative to this session (a smaller
    bout protects less), whether it was eccentric-heavy (a plain one gives
    REPEATED_BOUT_PLAIN_SHARE of the protection) and how long ago it was (fading linearly to
    nothing at REPEATED_BOUT_FADE_DAYS). The strongest single protection counts.
    """
    bouts = list(earlier)
    return bouts_factor(
        current_base=current_base,
        days_before=[bout.days_before for bout in bouts],
        base_amplitudes=[bout.base_amplitude for bout in bouts],
        eccentric_heavy=[bout.eccentric_heavy for bout in bouts],
    )


def bouts_factor(
    *,
    current_base: float,
    days_before: Sequence[float],
    base_amplitudes: Sequence[float],
    eccentric_heavy: Sequence[bool],
) -> float:
    """`repeated_bout_factor` with the earlier bouts given field by field, as parallel
    sequences: the planner keeps its sessions that way and asks for several of them."""
    if not 0 <= current_base < math.inf:
        raise ValueError("current_base: must be a finite number of zero or more")
    if not all(0 <= before < math.inf for before in days_before):
        raise ValueError("earlier: days_before must be zero or more days")
    fade_days = rules.REPEATED_BOUT_FADE_DAYS
    plain = rules.REPEATED_BOUT_PLAIN_SHARE
    protection = 0.0
    for before, base, heavy in zip(days_before, base_amplitudes, eccentric_heavy, strict=True):
        if before >= fade_days or base <= 0:
            continue
        size = base / current_base if current_base > 0 else 1.0
        if not size < 1.0:  # min(1.0, size): a bout as big or bigger protects fully
            size = 1.0
        strength = size * (1.0 if heavy else plain) * (1.0 - before / fade_days)
        if strength > protection:
            protection = strength
    return 1.0 - rules.REPEATED_BOUT_MAX_REDUCTION * protection


def session_amplitude(
    *,
    rpe: int,
    minutes: int,
    eccentric_heavy: bool = False,
    earlier: Sequence[EarlierBout] = (),
) -> float:
    """Predicted peak soreness A (0-10) for a session, protection from earlier bouts included."""
    base = base_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=eccentric_heavy)
    return base * repeated_bout_factor(current_base=base, earlier=earlier)


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
    return min(float(rules.SORENESS_MAX), amplitude * unit_curve(hours_after, peak_hours, shape))


def superposed(values: Iterable[float]) -> float:
    """Soreness from several sessions at one moment: their sum, capped at the top of the scale."""
    return min(float(rules.SORENESS_MAX), math.fsum(values))


def fit_personal_curve(
    *,
    observations: Sequence[Observation],
    default_peak_hours: float = rules.DOMS_PEAK_HOURS,
    shape: float = rules.DOMS_SHAPE_K,
    prior_weight: float = rules.PERSONAL_FIT_PRIOR_WEIGHT,
) -> PersonalCurve:
    """Fit an amplitude factor and peak time to past check-ins, shrunk toward the defaults.

    Each observation's `predicted_amplitude` is its session's *base* amplitude (no repeated-bout
    protection): what the athlete reported already includes whatever protection their usual
    training gives them. Least squares over a grid of peak times in [MIN_PEAK_HOURS,
    MAX_PEAK_HOURS]; the best fit is blended with the defaults by n / (n + prior_weight), n =
    check-ins used. Check-ins outside PERSONAL_FIT_MIN_HOURS..PERSONAL_FIT_MAX_HOURS, or for
    sessions with A = 0, are skipped. With none usable the defaults come back unchanged.
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
    hours = [o.hours_after for o in usable]
    ratings = [o.soreness for o in usable]
    amplitudes = [o.predicted_amplitude for o in usable]
    exp, log = math.exp, math.log
    for peak in _peak_grid():
        # The same arithmetic as amplitude * unit_curve(hours_after, peak, shape), inlined: the
        # grid evaluates it for every observation at every peak.
        model = [
            amplitude * (exp(shape * (log(x) + 1.0 - x)) if x > 0 else 0.0)
            for amplitude, x in zip(amplitudes, [h / peak for h in hours], strict=True)
        ]
        denominator = sum(map(operator.mul, model, model))
        numerator = sum(map(operator.mul, ratings, model))
        scale = numerator / denominator if denominator > 0 else 1.0
        scale = min(rules.PERSONAL_SCALE_MAX, max(rules.PERSONAL_SCALE_MIN, scale))
        error = sum([(rating - scale * m) ** 2 for rating, m in zip(ratings, model, strict=True)])
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


@functools.lru_cache(maxsize=4096)
def _fit_session_curve_cached(
    prior: SessionCurve, points: tuple[SessionPoint, ...], shape: float
) -> SessionCurve:
    return _fit_session_curve(prior=prior, points=points, shape=shape)


def fit_session_curve(
    *,
    prior: SessionCurve,
    points: Sequence[SessionPoint],
    shape: float = rules.DOMS_SHAPE_K,
) -> SessionCurve:
    """Bend one session's predicted curve toward that session's own check-ins (see
    `_fit_session_curve`). A past session's fit never changes, so results are memoised."""
    return _fit_session_curve_cached(prior, tuple(points), shape)


def _fit_session_curve(
    *,
    prior: SessionCurve,
    points: Sequence[SessionPoint],
    shape: float,
) -> SessionCurve:
    """Bend one session's predicted curve toward that session's own check-ins.

    For each candidate peak time, the amplitude minimises the squared misses plus a prior term
    that counts the prediction as SESSION_FIT_PRIOR_WEIGHT of one check-in; moving the peak
    away from the prediction's costs SESSION_FIT_PEAK_PENALTY per 24 h. Check-ins earlier than
    SESSION_FIT_MIN_HOURS are not used: soreness in the first hours is fatigue more than DOMS,
    and the curve's shape (peak at 24 h or later) cannot follow it.
    """
    usable = [
        SessionPoint(float(p.hours_after), min(float(rules.SORENESS_MAX), max(0.0, p.soreness)))
        for p in points
        if rules.SESSION_FIT_MIN_HOURS <= p.hours_after <= rules.PERSONAL_FIT_MAX_HOURS
    ]
    if not usable:
        return prior
    weight = rules.SESSION_FIT_PRIOR_WEIGHT

    def cost_at(peak: float) -> tuple[float, float]:
        units = [unit_curve(p.hours_after, peak, shape) for p in usable]
        squares = sum(u * u for u in units)
        spread = squares / len(units)  # the prior's "one check-in" of evidence
        numerator = sum(p.soreness * u for p, u in zip(usable, units, strict=True))
        amplitude = (numerator + weight * spread * prior.amplitude) / (squares + weight * spread)
        amplitude = min(rules.AMPLITUDE_MAX, max(0.0, amplitude))
        misses = sum((p.soreness - amplitude * u) ** 2 for p, u in zip(usable, units, strict=True))
        cost = (
            misses
            + weight * spread * (amplitude - prior.amplitude) ** 2
            + rules.SESSION_FIT_PEAK_PENALTY * ((peak - prior.peak_hours) / 24.0) ** 2
        )
        return cost, amplitude

    # Coarse grid, then every hour around the best coarse peak.
    grid = _peak_grid()
    coarse = [*grid[::_COARSE_STEP], prior.peak_hours]
    best_peak = min(coarse, key=lambda peak: cost_at(peak)[0])
    near = [p for p in grid if abs(p - best_peak) < _COARSE_STEP] + [prior.peak_hours]
    best_peak = min(near, key=lambda peak: (cost_at(peak)[0], abs(peak - prior.peak_hours)))
    amplitude = cost_at(best_peak)[1]
    return SessionCurve(amplitude=amplitude, peak_hours=best_peak, check_ins_used=len(usable))


_COARSE_STEP = 6  # grid points (hours) between coarse candidates when fitting one session


def unit_curve(hours_after: float, peak_hours: float, shape: float = rules.DOMS_SHAPE_K) -> float:
    """(t/T)^k * e^(k(1 - t/T)): 0 at or before t = 0, 1 at the peak; computed in log space."""
    x = hours_after / peak_hours
    if x <= 0:  # also a t so small that t/T underflows to 0 (e.g. 5e-324 h)
        return 0.0
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
