"""The planner's shortcuts give exactly what the plain computation gives.

The crossing scan skips runs of hourly samples that the curves' shapes prove lie between the
same two thresholds; the repeated-bout protection is computed from parallel sequences. Both
must change nothing: these tests compare them with the plain computation they replace.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from recovery import rules
from recovery.doms import EarlierBout, bouts_factor, repeated_bout_factor
from recovery.planner import _THRESHOLDS, _crossings, _Forecast

# (end in epoch hours, amplitude, peak hours), oldest first, as the planner keeps them.
amplitudes = st.floats(0, rules.AMPLITUDE_MAX) | st.sampled_from(
    [3.95, 3.9499999999, 4.0, 6.95, 7.0, 8.95, 9.0, rules.AMPLITUDE_MAX]
)
curves = st.lists(
    st.tuples(
        st.floats(0, 240),  # hours before the latest session's end
        amplitudes,
        st.floats(rules.MIN_PEAK_HOURS, rules.MAX_PEAK_HOURS),
    ),
    min_size=1,
    max_size=5,
).map(
    lambda drawn: tuple(
        sorted(((480_000.0 - before, amplitude, peak) for before, amplitude, peak in drawn))
    )
)


def forecast(of: tuple[tuple[float, float, float], ...]) -> _Forecast:
    return _Forecast(curves=of, check_ins=(), check_in_times=())


def band(value: float) -> int:
    return sum(value >= line for line in _THRESHOLDS)


def every_sample_scanned(prediction: _Forecast, start: int, end: int) -> list[datetime]:
    """The scan as it was before the shortcut: every hourly sample, then bisection."""
    found: list[datetime] = []
    samples = prediction.grid(start, end)
    value = prediction.at_minute(samples[0])
    for left, right in itertools.pairwise(samples):
        if right <= left:
            continue
        right_value = prediction.at_minute(right)
        for line in _THRESHOLDS:
            above = value >= line
            if above != (right_value >= line):
                low, high = left, right
                while high - low > 1:
                    middle = (low + high) // 2
                    if (prediction.at_minute(middle) >= line) == above:
                        low = middle
                    else:
                        high = middle
                found.append(datetime.fromtimestamp(high * 60, tz=UTC))
        value = right_value
    return found


@given(
    of=curves,
    start=st.integers(-3 * 24 * 60, 5 * 24 * 60),
    span=st.integers(-120, 10 * 24 * 60),
)
def test_the_scan_finds_the_crossings_sampling_every_hour_finds(of, start, span):
    latest = math.floor(of[-1][0] * 60)
    low, high = latest + start, latest + start + span
    assert _crossings(forecast(of), low, high) == every_sample_scanned(forecast(of), low, high)


@given(
    of=curves,
    start=st.integers(-3 * 24 * 60, 5 * 24 * 60),
    span=st.integers(0, 4 * 24 * 60),
    picks=st.lists(st.floats(0, 1), min_size=1, max_size=20),
)
def test_a_proven_band_holds_at_every_minute_between(of, start, span, picks):
    prediction = forecast(of)
    latest = math.floor(of[-1][0] * 60)
    low, high = latest + start, latest + start + span
    proven = prediction.band_between(low, high)
    if proven is None:
        return
    minutes = {low, high, *(low + round(pick * span) for pick in picks)}
    assert {band(prediction.at_minute(minute)) for minute in minutes} == {proven}


bouts = st.lists(
    st.tuples(
        st.floats(0, 400) | st.sampled_from([-1.0, math.inf, math.nan]),
        st.floats(0, 10) | st.sampled_from([0.0, -1.0, math.nan]),
        st.booleans(),
    ),
    max_size=8,
)


def one_bout_at_a_time(current_base: float, earlier: list[EarlierBout]) -> float:
    """The protection as it was computed before, one bout object at a time."""
    if not 0 <= current_base < math.inf:
        raise ValueError("current_base: must be a finite number of zero or more")
    protection = 0.0
    for bout in earlier:
        if not 0 <= bout.days_before < math.inf:
            raise ValueError("earlier: days_before must be zero or more days")
        if bout.days_before >= rules.REPEATED_BOUT_FADE_DAYS or bout.base_amplitude <= 0:
            continue
        size = 1.0 if current_base <= 0 else min(1.0, bout.base_amplitude / current_base)
        kind = 1.0 if bout.eccentric_heavy else rules.REPEATED_BOUT_PLAIN_SHARE
        fade = 1.0 - bout.days_before / rules.REPEATED_BOUT_FADE_DAYS
        protection = max(protection, size * kind * fade)
    return 1.0 - rules.REPEATED_BOUT_MAX_REDUCTION * protection


@given(current=st.floats(0, 10) | st.sampled_from([0.0, math.inf, -1.0]), earlier=bouts)
@example(current=5.0, earlier=[(10.0, 4.75, True), (3.0, 2.0, False)])  # a bout nearly as big
@example(current=5.0, earlier=[(10.0, 6.0, False), (200.0, 5.0, True)])  # a bigger one; a faded one
@example(current=0.0, earlier=[(1.0, 3.0, True)])
def test_the_protection_from_parallel_sequences_is_the_protection_bout_by_bout(current, earlier):
    def outcome(compute):
        try:
            return repr(compute())
        except ValueError as error:
            return str(error)

    as_bouts = [EarlierBout(*bout) for bout in earlier]
    expected = outcome(lambda: one_bout_at_a_time(current, as_bouts))
    assert outcome(lambda: repeated_bout_factor(current_base=current, earlier=as_bouts)) == expected
    from_sequences = outcome(
        lambda: bouts_factor(
            current_base=current,
            days_before=[before for before, _base, _heavy in earlier],
            base_amplitudes=[base for _before, base, _heavy in earlier],
            eccentric_heavy=[heavy for _before, _base, heavy in earlier],
        )
    )
    assert from_sequences == expected
