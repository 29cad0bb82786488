"""Every recovery number and piece of advice, in one place.

The DOMS model (`doms.py`), the planner (`planner.py`), forms, templates and tests import
these names; change a value here and the text below changes with it. Sources for each value
are in `docs/model.md`.
"""

from __future__ import annotations

from datetime import time
from typing import Final

# --- Input ranges (forms and database constraints mirror these) -----------------------------

RPE_MIN: Final[int] = 1  # session RPE on the CR-10 scale, lowest
RPE_MAX: Final[int] = 10  # session RPE on the CR-10 scale, highest
SESSION_MINUTES_MIN: Final[int] = 1  # shortest leg session we accept
SESSION_MINUTES_MAX: Final[int] = 600  # longest leg session we accept (10 h)
SORENESS_MIN: Final[int] = 0  # soreness rating: none at all
SORENESS_MAX: Final[int] = 10  # soreness rating: worst imaginable


def require_int(field: str, value: object, *, low: int, high: int) -> int:
    """Return `value` if it is an integer in [low, high], else raise ValueError naming `field`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field}: must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"{field}: must be between {low} and {high}")
    return value


# --- Soreness scale bands (0-10 numeric rating) ---------------------------------------------

MILD_SORENESS_THRESHOLD: Final[int] = 1  # 1-3 is mild
MODERATE_SORENESS_THRESHOLD: Final[int] = 4  # 4-6 is moderate: shorter, gentler run
VERY_SORE_THRESHOLD: Final[int] = 7  # 7-8 is very sore: no same-day run
PAIN_SORENESS_THRESHOLD: Final[int] = 9  # 9-10 is severe: walk instead of running

SORENESS_NONE: Final[str] = "none"
SORENESS_MILD: Final[str] = "mild"
SORENESS_MODERATE: Final[str] = "moderate"
SORENESS_VERY_SORE: Final[str] = "very sore"
SORENESS_SEVERE: Final[str] = "severe"

# (lowest, highest, label) for each band, in order; a legend for the UI.
SORENESS_BANDS: Final[tuple[tuple[int, int, str], ...]] = (
    (SORENESS_MIN, MILD_SORENESS_THRESHOLD - 1, SORENESS_NONE),
    (MILD_SORENESS_THRESHOLD, MODERATE_SORENESS_THRESHOLD - 1, SORENESS_MILD),
    (MODERATE_SORENESS_THRESHOLD, VERY_SORE_THRESHOLD - 1, SORENESS_MODERATE),
    (VERY_SORE_THRESHOLD, PAIN_SORENESS_THRESHOLD - 1, SORENESS_VERY_SORE),
    (PAIN_SORENESS_THRESHOLD, SORENESS_MAX, SORENESS_SEVERE),
)


def soreness_band(value: float) -> str:
    """Name the band of a soreness value (0-10; predicted values may be fractional)."""
    if not SORENESS_MIN <= value <= SORENESS_MAX:  # also rejects NaN
        raise ValueError(f"soreness: must be between {SORENESS_MIN} and {SORENESS_MAX}")
    if value >= PAIN_SORENESS_THRESHOLD:
        return SORENESS_SEVERE
    if value >= VERY_SORE_THRESHOLD:
        return SORENESS_VERY_SORE
    if value >= MODERATE_SORENESS_THRESHOLD:
        return SORENESS_MODERATE
    if value >= MILD_SORENESS_THRESHOLD:
        return SORENESS_MILD
    return SORENESS_NONE


# --- DOMS curve s(t) = A * (t/T)^k * e^(k(1 - t/T)) ------------------------------------------

DOMS_PEAK_HOURS: Final[float] = 48.0  # T: default hours from session end to peak soreness
DOMS_SHAPE_K: Final[float] = 3.0  # k: rise/decay sharpness (~0.56*A at 24 h, ~0.4*A at 96 h)
MIN_PEAK_HOURS: Final[float] = 24.0  # earliest peak a curve may have (personal fit included)
MAX_PEAK_HOURS: Final[float] = 72.0  # latest peak a curve may have (personal fit included)

TIMELINE_HOURS: Final[int] = 96  # a timeline always covers hours 0..96 after the session
CHART_HOURS: Final[int] = 96  # the chart always spans hours 0..96 after the session (<= timeline)
SUPERPOSITION_DAYS: Final[float] = 10.0  # sessions this recent add to predicted soreness

# --- Amplitude A: how high the curve peaks ---------------------------------------------------

AMPLITUDE_LOAD_CEILING: Final[float] = 8.0  # peak soreness an unlimited (non-eccentric) load nears
AMPLITUDE_LOAD_SCALE_AU: Final[float] = 400.0  # session load (RPE x min) reaching ~63 % of ceiling
ECCENTRIC_MULTIPLIER: Final[float] = 1.25  # eccentric-heavy work (lowering, downhill) raises A
REPEATED_BOUT_FADE_DAYS: Final[float] = 180.0  # an earlier bout's protection fades to 0 by here
REPEATED_BOUT_MAX_REDUCTION: Final[float] = 0.5  # full protection (big, eccentric, recent): A/2
REPEATED_BOUT_PLAIN_SHARE: Final[float] = 0.5  # an earlier bout without eccentric-heavy work: half
AMPLITUDE_MAX: Final[float] = float(SORENESS_MAX)  # A never exceeds the top of the scale

# --- Personal curve fitted from past check-ins -----------------------------------------------

PERSONAL_FIT_PRIOR_WEIGHT: Final[float] = 2.0  # k in n/(n+k): defaults count as 2 check-ins
PERSONAL_FIT_MIN_HOURS: Final[float] = 12.0  # earlier check-ins say little about the peak
PERSONAL_FIT_MAX_HOURS: Final[float] = 120.0  # check-ins later than this belong to other things
PERSONAL_FIT_PEAK_STEP_HOURS: Final[float] = 1.0  # grid step when searching the peak time
PERSONAL_SCALE_MIN: Final[float] = 0.25  # a personal amplitude factor never goes below this
PERSONAL_SCALE_MAX: Final[float] = 3.0  # nor above this

# --- This session's curve, bent toward its own check-ins ------------------------------------

SESSION_FIT_MIN_HOURS: Final[float] = 12.0  # earlier check-ins are held, but don't bend the curve
SESSION_FIT_PRIOR_WEIGHT: Final[float] = 0.2  # the prediction counts as 1/5 of one check-in
SESSION_FIT_PEAK_PENALTY: Final[float] = 0.5  # cost (points squared) per 24 h the peak moves

# --- Timing of the recovery run -------------------------------------------------------------

MIN_WAIT_HOURS: Final[int] = 6  # no run sooner than this after the session ends
SAME_DAY_WINDOW_END_HOURS: Final[int] = 9  # same-day window closes; next-day runs not before it
SAME_DAY_FULL_WAIT_LOAD_AU: Final[float] = 600.0  # load at which the recommended start is 9 h
RECOMMENDED_START_ROUNDING_MINUTES: Final[int] = 15  # recommended clock times on the quarter hour
RUN_DAY_START: Final[time] = time(7, 0)  # no run recommended before 07:00 local
RUN_DAY_END: Final[time] = time(21, 0)  # none after 21:00 local: pushed to next day 07:00
EVENING_START: Final[time] = time(18, 0)  # a start at or after this local time is "Tonight"
CHECKIN_FRESH_HOURS: Final[float] = 12.0  # an ordinary check-in stays in force this long
ALARM_IN_FORCE_HOURS: Final[float] = 168.0  # pain / severe / very sore: until replaced, <= 7 days
PLAN_HORIZON_HOURS: Final[int] = 48  # run windows are listed at least this far ahead of now
RECOVERED_AFTER_HOURS: Final[float] = 72.0  # past this, with low soreness, the session is done

# --- Hard runs (intervals, tempo, long runs): function, not just soreness --------------------

QUALITY_HARD_SESSION_RPE: Final[int] = 7  # a session this hard (session RPE) ...
QUALITY_AFTER_HARD_HOURS: Final[int] = 24  # ... rules out hard runs for this long
QUALITY_AFTER_ECCENTRIC_HOURS: Final[int] = 48  # eccentric-heavy work: for this long
QUALITY_SORENESS_BELOW: Final[int] = MODERATE_SORENESS_THRESHOLD  # and while soreness >= this

# --- The run itself -------------------------------------------------------------------------

RECOVERY_RUN_RPE: Final[tuple[int, int]] = (3, 4)  # easy: CR-10 RPE 3 to 4
SORE_RUN_RPE: Final[tuple[int, int]] = (3, 3)  # moderately sore or heavy legs: bottom end only
RECOVERY_RUN_MINUTES: Final[tuple[int, int]] = (20, 30)  # 20 to 30 minutes at most
SORE_RUN_MAX_MINUTES: Final[int] = 25  # moderately sore: cap lowered to this
HEAVY_LEGS_RUN_MAX_MINUTES: Final[int] = 20  # legs feel heavy (or pain: walk): cap lowered to this
WARMUP_MINUTES: Final[int] = 5  # light dynamic warm-up before
COOLDOWN_MINUTES: Final[int] = 5  # gentle walking after
# An imported run's average heart rate above this share of the athlete's maximum was not easy
# (the top of the usual "easy"/zone-2 band, 60-75 % of maximum heart rate).
EASY_RUN_MAX_HR_FRACTION: Final[float] = 0.75

# --- Advice shown on every plan (written for Legday; numbers come from above) ---------------

WARMUP: Final[str] = (
    f"Warm up for about {WARMUP_MINUTES} minutes with light, moving drills: a few minutes of "
    "easy walking, then leg swings forwards and sideways and slow hip circles."
)
COOLDOWN: Final[str] = (
    f"Cool down with about {COOLDOWN_MINUTES} minutes of relaxed walking, letting your breathing "
    "settle before you stop."
)
STOP_RULE_LEGS_HEAVY: Final[str] = (
    "Your legs already felt heavy, so run on probation: if they feel heavier once you are "
    "moving, or anything hurts, stop straight away and walk the rest of the way."
)
STOP_RULE_WALK: Final[str] = (
    "If anything hurts while you walk, stop and rest; sharp or worsening pain is a reason to "
    "stay off your legs and have them checked."
)
STOP_RULE: Final[str] = (
    "If your legs start to feel heavy or anything hurts, stop running straight away and walk "
    "the rest of the way. Cutting it short is the right call, not a failed run."
)
FUEL: Final[str] = (
    "Heavy leg work uses up the carbohydrate stored in your muscles (glycogen), and running "
    "draws on the same store. Have a meal or snack with carbohydrate and some protein "
    "beforehand; don't run on an empty stomach after leg day."
)
TALK_TEST: Final[str] = (
    f"Keep the effort at {RECOVERY_RUN_RPE[0]}-{RECOVERY_RUN_RPE[1]} out of 10: you should be "
    "able to chat in full sentences the whole way without getting out of breath. If you can't, "
    "slow down or walk."
)
TALK_TEST_WALK: Final[str] = (
    "Walk at a pace at which you could hold a relaxed conversation; you should finish feeling "
    "looser, not more tired."
)
WALK_INSTEAD: Final[str] = (
    f"Skip the run: walk easily for {HEAVY_LEGS_RUN_MAX_MINUTES} minutes or choose another "
    "gentle, low-impact activity instead. If the pain is sharp or doesn't ease, have it "
    "checked by a health professional."
)
