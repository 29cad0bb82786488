"""The verdict line: one of five leads, the clock time and dose in words, from plain values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery import rules
from recovery.planner import CheckInInput, SessionInput, make_plan
from recovery.statuses import Status
from recovery.verdict import (
    LEADS,
    Verdict,
    duration_words,
    relative_words,
    verdict,
    verdict_for_plan,
)

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
M = timedelta(minutes=1)
# A Saturday in winter, far from any DST change.
SAT_1100 = datetime(2026, 11, 28, 11, 0, tzinfo=BERLIN)
EASY = {"duration_min": (20, 30), "rpe": (3, 4)}


def line(status: Status, earliest: datetime, recommended: datetime | None = None, **kw) -> Verdict:
    values = {
        "status": status,
        "earliest_start": earliest,
        "recommended_start": recommended or earliest,
        "invites_check_in": False,
        "now": SAT_1100,
        "tz": BERLIN,
        **EASY,
    }
    values.update(kw)
    return verdict(**values)


def test_today_after_a_clock_time_with_the_dose():
    v = line(Status.WAIT, SAT_1100 + 2 * H + 30 * M)
    assert v.lead == "Today"
    assert v.text == "Today: easy run after 13:30 \u00b7 20\u201330 min \u00b7 RPE 3\u20134"
    assert v.starts_at == SAT_1100 + 2 * H + 30 * M
    assert v.relative == "in 2 h 30 min"
    assert v.rest.startswith("easy run after 13:30")


def test_tonight_from_the_evening_hour():
    evening = datetime.combine(SAT_1100.date(), rules.EVENING_START, tzinfo=BERLIN)
    assert line(Status.WAIT, evening).lead == "Tonight"
    assert line(Status.WAIT, evening - M).lead == "Today"
    assert line(Status.GO, SAT_1100 - H, now=evening + H).text.startswith("Tonight: easy run now")


def test_go_now_and_go_now_ideally_later():
    assert (
        line(Status.GO, SAT_1100 - H).text
        == "Today: easy run now \u00b7 20\u201330 min \u00b7 RPE 3\u20134"
    )
    assert line(Status.GO, SAT_1100 - H).starts_at is None
    later = line(Status.GO, SAT_1100 - H, SAT_1100 + 75 * M)
    assert later.text.startswith("Today: easy run now, ideally from 12:15")
    assert (later.starts_at, later.relative) == (SAT_1100 + 75 * M, "in 1 h 15 min")


def test_tomorrow_and_not_today():
    tomorrow_7 = datetime(2026, 11, 29, 7, 0, tzinfo=BERLIN)
    assert line(Status.WAIT, tomorrow_7).text == (
        "Tomorrow: easy run from 07:00 \u00b7 20\u201330 min \u00b7 RPE 3\u20134"
    )
    assert line(Status.NEXT_DAY, tomorrow_7).text == "Not today: easy run tomorrow from 07:00"
    monday = line(Status.NEXT_DAY, tomorrow_7 + 24 * H)
    assert monday.text == "Not today: easy run Mon from 07:00"
    assert line(Status.WAIT, tomorrow_7 + 24 * H).lead == "Not today"
    far = line(Status.NEXT_DAY, tomorrow_7 + 8 * 24 * H)
    assert far.text == "Not today: easy run Mon 7 Dec from 07:00"


def test_a_check_in_first_has_no_dose():
    tomorrow_7 = datetime(2026, 11, 29, 7, 0, tzinfo=BERLIN)
    v = line(Status.NEXT_DAY, tomorrow_7, invites_check_in=True)
    assert v.text == "Not today: check in again tomorrow from 07:00"
    now_ok = line(Status.NEXT_DAY, SAT_1100 - H, invites_check_in=True)
    assert now_ok.text == "Today: check in again before an easy run"


def test_walk_instead():
    v = line(Status.WALK_INSTEAD, SAT_1100, duration_min=None, rpe=None)
    assert (v.lead, v.text, v.starts_at, v.relative) == (
        "Walk instead",
        "Walk instead today",
        None,
        "",
    )
    night = SAT_1100.replace(hour=22)
    at_night = line(Status.WALK_INSTEAD, night + 9 * H, now=night, duration_min=None, rpe=None)
    assert at_night.text == "Walk instead tomorrow"


def test_status_codes_as_stored_are_accepted():
    assert line("wait", SAT_1100 + H).lead == "Today"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=30), "under a minute"),
        (M, "1 min"),
        (45 * M + timedelta(seconds=59), "45 min"),
        (H, "1 h"),
        (2 * H + 10 * M, "2 h 10 min"),
        (47 * H + 59 * M, "47 h 59 min"),
        (48 * H, "2 days"),
        (76 * H + 30 * M, "3 days 4 h"),
    ],
)
def test_duration_words(delta, words):
    assert duration_words(delta) == words


def test_relative_words():
    assert relative_words(SAT_1100, now=SAT_1100) == "now"
    assert relative_words(SAT_1100 - H, now=SAT_1100) == "now"
    assert relative_words(SAT_1100 + 2 * H + 10 * M, now=SAT_1100) == "in 2 h 10 min"


def test_verdict_for_a_real_plan():
    ended = SAT_1100 - 2 * H
    plan = make_plan(
        sessions=[SessionInput(ended_at=ended, rpe=7, minutes=60)], tz=BERLIN, now=SAT_1100
    )
    v = verdict_for_plan(plan, now=SAT_1100, tz=BERLIN)
    assert plan.status is Status.WAIT
    assert v.lead == "Today"
    assert f"after {plan.earliest_start:%H:%M}" in v.text
    pain = CheckInInput(at=SAT_1100, soreness=5, pain=True)
    walk = make_plan(
        sessions=[SessionInput(ended_at=ended, rpe=7, minutes=60)],
        check_ins=[pain],
        tz=BERLIN,
        now=SAT_1100 + M,
    )
    assert verdict_for_plan(walk, now=SAT_1100 + M, tz=BERLIN).text == "Walk instead today"


ZONES = st.sampled_from(
    [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Pacific/Auckland", "UTC")]
)
MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
OFFSETS = st.timedeltas(min_value=-3 * 24 * H, max_value=10 * 24 * H)
RANGES = st.none() | st.tuples(st.integers(1, 60), st.integers(1, 60)).map(
    lambda p: tuple(sorted(p))
)


@given(
    status=st.sampled_from(Status),
    now=MOMENTS,
    tz=ZONES,
    to_earliest=OFFSETS,
    to_recommended=OFFSETS,
    duration=RANGES,
    rpe=RANGES,
    invites=st.booleans(),
)
def test_every_verdict_keeps_its_promises(
    status, now, tz, to_earliest, to_recommended, duration, rpe, invites
):
    v = verdict(
        status=status,
        earliest_start=now + to_earliest,
        recommended_start=now + to_recommended,
        duration_min=duration,
        rpe=rpe,
        invites_check_in=invites,
        now=now,
        tz=tz,
    )
    assert v.lead in LEADS
    assert v.text.startswith(v.lead)
    today = now.astimezone(tz).date()
    start = v.starts_at if v.starts_at is not None else now
    if v.lead in ("Today", "Tonight"):
        assert start.astimezone(tz).date() == today
        # Tonight or Today by when the run may start: now, if it may already.
        named = now if to_earliest <= timedelta(0) else start
        assert (named.astimezone(tz).time() >= rules.EVENING_START) == (v.lead == "Tonight")
    if v.lead == "Tomorrow":
        assert (start.astimezone(tz).date() - today).days == 1
    if status is Status.WALK_INSTEAD:
        assert v.lead == "Walk instead" and v.starts_at is None
    else:
        assert v.lead != "Walk instead"
    if v.starts_at is not None:
        assert v.starts_at > now
        assert v.relative.startswith("in ")
    else:
        assert v.relative == ""


@given(
    ended=MOMENTS,
    tz=ZONES,
    rpe=st.integers(1, 10),
    minutes=st.integers(10, 180),
    now_after=st.integers(0, 120 * 60),
    check_in=st.none() | st.tuples(st.integers(0, 120 * 60), st.integers(0, 10), st.booleans()),
)
def test_a_real_plans_verdict_agrees_with_the_plan(ended, tz, rpe, minutes, now_after, check_in):
    now = ended + timedelta(minutes=now_after)
    check_ins = []
    if check_in is not None and check_in[0] <= now_after:
        check_ins.append(
            CheckInInput(
                at=ended + timedelta(minutes=check_in[0]), soreness=check_in[1], pain=check_in[2]
            )
        )
    session = SessionInput(ended_at=ended, rpe=rpe, minutes=minutes)
    plan = make_plan(sessions=[session], check_ins=check_ins, tz=tz, now=now)
    v = verdict_for_plan(plan, now=now, tz=tz)
    assert v.lead in LEADS
    assert (v.lead == "Walk instead") == (plan.status is Status.WALK_INSTEAD)
    start = v.starts_at if v.starts_at is not None else now
    if v.lead in ("Today", "Tonight"):
        assert start.astimezone(tz).date() == now.astimezone(tz).date()
    if plan.status is not Status.WALK_INSTEAD and plan.earliest_start > now:
        assert v.starts_at == plan.earliest_start
        assert f"{plan.earliest_start.astimezone(tz):%H:%M}" in v.text


def test_the_line_splits_into_parts_for_display():
    v = line(Status.WAIT, SAT_1100 + 2 * H)
    assert v.head_tail == ": easy run after 13:00"
    assert v.dose_parts == ["20\u201330 min", "RPE 3\u20134"]
    assert v.lead + v.head_tail + "".join(" \u00b7 " + p for p in v.dose_parts) == v.text
    walk = line(Status.WALK_INSTEAD, SAT_1100)
    assert (walk.head_tail, walk.dose_parts) == (" today", [])


@pytest.mark.parametrize("hours_later", [0, 3, 9, 20, 30])
def test_a_stored_plans_glance_gives_the_same_line_as_planning_again(hours_later):
    from recovery.planner import glance

    ended = SAT_1100 - 2 * H
    session = SessionInput(ended_at=ended, rpe=7, minutes=60)
    plan = make_plan(sessions=[session], tz=BERLIN, now=SAT_1100)
    later = SAT_1100 + hours_later * H + M
    again = make_plan(sessions=[session], tz=BERLIN, now=later)
    seen = glance(plan.outlook, now=later, tz=BERLIN)
    assert verdict_for_plan(seen, now=later, tz=BERLIN) == verdict_for_plan(
        again, now=later, tz=BERLIN
    )
