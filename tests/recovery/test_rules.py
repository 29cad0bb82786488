"""The constants in recovery.rules: consistent with each other, and the advice follows them."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from recovery import rules


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "none"),
        (0.9, "none"),
        (1, "mild"),
        (3, "mild"),
        (3.9, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (6.99, "moderate"),
        (7, "very sore"),
        (8, "very sore"),
        (8.9, "very sore"),
        (9, "severe"),
        (10, "severe"),
    ],
)
def test_soreness_band(value: float, band: str) -> None:
    assert rules.soreness_band(value) == band


@pytest.mark.parametrize("value", [-0.1, 10.1, math.nan, math.inf])
def test_soreness_band_rejects_values_off_the_scale(value: float) -> None:
    with pytest.raises(ValueError, match=r"^soreness:"):
        rules.soreness_band(value)


def test_soreness_bands_cover_the_scale_once_in_order() -> None:
    covered = [v for low, high, _ in rules.SORENESS_BANDS for v in range(low, high + 1)]
    assert covered == list(range(rules.SORENESS_MIN, rules.SORENESS_MAX + 1))
    for low, high, label in rules.SORENESS_BANDS:
        assert rules.soreness_band(low) == rules.soreness_band(high) == label


def test_thresholds_are_ordered() -> None:
    assert rules.SORENESS_MIN < rules.MILD_SORENESS_THRESHOLD < rules.MODERATE_SORENESS_THRESHOLD
    assert rules.MODERATE_SORENESS_THRESHOLD < rules.VERY_SORE_THRESHOLD
    assert rules.VERY_SORE_THRESHOLD < rules.PAIN_SORENESS_THRESHOLD <= rules.SORENESS_MAX
    assert 0 < rules.MIN_WAIT_HOURS < rules.SAME_DAY_WINDOW_END_HOURS
    assert rules.SAME_DAY_WINDOW_END_HOURS < rules.RECOVERED_AFTER_HOURS
    assert rules.MIN_PEAK_HOURS <= rules.DOMS_PEAK_HOURS <= rules.MAX_PEAK_HOURS
    assert rules.RUN_DAY_START < rules.RUN_DAY_END
    assert rules.RECOVERED_AFTER_HOURS <= rules.TIMELINE_HOURS
    assert rules.CHECKIN_FRESH_HOURS < rules.ALARM_IN_FORCE_HOURS
    assert rules.SESSION_FIT_MIN_HOURS <= rules.MIN_PEAK_HOURS
    assert rules.QUALITY_AFTER_HARD_HOURS <= rules.QUALITY_AFTER_ECCENTRIC_HOURS
    assert rules.QUALITY_SORENESS_BELOW <= rules.VERY_SORE_THRESHOLD


def test_run_prescription_stays_easy_and_short() -> None:
    easy_low, easy_high = rules.RECOVERY_RUN_RPE
    assert (easy_low, easy_high) == (3, 4)
    assert easy_low <= rules.SORE_RUN_RPE[0] <= rules.SORE_RUN_RPE[1] <= easy_high
    short, longest = rules.RECOVERY_RUN_MINUTES
    assert (short, longest) == (20, 30)
    assert short <= rules.HEAVY_LEGS_RUN_MAX_MINUTES <= rules.SORE_RUN_MAX_MINUTES <= longest


def test_model_coefficients_are_sane() -> None:
    assert rules.ECCENTRIC_MULTIPLIER >= 1
    assert 0 <= rules.REPEATED_BOUT_MAX_REDUCTION < 1
    assert rules.REPEATED_BOUT_FADE_DAYS >= 12 * 7  # protection is reported at 12 weeks
    assert 0 < rules.REPEATED_BOUT_PLAIN_SHARE <= 1
    assert 0 < rules.SESSION_FIT_PRIOR_WEIGHT < 1  # a session's own check-in outweighs it
    assert 0 < rules.AMPLITUDE_LOAD_CEILING <= rules.AMPLITUDE_MAX == rules.SORENESS_MAX
    assert rules.PERSONAL_SCALE_MIN <= 1 <= rules.PERSONAL_SCALE_MAX
    assert rules.PERSONAL_FIT_PRIOR_WEIGHT > 0
    assert 60 % rules.RECOMMENDED_START_ROUNDING_MINUTES == 0


def test_advice_quotes_the_numbers() -> None:
    low, high = rules.RECOVERY_RUN_RPE
    assert f"{low}-{high} out of 10" in rules.TALK_TEST
    assert f"{rules.WARMUP_MINUTES} minutes" in rules.WARMUP
    assert f"{rules.COOLDOWN_MINUTES} minutes" in rules.COOLDOWN
    assert f"{rules.HEAVY_LEGS_RUN_MAX_MINUTES} minutes" in rules.WALK_INSTEAD
    for text in (rules.STOP_RULE, rules.FUEL):
        assert text.strip()


@pytest.mark.parametrize(
    ("assignment", "replacement", "advice", "expected"),
    [
        ("RECOVERY_RUN_RPE: Final[tuple[int, int]] = (3, 4)", "(2, 5)", "TALK_TEST", "2-5"),
        ("WARMUP_MINUTES: Final[int] = 5", "8", "WARMUP", "8 minutes"),
        ("COOLDOWN_MINUTES: Final[int] = 5", "7", "COOLDOWN", "7 minutes"),
        ("HEAVY_LEGS_RUN_MAX_MINUTES: Final[int] = 20", "15", "WALK_INSTEAD", "15 minutes"),
    ],
)
def test_changing_a_number_changes_the_advice(
    assignment: str, replacement: str, advice: str, expected: str
) -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")
    assert assignment in source
    name, _, _ = assignment.rpartition("= ")
    patched = source.replace(assignment, f"{name}= {replacement}")
    namespace: dict[str, object] = {"__name__": "patched_rules"}
    exec(compile(patched, "patched_rules", "exec"), namespace)
    assert expected in str(namespace[advice])


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_require_int_rejects_non_integers(value: object) -> None:
    with pytest.raises(ValueError, match=r"^rpe: must be a whole number"):
        rules.require_int("rpe", value, low=1, high=10)


@pytest.mark.parametrize(("value", "ok"), [(0, False), (1, True), (10, True), (11, False)])
def test_require_int_range_is_inclusive(value: int, ok: bool) -> None:
    if ok:
        assert rules.require_int("rpe", value, low=1, high=10) == value
    else:
        with pytest.raises(ValueError, match=re.escape("rpe: must be between 1 and 10")):
            rules.require_int("rpe", value, low=1, high=10)


def test_every_constant_is_documented() -> None:
    model = Path(__file__).resolve().parents[2] / "docs" / "model.md"
    text = model.read_text(encoding="utf-8")
    names = [name for name in vars(rules) if name.isupper()]
    assert names
    assert [name for name in names if f"`{name}`" not in text] == []
