"""`manage.py plan`: JSON shape (documented in docs/model.md and the README), statuses, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery import rules

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BASE_ARGS = {
    "--ended-at": "2026-11-26T08:00",
    "--tz": "Europe/Berlin",
    "--rpe": "7",
    "--minutes": "60",
    "--now": "2026-11-26T10:00",
}
PLAN_KEYS = {
    "status",
    "reason",
    "earliest_start",
    "recommended_start",
    "duration_min",
    "rpe",
    "warmup",
    "cooldown",
    "stop_rule",
    "fuel",
    "peak_hours_after",
    "timeline",
    # Added with the one-decision planner:
    "cause",
    "soreness_now",
    "soreness_source",
    "talk_test",
    "walk",
    "quality_run_from",
    "run_windows",
    "curve_adjusted",
}


def argv(overrides: dict[str, str | None] | None = None, *flags: str) -> list[str]:
    """Command-line arguments: BASE_ARGS with overrides (None drops an option)."""
    options = {**BASE_ARGS, **(overrides or {})}
    return [f"{name}={value}" for name, value in options.items() if value is not None] + list(flags)


def plan_json(overrides: dict[str, str | None] | None = None, *flags: str) -> dict:
    out = StringIO()
    call_command("plan", *argv(overrides, "--json", *flags), stdout=out)
    return json.loads(out.getvalue())


def run_manage(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "plan", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


# --- JSON shape -----------------------------------------------------------------------------


def test_json_has_exactly_the_documented_keys():
    plan = plan_json()
    assert set(plan) == PLAN_KEYS
    assert isinstance(plan["reason"], str) and plan["reason"]
    for key in ("warmup", "cooldown", "stop_rule", "fuel"):
        assert isinstance(plan[key], str) and plan[key]
    assert plan["stop_rule"] == rules.STOP_RULE
    assert plan["fuel"] == rules.FUEL
    lo, hi = plan["duration_min"]
    assert rules.RECOVERY_RUN_MINUTES[0] <= lo <= hi <= rules.RECOVERY_RUN_MINUTES[1]
    lo, hi = plan["rpe"]
    assert rules.RECOVERY_RUN_RPE[0] <= lo <= hi <= rules.RECOVERY_RUN_RPE[1]
    assert plan["peak_hours_after"] == rules.DOMS_PEAK_HOURS


def test_times_are_iso_8601_with_the_zone_offset():
    plan = plan_json()
    for key in ("earliest_start", "recommended_start"):
        assert plan[key].endswith("+01:00"), plan[key]  # Berlin in November (CET)
        assert datetime.fromisoformat(plan[key]).utcoffset() == timedelta(hours=1)
    assert plan["earliest_start"] == "2026-11-26T14:00:00+01:00"  # 6 h after 08:00


def test_timeline_covers_hours_0_to_48_hourly():
    timeline = plan_json()["timeline"]
    assert all(set(point) == {"hours_after", "at", "soreness"} for point in timeline)
    hours = [point["hours_after"] for point in timeline]
    assert hours == list(range(len(hours)))
    assert hours[-1] >= 48
    ended = datetime.fromisoformat("2026-11-26T08:00+01:00")
    for point in timeline:
        at = datetime.fromisoformat(point["at"])
        assert point["at"].endswith("+01:00")
        assert at == ended + timedelta(hours=point["hours_after"])
        assert 0 <= point["soreness"] <= 10
    assert timeline[0]["soreness"] == 0


def test_timeline_offsets_follow_dst():
    timeline = plan_json({"--ended-at": "2026-03-28T12:00", "--now": "2026-03-28T14:00"})[
        "timeline"
    ]
    offsets = {point["at"][-6:] for point in timeline}
    assert offsets == {"+01:00", "+02:00"}  # Berlin springs forward on 29 March


def test_aware_ended_at_is_kept_and_shown_in_tz():
    plan = plan_json({"--ended-at": "2026-11-26T07:00+00:00"})
    assert plan["timeline"][0]["at"] == "2026-11-26T08:00:00+01:00"


# --- statuses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "flags", "status"),
    [
        ({"--now": "2026-11-26T10:00"}, (), "wait"),
        ({"--now": "2026-11-26T17:00"}, (), "go"),
        ({"--now": "2026-11-26T17:00", "--soreness": "8"}, (), "next_day"),
        ({"--now": "2026-11-26T17:00", "--soreness": "2"}, ("--pain",), "walk_instead"),
        ({"--now": "2026-11-26T17:00"}, ("--pain",), "walk_instead"),
        ({"--now": "2026-11-26T17:00", "--soreness": "9"}, (), "walk_instead"),
        ({"--now": "2026-12-01T10:00", "--soreness": "1"}, (), "recovered"),
    ],
)
def test_status(overrides, flags, status):
    assert plan_json(overrides, *flags)["status"] == status


def test_next_day_starts_the_following_morning():
    plan = plan_json({"--now": "2026-11-26T17:00", "--soreness": "8"})
    assert plan["earliest_start"] == "2026-11-27T07:00:00+01:00"


def test_heavy_legs_shorten_the_run():
    plan = plan_json({"--now": "2026-11-26T17:00", "--soreness": "2"}, "--heavy")
    assert plan["status"] == "go"
    assert plan["duration_min"][1] == rules.HEAVY_LEGS_RUN_MAX_MINUTES


def test_text_output_without_json():
    out = StringIO()
    call_command("plan", *argv(), stdout=out)
    text = out.getvalue()
    assert text.startswith("Run later: ")  # the status label
    assert "Earliest start:" in text
    assert rules.STOP_RULE in text


# --- errors, as a real subprocess -----------------------------------------------------------

ERROR_CASES = {
    "rpe-0": ({"--rpe": "0"}, "--rpe"),
    "rpe-11": ({"--rpe": "11"}, "--rpe"),
    "rpe-text": ({"--rpe": "seven"}, "--rpe"),
    "minutes-0": ({"--minutes": "0"}, "--minutes"),
    "minutes-601": ({"--minutes": "601"}, "--minutes"),
    "soreness-minus-1": ({"--soreness": "-1"}, "--soreness"),
    "soreness-11": ({"--soreness": "11"}, "--soreness"),
    "ended-at-garbage": ({"--ended-at": "yesterday at 8"}, "--ended-at"),
    "now-garbage": ({"--now": "2026-13-40T10:00"}, "--now"),
    "tz-unknown": ({"--tz": "Mars/Olympus_Mons"}, "--tz"),
    "ended-after-now": ({"--ended-at": "2026-11-26T11:00"}, "--ended-at"),
    "rpe-missing": ({"--rpe": None}, "--rpe"),
}
# Calendar-edge dates must not overflow: they are refused with a one-line error.
EDGE_CASES = {
    "year-1": ({"--ended-at": "0001-01-01T00:00", "--now": "0001-01-01T03:00"}, "--ended-at"),
    "year-9999": ({"--ended-at": "9999-12-31T20:00", "--now": "9999-12-31T21:00"}, "--ended-at"),
}


@pytest.fixture(scope="module")
def error_runs() -> dict[str, subprocess.CompletedProcess]:
    """Every bad-input case run once, side by side (each is a fresh interpreter)."""
    cases = {**ERROR_CASES, **EDGE_CASES}
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {
            case: pool.submit(run_manage, argv(overrides, "--json"))
            for case, (overrides, _field) in cases.items()
        }
        return {case: future.result() for case, future in futures.items()}


def assert_one_line_error(result: subprocess.CompletedProcess, field: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert field in lines[0]


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_bad_input_exits_non_zero_with_one_line_naming_the_field(error_runs, case):
    _overrides, field = ERROR_CASES[case]
    assert_one_line_error(error_runs[case], field)


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_calendar_edge_dates_give_a_one_line_error(error_runs, case):
    _overrides, field = EDGE_CASES[case]
    assert_one_line_error(error_runs[case], field)


def test_a_successful_run_prints_one_json_object():
    """Behaviour only: the command's wall time is measured in bench/bench_pages.py."""
    result = run_manage(argv(None, "--json"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert set(json.loads(result.stdout)) == PLAN_KEYS


# --- property: out-of-range integers never get through call_command -------------------------

outside = {
    "--rpe": st.integers(max_value=rules.RPE_MIN - 1) | st.integers(min_value=rules.RPE_MAX + 1),
    "--minutes": st.integers(max_value=rules.SESSION_MINUTES_MIN - 1)
    | st.integers(min_value=rules.SESSION_MINUTES_MAX + 1),
    "--soreness": st.integers(max_value=rules.SORENESS_MIN - 1)
    | st.integers(min_value=rules.SORENESS_MAX + 1),
}


@settings(max_examples=25, deadline=None)
@given(data=st.data(), field=st.sampled_from(sorted(outside)))
def test_out_of_range_integers_raise_command_error(data, field):
    value = data.draw(outside[field], label=field)
    out = StringIO()
    with pytest.raises(CommandError, match=f"^{field}"):
        call_command("plan", *argv({field: str(value)}, "--json"), stdout=out)
    assert out.getvalue() == ""
