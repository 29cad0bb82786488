"""The DOMS curve, session amplitude, hourly timeline and personal fit."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery import rules
from recovery.doms import (
    Observation,
    PersonalCurve,
    TimelinePoint,
    fit_personal_curve,
    predicted_soreness,
    repeated_bout_factor,
    session_amplitude,
    session_load,
    timeline,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

rpes = st.integers(rules.RPE_MIN, rules.RPE_MAX)
minutes = st.integers(rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX)
days = st.none() | st.floats(0, 120, allow_nan=False)
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
        for hour in range(rules.TIMELINE_MAX_HOURS + 1)
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
        ({"rpe": 5, "minutes": 30, "days_since_similar_session": -1}, "days_since_similar_session"),
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
    easy = session_amplitude(
        rpe=min(rpe_a, rpe_b),
        minutes=min(min_a, min_b),
        eccentric_heavy=eccentric,
        days_since_similar_session=days,
    )
    hard = session_amplitude(
        rpe=max(rpe_a, rpe_b),
        minutes=max(min_a, min_b),
        eccentric_heavy=eccentric,
        days_since_similar_session=days,
    )
    assert hard >= easy
    for hour in (12, 24, 48, 72, 96):
        assert predicted_soreness(hour, amplitude=hard) >= predicted_soreness(hour, amplitude=easy)


@few
@given(rpe=rpes, minutes=minutes, days=days)
def test_eccentric_work_never_lowers_the_curve(rpe: int, minutes: int, days: float | None) -> None:
    plain = session_amplitude(rpe=rpe, minutes=minutes, days_since_similar_session=days)
    eccentric = session_amplitude(
        rpe=rpe, minutes=minutes, eccentric_heavy=True, days_since_similar_session=days
    )
    assert eccentric >= plain


@few
@given(rpe=rpes, minutes=minutes, eccentric=st.booleans(), a=days, b=days)
def test_repeated_bout_never_raises_and_fades_with_time(
    rpe: int, minutes: int, eccentric: bool, a: float | None, b: float | None
) -> None:
    first_time = session_amplitude(rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)
    for days_since in (a, b):
        repeated = session_amplitude(
            rpe=rpe,
            minutes=minutes,
            eccentric_heavy=eccentric,
            days_since_similar_session=days_since,
        )
        assert repeated <= first_time
    if a is not None and b is not None:
        sooner, later = sorted((a, b))
        assert repeated_bout_factor(days_since_similar_session=sooner) <= repeated_bout_factor(
            days_since_similar_session=later
        )


def test_repeated_bout_factor_at_its_ends() -> None:
    assert repeated_bout_factor(days_since_similar_session=None) == 1.0
    assert repeated_bout_factor(days_since_similar_session=0) == pytest.approx(
        1 - rules.REPEATED_BOUT_MAX_REDUCTION
    )
    window = rules.REPEATED_BOUT_WINDOW_DAYS
    assert repeated_bout_factor(days_since_similar_session=window) == 1.0
    assert repeated_bout_factor(days_since_similar_session=window / 2) == pytest.approx(
        1 - rules.REPEATED_BOUT_MAX_REDUCTION / 2
    )


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_covers_48_hours_hourly_at_least() -> None:
    ended = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
    points = timeline(ended_at=ended, amplitude=0.5, peak_hours=48, tz=BERLIN)
    assert [p.hours_after for p in points] == list(range(rules.TIMELINE_MIN_HOURS + 1))
    assert points[0] == TimelinePoint(hours_after=0, at=ended, soreness=0.0)
    assert all(p.soreness == round(p.soreness, 1) for p in points)


def test_timeline_goes_on_while_still_sore_and_stops_at_the_cap() -> None:
    ended = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
    mild = timeline(ended_at=ended, amplitude=4.0, peak_hours=48, tz=BERLIN)
    assert len(mild) - 1 > rules.TIMELINE_MIN_HOURS
    assert all(p.soreness >= rules.TIMELINE_TAIL_SORENESS for p in mild[49:])
    following = predicted_soreness(len(mild), amplitude=4.0, peak_hours=48)
    assert following < rules.TIMELINE_TAIL_SORENESS
    severe = timeline(ended_at=ended, amplitude=10.0, peak_hours=72, tz=BERLIN)
    assert severe[-1].hours_after == rules.TIMELINE_MAX_HOURS


def test_timeline_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match=r"^ended_at:"):
        timeline(ended_at=datetime(2026, 1, 1), amplitude=1.0, peak_hours=48, tz=BERLIN)


@pytest.mark.parametrize(
    ("tz", "ended_local", "offsets_hours"),
    [
        # Spring forward: 02:00 CET -> 03:00 CEST.
        (BERLIN, datetime(2026, 3, 29, 0, 30), [1, 1, 2, 2]),
        # Fall back: 03:00 CEST -> 02:00 CET; 02:30 happens twice.
        (BERLIN, datetime(2026, 10, 25, 1, 30), [2, 2, 1, 1]),
        (NEW_YORK, datetime(2026, 3, 8, 0, 30), [-5, -5, -4, -4]),
        (NEW_YORK, datetime(2026, 11, 1, 0, 30), [-4, -4, -5, -5]),
    ],
)
def test_timeline_across_dst_is_hourly_in_real_time(
    tz: ZoneInfo, ended_local: datetime, offsets_hours: list[int]
) -> None:
    ended = ended_local.replace(tzinfo=tz)
    points = timeline(ended_at=ended, amplitude=5.0, peak_hours=48, tz=tz)
    # Subtracting two datetimes that share a ZoneInfo compares wall clocks, so compare in UTC.
    for before, after in pairwise(points):
        assert (after.at.astimezone(UTC) - before.at.astimezone(UTC)).total_seconds() == 3600
    assert [p.at.utcoffset() for p in points[:4]] == [timedelta(hours=h) for h in offsets_hours]
    assert all(p.at.tzinfo is tz for p in points)
    labels = [p.at.isoformat() for p in points]
    assert len(set(labels)) == len(labels)


def test_timeline_labels_the_repeated_hour_with_both_offsets() -> None:
    ended = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)
    points = timeline(ended_at=ended, amplitude=5.0, peak_hours=48, tz=BERLIN)
    assert points[1].at.isoformat() == "2026-10-25T02:30:00+02:00"
    assert points[2].at.isoformat() == "2026-10-25T02:30:00+01:00"


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


def test_one_observation_moves_the_curve_only_a_little() -> None:
    curve = fit_personal_curve(
        observations=[Observation(hours_after=48, soreness=8, predicted_amplitude=4)]
    )
    weight = 1 / (1 + rules.PERSONAL_FIT_PRIOR_WEIGHT)
    assert curve.amplitude_scale == pytest.approx(1 + weight * (2 - 1), abs=0.001)
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
        ({"amplitude_scale": 2.5}, "amplitude_scale"),
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
