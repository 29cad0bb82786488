"""The DOMS curve, session amplitude, hourly timeline and personal fit."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from recovery import rules
from recovery.doms import (
    EarlierBout,
    Observation,
    PersonalCurve,
    SessionCurve,
    SessionPoint,
    base_amplitude,
    fit_personal_curve,
    fit_session_curve,
    predicted_soreness,
    repeated_bout_factor,
    session_amplitude,
    session_load,
    superposed,
    unit_curve,
)

rpes = st.integers(rules.RPE_MIN, rules.RPE_MAX)
minutes = st.integers(rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX)
days = st.none() | st.floats(0, 400, allow_nan=False)


def earlier(days_before: float | None, *, base: float = 5.0, eccentric: bool = True):
    """One earlier bout (or none) for session_amplitude(earlier=...)."""
    return [] if days_before is None else [EarlierBout(days_before, base, eccentric)]


hours = st.floats(-24, 400, allow_nan=False)
peaks = st.floats(rules.MIN_PEAK_HOURS, rules.MAX_PEAK_HOURS, allow_nan=False)
few = settings(max_examples=60, deadline=None)


# --- the curve --------------------------------------------------------------------------------


def test_curve_shape_matches_the_design() -> None:
    amplitude = 5.0
    assert predicted_soreness(0, amplitude=amplitude) == 0.0
    assert predicted_soreness(-3, amplitude=amplitude) == 0.0
    assert predicted_soreness(rules.DOMS_PEAK_HOURS, amplitude=amplitude) == pytest.approx(5.0)
    assert predicted_soreness(24, amplitude=amplitude) == pytest.approx(0.56 * 5, abs=0.01)
    assert predicted_soreness(96, amplitude=amplitude) == pytest.approx(0.4 * 5, abs=0.01)
    assert predicted_soreness(6, amplitude=amplitude) < 0.2


def test_curve_is_clamped_to_the_scale() -> None:
    assert predicted_soreness(48, amplitude=25.0) == rules.SORENESS_MAX


@given(hours=st.floats(0, 1e-300, allow_nan=False))
@example(hours=5e-324)  # t/T underflowed to 0 and log(0) raised (found by hypothesis)
def test_curve_is_zero_at_the_tiniest_hours(hours: float) -> None:
    assert predicted_soreness(hours, amplitude=10.0) == pytest.approx(0.0, abs=1e-9)
    assert unit_curve(hours, rules.DOMS_PEAK_HOURS) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amplitude": -1.0}, "amplitude"),
        ({"amplitude": math.inf}, "amplitude"),
        ({"amplitude": 1.0, "peak_hours": 0.0}, "peak_hours"),
        ({"amplitude": 1.0, "shape": 0.0}, "shape"),
    ],
)
def test_curve_rejects_bad_parameters(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        predicted_soreness(10, **kwargs)


@few
@given(hours=hours, amplitude=st.floats(0, 100, allow_nan=False), peak=peaks)
def test_curve_values_stay_on_the_scale(hours: float, amplitude: float, peak: float) -> None:
    value = predicted_soreness(hours, amplitude=amplitude, peak_hours=peak)
    assert 0 <= value <= rules.SORENESS_MAX


@few
@given(amplitude=st.floats(0.5, 10, allow_nan=False), peak=peaks)
def test_curve_peaks_at_peak_hours(amplitude: float, peak: float) -> None:
    hourly = [
        predicted_soreness(hour, amplitude=amplitude, peak_hours=peak)
        for hour in range(rules.TIMELINE_HOURS + 1)
    ]
    top = max(range(len(hourly)), key=hourly.__getitem__)
    assert rules.MIN_PEAK_HOURS <= top <= rules.MAX_PEAK_HOURS
    assert abs(top - peak) <= 1


# --- amplitude --------------------------------------------------------------------------------


def test_typical_leg_day_is_moderate() -> None:
    assert session_load(rpe=7, minutes=60) == 420
    amplitude = session_amplitude(rpe=7, minutes=60)
    assert rules.MODERATE_SORENESS_THRESHOLD <= amplitude < rules.VERY_SORE_THRESHOLD


def test_amplitude_never_exceeds_the_scale() -> None:
    biggest = session_amplitude(
        rpe=rules.RPE_MAX, minutes=rules.SESSION_MINUTES_MAX, eccentric_heavy=True
    )
    assert biggest <= rules.AMPLITUDE_MAX


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rpe": 0, "minutes": 30}, "rpe"),
        ({"rpe": 11, "minutes": 30}, "rpe"),
        ({"rpe": True, "minutes": 30}, "rpe"),
        ({"rpe": 5, "minutes": 0}, "minutes"),
        ({"rpe": 5, "minutes": 601}, "minutes"),
        ({"rpe": 5, "minutes": 30, "earlier": [EarlierBout(-1, 5, True)]}, "earlier"),
    ],
)
def test_amplitude_rejects_bad_input(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        session_amplitude(**kwargs)  # type: ignore[arg-type]


@few
@given(rpe_a=rpes, rpe_b=rpes, min_a=minutes, min_b=minutes, eccentric=st.booleans(), days=days)
def test_harder_session_never_gives_a_lower_curve(
    rpe_a: int, rpe_b: int, min_a: int, min_b: int, eccentric: bool, days: float | None
) -> None:
    low, high = sorted([(rpe_a, min_a), (rpe_b, min_b)], key=lambda p: p[0] * p[1])
    if not (low[0] <= high[0] and low[1] <= high[1]):
        low = (min(rpe_a, rpe_b), min(min_a, min_b))
        high = (max(rpe_a, rpe_b), max(min_a, min_b))
    bouts = earlier(days)
    a_low = session_amplitude(rpe=low[0], minutes=low[1], eccentric_heavy=eccentric, earlier=bouts)
    a_high = session_amplitude(
        rpe=high[0], minutes=high[1], eccentric_heavy=eccentric, earlier=bouts
    )
    # An earlier bout protects less against a bigger session, so this holds with one too.
    assert a_high >= a_low - 1e-12
    for hour in (12, 24, 48, 72, 96):
        assert predicted_soreness(hour, amplitude=a_high) >= predicted_soreness(
            hour, amplitude=a_low
        )


@few
@given(rpe=rpes, minutes=minutes, days=days)
def test_eccentric_work_never_lowers_the_curve(rpe: int, minutes: int, days: float | None) -> None:
    plain = session_amplitude(rpe=rpe, minutes=minutes, earlier=earlier(days))
    eccentric = session_amplitude(
        rpe=rpe, minutes=minutes, eccentric_heavy=True, earlier=earlier(days)
    )
    assert eccentric >= plain
    fresh = session_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=True)
    unprotected = session_amplitude(rpe=rpe, minutes=minutes)
    assert fresh == pytest.approx(min(10.0, rules.ECCENTRIC_MULTIPLIER * unprotected))


@few
@given(rpe=rpes, minutes=minutes, eccentric=st.booleans(), a=days, b=days)
def test_repeated_bout_never_raises_and_fades_with_time(
    rpe: int, minutes: int, eccentric: bool, a: float | None, b: float | None
) -> None:
    fresh = session_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)
    for days_before in (a, b):
        bouts = earlier(days_before)
        assert (
            session_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=eccentric, earlier=bouts)
            <= fresh
        )
    if a is not None and b is not None and a <= b:
        sooner = session_amplitude(
            rpe=rpe, minutes=minutes, eccentric_heavy=eccentric, earlier=earlier(a)
        )
        later = session_amplitude(
            rpe=rpe, minutes=minutes, eccentric_heavy=eccentric, earlier=earlier(b)
        )
        assert sooner <= later


def test_repeated_bout_factor_at_its_ends() -> None:
    full = 1 - rules.REPEATED_BOUT_MAX_REDUCTION
    fade = rules.REPEATED_BOUT_FADE_DAYS
    assert repeated_bout_factor(current_base=5, earlier=[]) == 1.0
    assert repeated_bout_factor(current_base=5, earlier=[EarlierBout(0, 5, True)]) == full
    halfway = repeated_bout_factor(current_base=5, earlier=[EarlierBout(fade / 2, 5, True)])
    assert halfway == pytest.approx(1 - rules.REPEATED_BOUT_MAX_REDUCTION / 2)
    assert repeated_bout_factor(current_base=5, earlier=[EarlierBout(fade, 5, True)]) == 1.0


def test_repeated_bout_still_protects_at_twelve_weeks() -> None:
    """Protection has been reported 12 weeks after a bout (docs/model.md)."""
    factor = repeated_bout_factor(current_base=5, earlier=[EarlierBout(84, 5, True)])
    assert factor < 1 - rules.REPEATED_BOUT_MAX_REDUCTION / 3


def test_repeated_bout_scales_with_the_earlier_bouts_size_and_kind() -> None:
    as_big = repeated_bout_factor(current_base=6, earlier=[EarlierBout(7, 6, True)])
    half_as_big = repeated_bout_factor(current_base=6, earlier=[EarlierBout(7, 3, True)])
    plain = repeated_bout_factor(current_base=6, earlier=[EarlierBout(7, 6, False)])
    assert as_big < half_as_big < 1
    assert as_big < plain < 1
    assert 1 - half_as_big == pytest.approx((1 - as_big) / 2)
    assert 1 - plain == pytest.approx((1 - as_big) * rules.REPEATED_BOUT_PLAIN_SHARE)
    # the strongest single protection counts, not the sum
    both = [EarlierBout(7, 6, True), EarlierBout(3, 3, False)]
    assert repeated_bout_factor(current_base=6, earlier=both) == as_big


def test_a_tiny_session_barely_protects_a_big_one() -> None:
    tiny = base_amplitude(rpe=2, minutes=10)
    big = base_amplitude(rpe=8, minutes=75, eccentric_heavy=True)
    factor = repeated_bout_factor(current_base=big, earlier=[EarlierBout(1, tiny, False)])
    assert factor > 0.95


# --- several sessions -------------------------------------------------------------------------


@few
@given(values=st.lists(st.floats(0, 10, allow_nan=False), max_size=6))
def test_superposed_soreness_adds_up_to_the_top_of_the_scale(values: list[float]) -> None:
    total = superposed(values)
    assert total == pytest.approx(min(10.0, sum(values)))
    assert all(total >= v - 1e-9 for v in values)


# --- personal curve ---------------------------------------------------------------------------


def test_no_observations_gives_the_defaults_exactly() -> None:
    assert fit_personal_curve(observations=[]) == PersonalCurve(
        amplitude_scale=1.0, peak_hours=rules.DOMS_PEAK_HOURS, observations_used=0
    )
    assert fit_personal_curve(observations=[], default_peak_hours=40.0).peak_hours == 40.0


def test_unusable_observations_are_skipped() -> None:
    too_early = Observation(hours_after=2, soreness=3, predicted_amplitude=5)
    too_late = Observation(hours_after=200, soreness=1, predicted_amplitude=5)
    no_load = Observation(hours_after=48, soreness=4, predicted_amplitude=0)
    assert fit_personal_curve(observations=[too_early, too_late, no_load]) == PersonalCurve()


def test_fit_recovers_a_consistent_athlete_with_shrinkage() -> None:
    true_scale, true_peak = 1.5, 36.0
    observations = [
        Observation(
            hours_after=t,
            soreness=true_scale * predicted_soreness(t, amplitude=amplitude, peak_hours=true_peak),
            predicted_amplitude=amplitude,
        )
        for amplitude in (3.0, 4.0, 5.0)
        for t in (12, 24, 36, 48, 60, 72, 96)
    ]
    curve = fit_personal_curve(observations=observations)
    n = len(observations)
    weight = n / (n + rules.PERSONAL_FIT_PRIOR_WEIGHT)
    assert curve.observations_used == n
    assert curve.amplitude_scale == pytest.approx(1 + weight * (true_scale - 1), abs=0.002)
    assert curve.peak_hours == pytest.approx(48 + weight * (true_peak - 48), abs=0.1)


def test_one_observation_moves_the_curve_part_of_the_way() -> None:
    curve = fit_personal_curve(
        observations=[Observation(hours_after=48, soreness=8, predicted_amplitude=4)]
    )
    weight = 1 / (1 + rules.PERSONAL_FIT_PRIOR_WEIGHT)
    assert curve.amplitude_scale == pytest.approx(1 + weight * (2 - 1), abs=0.001)
    assert 1 < curve.amplitude_scale < 2
    assert curve.peak_hours == rules.DOMS_PEAK_HOURS


@pytest.mark.parametrize(
    "observation",
    [
        Observation(hours_after=24, soreness=11, predicted_amplitude=5),
        Observation(hours_after=24, soreness=-1, predicted_amplitude=5),
        Observation(hours_after=24, soreness=3, predicted_amplitude=-1),
        Observation(hours_after=math.nan, soreness=3, predicted_amplitude=5),
    ],
)
def test_fit_rejects_impossible_observations(observation: Observation) -> None:
    with pytest.raises(ValueError, match=r"^observations:"):
        fit_personal_curve(observations=[observation])


@pytest.mark.parametrize("peak", [23.9, 72.1])
def test_fit_rejects_a_default_peak_out_of_bounds(peak: float) -> None:
    with pytest.raises(ValueError, match=r"^default_peak_hours:"):
        fit_personal_curve(observations=[], default_peak_hours=peak)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amplitude_scale": 0.1}, "amplitude_scale"),
        ({"amplitude_scale": 3.5}, "amplitude_scale"),
        ({"peak_hours": 12.0}, "peak_hours"),
        ({"peak_hours": 80.0}, "peak_hours"),
    ],
)
def test_personal_curve_refuses_values_out_of_bounds(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        PersonalCurve(**kwargs)


observation_lists = st.lists(
    st.builds(
        Observation,
        hours_after=st.floats(0, 240, allow_nan=False),
        soreness=st.integers(0, 10),
        predicted_amplitude=st.floats(0, 10, allow_nan=False),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(observations=observation_lists, default_peak=peaks)
def test_fit_stays_in_bounds(observations: list[Observation], default_peak: float) -> None:
    curve = fit_personal_curve(observations=observations, default_peak_hours=default_peak)
    assert rules.MIN_PEAK_HOURS <= curve.peak_hours <= rules.MAX_PEAK_HOURS
    assert rules.PERSONAL_SCALE_MIN <= curve.amplitude_scale <= rules.PERSONAL_SCALE_MAX
    assert 0 <= curve.observations_used <= len(observations)
    if curve.observations_used == 0:
        assert curve == PersonalCurve(amplitude_scale=1.0, peak_hours=default_peak)


# --- this session's own check-ins -------------------------------------------------------------

PRIOR = SessionCurve(amplitude=3.0, peak_hours=48.0)


def test_no_usable_check_in_keeps_the_prediction() -> None:
    assert fit_session_curve(prior=PRIOR, points=[]) == PRIOR
    early = SessionPoint(hours_after=rules.SESSION_FIT_MIN_HOURS - 1, soreness=6)
    assert fit_session_curve(prior=PRIOR, points=[early]) == PRIOR


@settings(max_examples=150, deadline=None)
@given(
    hours=st.floats(16, rules.TIMELINE_HOURS, allow_nan=False),
    soreness=st.integers(0, 10),
    prior_amplitude=st.floats(0, 10, allow_nan=False),
    prior_peak=peaks,
)
@example(hours=16.0, soreness=10, prior_amplitude=0.0, prior_peak=72.0)
@example(hours=96.0, soreness=10, prior_amplitude=0.0, prior_peak=24.0)
def test_one_check_in_pulls_the_curve_within_two_points_of_it(
    hours: float, soreness: int, prior_amplitude: float, prior_peak: float
) -> None:
    """From 16 h to the end of the timeline; earlier or later, a curve that peaks between 24
    and 72 h cannot reach an extreme rating (docs/model.md, section 3)."""
    prior = SessionCurve(amplitude=prior_amplitude, peak_hours=prior_peak)
    curve = fit_session_curve(prior=prior, points=[SessionPoint(hours, soreness)])
    assert curve.check_ins_used == 1
    assert abs(curve.at(hours) - soreness) <= 2
    assert rules.MIN_PEAK_HOURS <= curve.peak_hours <= rules.MAX_PEAK_HOURS
    assert 0 <= curve.amplitude <= rules.AMPLITUDE_MAX


def test_a_check_in_outweighs_the_prediction() -> None:
    curve = fit_session_curve(prior=PRIOR, points=[SessionPoint(24, 8)])
    prior_at_24 = PRIOR.at(24)
    assert abs(curve.at(24) - 8) < abs(prior_at_24 - 8) / 4


def test_consistent_check_ins_recover_the_curve_they_came_from() -> None:
    truth = SessionCurve(amplitude=7.0, peak_hours=36.0)
    points = [SessionPoint(t, truth.at(t)) for t in (18, 24, 36, 48, 60)]
    curve = fit_session_curve(prior=PRIOR, points=points)
    assert curve.peak_hours == pytest.approx(36, abs=3)
    assert curve.amplitude == pytest.approx(7, abs=0.5)


# --- killing mutants that `make mutate` found alive ------------------------------------------


def test_a_bigger_earlier_bout_protects_no_more_than_an_equal_one():
    equal = repeated_bout_factor(current_base=4, earlier=[EarlierBout(10, 4, True)])
    bigger = repeated_bout_factor(current_base=4, earlier=[EarlierBout(10, 8, True)])
    assert bigger == equal


def test_a_faded_bout_does_not_hide_a_recent_one():
    faded = EarlierBout(rules.REPEATED_BOUT_FADE_DAYS + 30, 5, True)
    recent = EarlierBout(7, 5, True)
    assert (
        repeated_bout_factor(current_base=5, earlier=[faded, recent])
        == (repeated_bout_factor(current_base=5, earlier=[recent]))
        < 1
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"current_base": -1.0, "earlier": []}, "^current_base: must be a finite number"),
        ({"current_base": math.inf, "earlier": []}, "^current_base: must be a finite number"),
        ({"current_base": 5.0, "earlier": [EarlierBout(math.inf, 5, True)]}, "^earlier: "),
    ],
)
def test_repeated_bout_factor_names_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        repeated_bout_factor(**kwargs)


def test_the_curve_names_a_missing_hour():
    with pytest.raises(ValueError, match=r"^hours_after: must be a number$"):
        predicted_soreness(math.nan, amplitude=3.0)
    with pytest.raises(ValueError, match=r"^peak_hours: "):
        predicted_soreness(10, amplitude=3.0, peak_hours=math.inf)
    with pytest.raises(ValueError, match=r"^shape: "):
        predicted_soreness(10, amplitude=3.0, shape=math.inf)


def test_the_curve_is_already_above_zero_in_the_first_hour():
    assert 0 < predicted_soreness(1, amplitude=10.0) < 0.01
    assert predicted_soreness(1, amplitude=10.0, shape=1.0) > predicted_soreness(
        1, amplitude=10.0
    )  # the shape is passed through
