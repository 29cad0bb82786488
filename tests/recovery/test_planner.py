"""The planner: each seed rule at and on both sides of its threshold, DST, and properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from recovery import rules
from recovery.doms import PersonalCurve
from recovery.planner import (
    SOURCE_CHECK_IN,
    SOURCE_PREDICTED,
    Cause,
    CheckInInput,
    Plan,
    SessionInput,
    Status,
    make_plan,
)
from recovery.statuses import status_label

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# A winter day in Berlin, well away from DST; load 5 x 40 = 200 (amplitude ~3.1).
ENDED = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(moment: datetime) -> datetime:
    """Aware datetimes sharing a ZoneInfo compare by wall clock; compare instants in UTC."""
    return moment.astimezone(UTC)


def plan_for(
    *,
    after: timedelta,
    check_in: CheckIn | None = None,
    ended: datetime = ENDED,
    rpe: int = 5,
    minutes: int = 40,
    eccentric_heavy: bool = False,
    tz: ZoneInfo = BERLIN,
) -> Plan:
    """Plan `after` the session ended, with a check-in taken `check_in.age` before now."""
    now = utc(ended) + after
    session = SessionInput(
        ended_at=ended, rpe=rpe, minutes=minutes, eccentric_heavy=eccentric_heavy
    )
    ci = None
    if check_in is not None:
        ci = CheckInInput(
            at=(now - check_in.age).astimezone(tz),
            soreness=check_in.soreness,
            legs_heavy=check_in.heavy,
            pain=check_in.pain,
        )
    return make_plan(
        sessions=[session], check_ins=[ci] if ci else [], tz=tz, now=now.astimezone(tz)
    )


class CheckIn(NamedTuple):
    soreness: int
    age: timedelta = timedelta(0)
    heavy: bool = False
    pain: bool = False


# --- the rule table ---------------------------------------------------------------------------

RULE_CASES = [
    # minimum wait: 6 h
    ("5h59 after: wait", 5 * H + 59 * M, None, Status.WAIT, SOURCE_PREDICTED),
    ("6h00 after: go", 6 * H, None, Status.GO, SOURCE_PREDICTED),
    ("6h01 after: go", 6 * H + M, None, Status.GO, SOURCE_PREDICTED),
    # very sore: 7/10
    ("soreness 6: go", 7 * H, CheckIn(6), Status.GO, SOURCE_CHECK_IN),
    ("soreness 7: next day", 7 * H, CheckIn(7), Status.NEXT_DAY, SOURCE_CHECK_IN),
    ("soreness 7 at 2 h: next day", 2 * H, CheckIn(7), Status.NEXT_DAY, SOURCE_CHECK_IN),
    # pain: 9/10 or the flag
    ("soreness 8: next day", 7 * H, CheckIn(8), Status.NEXT_DAY, SOURCE_CHECK_IN),
    ("soreness 9: walk", 7 * H, CheckIn(9), Status.WALK_INSTEAD, SOURCE_CHECK_IN),
    ("soreness 10: walk", 7 * H, CheckIn(10), Status.WALK_INSTEAD, SOURCE_CHECK_IN),
    ("pain flag, soreness 2: walk", 7 * H, CheckIn(2, pain=True), Status.WALK_INSTEAD, "check-in"),
    ("pain flag at 3 h: walk", 3 * H, CheckIn(0, pain=True), Status.WALK_INSTEAD, "check-in"),
    ("no pain flag, soreness 2: go", 7 * H, CheckIn(2), Status.GO, SOURCE_CHECK_IN),
    # recovered: 72 h and below moderate
    ("71h59 after: go", 71 * H + 59 * M, None, Status.GO, SOURCE_PREDICTED),
    ("72h00 after: recovered", 72 * H, None, Status.RECOVERED, SOURCE_PREDICTED),
    ("72h, soreness 3: recovered", 72 * H, CheckIn(3), Status.RECOVERED, SOURCE_CHECK_IN),
    ("72h, soreness 4: go", 72 * H, CheckIn(4), Status.GO, SOURCE_CHECK_IN),
    ("80h, soreness 7: next day", 80 * H, CheckIn(7), Status.NEXT_DAY, SOURCE_CHECK_IN),
    # an ordinary check-in stands for CHECKIN_FRESH_HOURS, an alarm until replaced (or 7 days)
    ("check-in 11h59 old: used", 30 * H, CheckIn(3, age=12 * H - M), Status.GO, "check-in"),
    (
        "check-in 12h00 old: prediction",
        30 * H,
        CheckIn(3, age=12 * H),
        Status.GO,
        SOURCE_PREDICTED,
    ),
    (
        "very sore 12h01 old: in force",
        30 * H,
        CheckIn(7, age=12 * H + M),
        Status.NEXT_DAY,
        "check-in",
    ),
    (
        "pain 12h01 old: in force",
        30 * H,
        CheckIn(2, age=12 * H + M, pain=True),
        Status.WALK_INSTEAD,
        "check-in",
    ),
    (
        "pain 6 days 23 h old: in force",
        7 * 24 * H,
        CheckIn(2, age=7 * 24 * H - H, pain=True),
        Status.WALK_INSTEAD,
        "check-in",
    ),
    (
        "pain 7 days 1 min old: lapsed",
        7 * 24 * H + 2 * M,
        CheckIn(2, age=7 * 24 * H + M, pain=True),
        Status.RECOVERED,
        SOURCE_PREDICTED,
    ),
    (
        "check-in at session end: used",
        7 * H,
        CheckIn(9, age=7 * H),
        Status.WALK_INSTEAD,
        "check-in",
    ),
    (
        "pain before the session: still in force",
        7 * H,
        CheckIn(2, age=7 * H + M, pain=True),
        Status.WALK_INSTEAD,
        SOURCE_CHECK_IN,
    ),
    (
        "mild check-in before the session: stands for 12 h",
        7 * H,
        CheckIn(2, age=7 * H + M),
        Status.GO,
        SOURCE_CHECK_IN,
    ),
    ("check-in in the future: ignored", 7 * H, CheckIn(9, age=-M), Status.GO, SOURCE_PREDICTED),
]


@pytest.mark.parametrize(
    ("after", "check_in", "status", "source"),
    [case[1:] for case in RULE_CASES],
    ids=[case[0] for case in RULE_CASES],
)
def test_rule_table(
    after: timedelta, check_in: CheckIn | None, status: Status, source: str
) -> None:
    plan = plan_for(after=after, check_in=check_in)
    assert plan.status is status
    assert plan.soreness_source == source
    if source == SOURCE_CHECK_IN:
        assert check_in is not None
        assert plan.current_soreness == check_in.soreness


def test_wait_then_go_at_exactly_six_hours() -> None:
    waiting = plan_for(after=3 * H)
    assert waiting.earliest_start.isoformat() == "2026-11-26T14:00:00+01:00"
    assert waiting.reason == (
        "Your session ended 3 h ago; give your legs until 14:00 before an easy run."
    )
    going = plan_for(after=6 * H)
    assert going.earliest_start == waiting.earliest_start
    assert going.recommended_start.isoformat() == "2026-11-26T15:00:00+01:00"
    assert (
        going.reason == "Your session ended 6 h ago; an easy run is fine now, ideally from 15:00."
    )
    assert plan_for(after=7 * H).reason == "Your session ended 7 h ago; an easy run is fine now."


@pytest.mark.parametrize(
    ("rpe", "minutes", "recommended"),
    [
        (1, 1, "14:00"),  # lightest: as soon as allowed
        (5, 40, "15:00"),  # load 200: a third of the way into the window
        (7, 60, "16:00"),  # load 420: 8.1 h, to the nearest quarter hour
        (10, 60, "17:00"),  # load 600: the full 9 h
        (10, 300, "17:00"),  # never past the window
    ],
)
def test_recommended_start_is_later_for_harder_sessions(
    rpe: int, minutes: int, recommended: str
) -> None:
    plan = plan_for(after=H, rpe=rpe, minutes=minutes)
    assert plan.status is Status.WAIT
    assert f"{plan.recommended_start:%H:%M}" == recommended


@pytest.mark.parametrize(
    ("soreness", "heavy", "duration", "rpe"),
    [
        (0, False, (20, 30), (3, 4)),
        (3, False, (20, 30), (3, 4)),
        (4, False, (20, 25), (3, 3)),
        (6, False, (20, 25), (3, 3)),
        (0, True, (20, 20), (3, 3)),
        (5, True, (20, 20), (3, 3)),
    ],
)
def test_dose_is_lower_when_sore_or_heavy(
    soreness: int, heavy: bool, duration: tuple[int, int], rpe: tuple[int, int]
) -> None:
    plan = plan_for(after=7 * H, check_in=CheckIn(soreness, heavy=heavy))
    assert plan.status is Status.GO
    assert (plan.duration_min, plan.rpe) == (duration, rpe)


def test_walk_instead_has_walking_advice_and_no_running_dose() -> None:
    plan = plan_for(after=7 * H, check_in=CheckIn(9))
    assert plan.cause is Cause.SEVERE
    assert plan.duration_min is None and plan.rpe is None
    assert plan.walk == rules.WALK_INSTEAD
    assert "health professional" in plan.walk
    assert plan.talk_test == rules.TALK_TEST_WALK
    assert plan.run_windows == () and plan.quality_run_from is None
    assert plan.reason == (
        "You rated your soreness 9/10 (severe) today at 15:00: walk instead of running, and "
        "check in again once it has eased."
    )
    flagged = plan_for(after=7 * H, check_in=CheckIn(1, pain=True))
    assert flagged.cause is Cause.PAIN
    assert flagged.reason.startswith("You reported pain today at 15:00: ")


def test_every_plan_carries_the_advice() -> None:
    for _, after, check_in, _, _ in RULE_CASES:
        plan = plan_for(after=after, check_in=check_in)
        assert plan.warmup == rules.WARMUP
        assert plan.cooldown == rules.COOLDOWN
        walking = plan.status is Status.WALK_INSTEAD
        heavy = check_in is not None and check_in.heavy
        expected_stop = rules.STOP_RULE_LEGS_HEAVY if heavy else rules.STOP_RULE
        assert plan.stop_rule == (rules.STOP_RULE_WALK if walking else expected_stop)
        assert plan.fuel == rules.FUEL
        assert plan.talk_test == (rules.TALK_TEST_WALK if walking else rules.TALK_TEST)
        assert plan.reason and "\n" not in plan.reason
        assert len(plan.timeline) == rules.TIMELINE_HOURS + 1


def test_status_labels() -> None:
    assert set(status_label) == set(Status)
    assert Status.GO.label == "Go easy"
    assert [str(s) for s in Status] == ["wait", "go", "next_day", "walk_instead", "recovered"]


# --- the run day (07:00-21:00 local) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("ended_clock", "earliest"),
    [
        (time(14, 59), "2026-11-26T20:59:00+01:00"),  # a run may start until 21:00
        (time(15, 0), "2026-11-27T07:00:00+01:00"),  # but not at 21:00 itself
        (time(15, 1), "2026-11-27T07:00:00+01:00"),  # 21:01 is pushed to the next morning
        (time(0, 59), "2026-11-26T07:00:00+01:00"),  # 06:59 waits until 07:00
        (time(1, 0), "2026-11-26T07:00:00+01:00"),  # 07:00 itself is allowed
        (time(1, 1), "2026-11-26T07:01:00+01:00"),
    ],
)
def test_earliest_start_stays_inside_the_run_day(ended_clock: time, earliest: str) -> None:
    ended = datetime.combine(ENDED.date(), ended_clock, tzinfo=BERLIN)
    plan = plan_for(ended=ended, after=30 * M)
    assert plan.status is Status.WAIT
    assert plan.earliest_start.isoformat() == earliest


def test_late_in_the_evening_the_run_moves_to_the_morning() -> None:
    ended = datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN)  # earliest 20:00, target 21:00
    before_nine = plan_for(ended=ended, after=7 * H - M)
    assert before_nine.status is Status.GO
    assert before_nine.recommended_start.isoformat() == "2026-11-26T21:00:00+01:00"
    assert before_nine.reason.endswith("an easy run is fine now, ideally from 21:00.")
    at_nine = plan_for(ended=ended, after=7 * H)
    assert (at_nine.status, at_nine.cause) == (Status.WAIT, Cause.RUN_DAY_HOURS)
    assert at_nine.earliest_start.isoformat() == "2026-11-27T07:00:00+01:00"
    assert at_nine.recommended_start == at_nine.earliest_start
    assert at_nine.reason.endswith("an easy run is fine from tomorrow at 07:00.")


def test_hard_session_target_is_kept_to_the_same_evening() -> None:
    ended = datetime(2026, 11, 26, 13, 0, tzinfo=BERLIN)  # 9 h target would be 22:00
    plan = plan_for(ended=ended, after=H, rpe=10, minutes=90)
    assert plan.earliest_start.isoformat() == "2026-11-26T19:00:00+01:00"
    assert plan.recommended_start.isoformat() == "2026-11-26T21:00:00+01:00"


def test_wait_overnight_says_so() -> None:
    ended = datetime(2026, 11, 26, 16, 0, tzinfo=BERLIN)
    plan = plan_for(ended=ended, after=H)
    assert plan.earliest_start.isoformat() == "2026-11-27T07:00:00+01:00"
    assert plan.reason == (
        "Your session ended 1 h ago; it will be too late for a run today, so go easy from "
        "tomorrow at 07:00."
    )


# --- next day ---------------------------------------------------------------------------------


def test_next_day_is_07_00_the_day_after_the_check_in() -> None:
    plan = plan_for(after=2 * H, check_in=CheckIn(7))
    assert plan.earliest_start.isoformat() == "2026-11-27T07:00:00+01:00"
    assert plan.recommended_start == plan.earliest_start
    assert plan.duration_min == (20, 25) and plan.rpe == (3, 3)
    assert plan.invites_check_in
    assert plan.reason == (
        "You rated your soreness 7/10 (very sore) today at 10:00, so no run before tomorrow at "
        "07:00. Check in again then; if you're below 7/10, an easy run is fine."
    )


def test_next_day_is_never_before_the_same_day_window_closes() -> None:
    ended = datetime(2026, 11, 26, 23, 0, tzinfo=BERLIN)
    plan = plan_for(ended=ended, after=30 * M, check_in=CheckIn(8))
    assert plan.earliest_start.isoformat() == "2026-11-27T08:00:00+01:00"  # end + 9 h


def test_next_day_counts_from_the_check_in_date_not_from_now() -> None:
    ended = datetime(2026, 11, 26, 20, 0, tzinfo=BERLIN)
    just_after_midnight = plan_for(
        ended=ended, after=4 * H + 30 * M, check_in=CheckIn(7, age=90 * M)
    )
    assert just_after_midnight.status is Status.NEXT_DAY
    assert just_after_midnight.earliest_start.isoformat() == "2026-11-27T07:00:00+01:00"
    assert "no run before 07:00" in just_after_midnight.reason
    next_morning = plan_for(ended=ended, after=12 * H, check_in=CheckIn(7, age=9 * H))
    assert next_morning.status is Status.NEXT_DAY
    assert utc(next_morning.recommended_start) == utc(ended) + 12 * H
    assert next_morning.reason.startswith(
        "You rated your soreness 7/10 (very sore) yesterday at 23:00: check in again before you"
    )


def test_predicted_very_sore_means_next_day() -> None:
    plan = plan_for(after=40 * H, rpe=8, minutes=75, eccentric_heavy=True)
    assert plan.soreness_source == SOURCE_PREDICTED
    assert rules.VERY_SORE_THRESHOLD <= plan.current_soreness < rules.PAIN_SORENESS_THRESHOLD
    assert (plan.status, plan.cause) == (Status.NEXT_DAY, Cause.VERY_SORE)
    # The first morning whose run-day hours stay below very sore.
    first = plan.run_windows[0]
    assert utc(plan.earliest_start) == utc(first.start)
    assert plan.earliest_start.time() == rules.RUN_DAY_START
    assert plan.reason.startswith("Your legs are probably very sore by now (about ")


def test_predicted_severe_means_walk_instead() -> None:
    plan = plan_for(after=40 * H, rpe=10, minutes=150, eccentric_heavy=True)
    assert plan.current_soreness >= rules.PAIN_SORENESS_THRESHOLD
    assert (plan.status, plan.cause) == (Status.WALK_INSTEAD, Cause.SEVERE)
    assert plan.reason.startswith("Your legs are probably severely sore by now (about ")


def test_personal_curve_changes_the_prediction() -> None:
    session = SessionInput(ended_at=ENDED, rpe=5, minutes=40)
    now = ENDED + 30 * H
    default = make_plan(sessions=[session], tz=BERLIN, now=now)
    personal = PersonalCurve(amplitude_scale=2.0, peak_hours=30.0, observations_used=10)
    mine = make_plan(sessions=[session], tz=BERLIN, now=now, personal=personal)
    assert mine.amplitude == pytest.approx(2 * default.amplitude, abs=0.01)
    assert mine.peak_hours_after == 30.0
    assert mine.current_soreness > default.current_soreness
    assert mine.timeline[30].soreness == max(p.soreness for p in mine.timeline)
    assert mine.timeline[30].soreness == pytest.approx(mine.amplitude, abs=0.05)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rpe": 0}, "rpe"),
        ({"rpe": 11}, "rpe"),
        ({"rpe": 7.5}, "rpe"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"ended_at": datetime(2026, 11, 26, 8, 0)}, "ended_at"),
    ],
)
def test_session_input_rejects_bad_values(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"ended_at": ENDED, "rpe": 5, "minutes": 40} | kwargs
    with pytest.raises(ValueError, match=rf"^{field}:"):
        SessionInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"soreness": -1}, "soreness"),
        ({"soreness": 11}, "soreness"),
        ({"soreness": True}, "soreness"),
        ({"at": datetime(2026, 11, 26, 9, 0)}, "at"),
    ],
)
def test_check_in_rejects_bad_values(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"at": ENDED + H, "soreness": 3} | kwargs
    with pytest.raises(ValueError, match=rf"^{field}:"):
        CheckInInput(**values)  # type: ignore[arg-type]


def test_make_plan_rejects_a_session_in_the_future_and_naive_now() -> None:
    session = SessionInput(ended_at=ENDED, rpe=5, minutes=40)
    with pytest.raises(ValueError, match=r"^ended_at:"):
        make_plan(sessions=[session], tz=BERLIN, now=ENDED - timedelta(seconds=1))
    with pytest.raises(ValueError, match=r"^now:"):
        make_plan(sessions=[session], tz=BERLIN, now=datetime(2026, 11, 27))
    plan = make_plan(sessions=[session], tz=BERLIN, now=ENDED)
    assert plan.status is Status.WAIT


# --- daylight-saving time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "ended_local", "fold", "earliest", "pushed"),
    [
        # 1 h before spring forward: 6 real hours are 7 on the wall clock.
        (BERLIN, datetime(2026, 3, 29, 1, 0), 0, "2026-03-29T08:00:00+02:00", False),
        (NEW_YORK, datetime(2026, 3, 8, 1, 0), 0, "2026-03-08T08:00:00-04:00", False),
        # Fall back: 6 real hours are 5 on the wall clock.
        (BERLIN, datetime(2026, 10, 25, 2, 30), 0, "2026-10-25T07:30:00+01:00", False),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), 1, "2026-11-01T07:30:00-05:00", False),
        # The first 01:30 (EDT) + 6 h is 06:30 EST: held until the run day opens at 07:00 EST.
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), 0, "2026-11-01T07:00:00-05:00", True),
    ],
)
def test_earliest_start_is_six_real_hours_across_dst(
    tz: ZoneInfo, ended_local: datetime, fold: int, earliest: str, pushed: bool
) -> None:
    ended = ended_local.replace(tzinfo=tz, fold=fold)
    plan = plan_for(ended=ended, after=H, tz=tz)
    assert plan.status is Status.WAIT
    assert plan.earliest_start.isoformat() == earliest
    assert plan.earliest_start.tzinfo is tz
    six_hours_later = utc(ended) + rules.MIN_WAIT_HOURS * H
    if pushed:
        assert utc(plan.earliest_start) > six_hours_later
    else:
        assert utc(plan.earliest_start) == six_hours_later


@pytest.mark.parametrize(
    ("tz", "evening_before", "earliest"),
    [
        (BERLIN, datetime(2026, 3, 28, 18, 0), "2026-03-29T07:00:00+02:00"),
        (BERLIN, datetime(2026, 10, 24, 18, 0), "2026-10-25T07:00:00+01:00"),
        (NEW_YORK, datetime(2026, 3, 7, 18, 0), "2026-03-08T07:00:00-04:00"),
        (NEW_YORK, datetime(2026, 10, 31, 18, 0), "2026-11-01T07:00:00-05:00"),
    ],
)
def test_next_day_is_07_00_local_on_a_dst_change_day(
    tz: ZoneInfo, evening_before: datetime, earliest: str
) -> None:
    plan = plan_for(
        ended=evening_before.replace(tzinfo=tz), after=2 * H, check_in=CheckIn(8), tz=tz
    )
    assert plan.status is Status.NEXT_DAY
    assert plan.earliest_start.isoformat() == earliest


def test_plan_timeline_across_spring_forward() -> None:
    ended = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
    plan = plan_for(ended=ended, after=H)
    labels = [p.at.isoformat() for p in plan.timeline[:3]]
    assert labels == [
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T04:00:00+02:00",
    ]
    gaps = {utc(b.at) - utc(a.at) for a, b in pairwise(plan.timeline)}
    assert gaps == {H}


# --- properties -------------------------------------------------------------------------------

ZONES = [
    ZoneInfo(name)
    for name in (
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "America/St_Johns",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
    )
]

sessions = st.builds(
    SessionInput,
    ended_at=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
        lambda naive: naive.replace(tzinfo=UTC)
    ),
    rpe=st.integers(rules.RPE_MIN, rules.RPE_MAX),
    minutes=st.integers(rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX),
    eccentric_heavy=st.booleans(),
)
earlier_sessions = st.lists(
    st.tuples(
        st.integers(1, 40 * 24 * 60),  # minutes before the latest session
        st.integers(rules.RPE_MIN, rules.RPE_MAX),
        st.integers(20, 120),
        st.booleans(),
    ),
    max_size=3,
)
check_in_lists = st.lists(
    st.tuples(
        st.integers(-3 * 24 * 60, 150 * 60),  # minutes after the latest session
        st.integers(rules.SORENESS_MIN, rules.SORENESS_MAX),
        st.booleans(),
        st.booleans(),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@example(  # replanning after midnight forgot a very-sore report made just after the session
    session=SessionInput(ended_at=datetime(2026, 1, 1, 20, 28, tzinfo=UTC), rpe=1, minutes=1),
    earlier=[],
    tz=ZoneInfo("UTC"),
    after_minutes=6,
    check_ins=[(0, 7, False, False), (1, 0, False, False)],
    later_minutes=206,
)
@given(
    session=sessions,
    earlier=earlier_sessions,
    tz=st.sampled_from(ZONES),
    after_minutes=st.integers(0, 150 * 60),
    check_ins=check_in_lists,
    later_minutes=st.integers(0, 48 * 60),
)
def test_plan_properties(
    session: SessionInput,
    earlier: list[tuple[int, int, int, bool]],
    tz: ZoneInfo,
    after_minutes: int,
    check_ins: list[tuple[int, int, bool, bool]],
    later_minutes: int,
) -> None:
    ended = utc(session.ended_at)
    session = replace(session, ended_at=ended.astimezone(tz))
    history = [
        SessionInput(
            ended_at=ended - timedelta(minutes=before),
            rpe=rpe,
            minutes=length,
            eccentric_heavy=eccentric,
        )
        for before, rpe, length, eccentric in earlier
    ]
    now = ended + timedelta(minutes=after_minutes)
    inputs = [
        CheckInInput(
            at=ended + timedelta(minutes=offset),
            soreness=soreness,
            legs_heavy=heavy,
            pain=pain,
            order=(float(index), index),
        )
        for index, (offset, soreness, heavy, pain) in enumerate(check_ins)
    ]
    plan = make_plan(sessions=[*history, session], check_ins=inputs, tz=tz, now=now)

    walking = plan.status is Status.WALK_INSTEAD
    assert (plan.duration_min is None) == walking == (plan.rpe is None) == (plan.walk is not None)
    if walking:
        assert plan.run_windows == () and plan.quality_run_from is None
        assert plan.cause in (Cause.PAIN, Cause.SEVERE)
    else:
        easy_low, easy_high = rules.RECOVERY_RUN_RPE
        assert easy_low <= plan.rpe[0] <= plan.rpe[1] <= easy_high
        short, longest = rules.RECOVERY_RUN_MINUTES
        assert short <= plan.duration_min[0] <= plan.duration_min[1] <= longest
        assert plan.quality_run_from is None or utc(plan.quality_run_from) >= now

    earliest, recommended = utc(plan.earliest_start), utc(plan.recommended_start)
    assert recommended >= earliest
    assert recommended >= now
    if not walking:
        assert earliest >= ended + rules.MIN_WAIT_HOURS * H
    for start in (plan.earliest_start, plan.recommended_start):
        assert start.tzinfo is tz
        assert rules.RUN_DAY_START <= start.time() <= rules.RUN_DAY_END

    # The windows are the decision's: inside the run day, and the status agrees with them.
    for window in plan.run_windows:
        assert utc(window.start) < utc(window.end)
        assert window.start.time() >= rules.RUN_DAY_START and window.end.time() <= rules.RUN_DAY_END
        assert window.start.date() == window.end.date()
    inside = [w for w in plan.run_windows if utc(w.start) <= now < utc(w.end)]
    if plan.status is Status.GO:
        assert inside and utc(inside[0].start) == earliest
    if plan.status is Status.WAIT:
        assert not inside and now < earliest == utc(plan.run_windows[0].start)
    if plan.status is Status.NEXT_DAY:
        assert not inside and earliest >= ended + rules.SAME_DAY_WINDOW_END_HOURS * H
    if plan.status is Status.RECOVERED:
        assert now - ended >= rules.RECOVERED_AFTER_HOURS * H
        assert plan.current_soreness < rules.MODERATE_SORENESS_THRESHOLD
    if not plan.check_ins:
        # Without check-ins nothing is held: no shaded hour is predicted very sore.
        for point in plan.timeline:
            moment = utc(point.at)
            if any(utc(w.start) < moment < utc(w.end) for w in plan.run_windows):
                assert point.soreness < rules.VERY_SORE_THRESHOLD + 0.05

    assert rules.MIN_PEAK_HOURS <= plan.peak_hours_after <= rules.MAX_PEAK_HOURS
    assert 0 <= plan.current_soreness <= rules.SORENESS_MAX
    assert len(plan.timeline) == rules.TIMELINE_HOURS + 1
    assert all(0 <= p.soreness <= rules.SORENESS_MAX for p in plan.timeline)

    # One decision over time: the plan made later, with the same data, agrees with it.
    later = now + timedelta(minutes=later_minutes)
    segment = next((s for s in plan.segments if utc(s.start) <= later < utc(s.end)), None)
    if segment is not None:
        known = [c for c in inputs if utc(c.at) <= now]  # no check-in arrives in between
        again = make_plan(sessions=[*history, session], check_ins=known, tz=tz, now=later)
        assert (again.status, again.cause) == (segment.status, segment.cause)
