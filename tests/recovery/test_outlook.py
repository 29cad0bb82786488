"""The outlook: a plan's decision without its `now`, read at later moments without the model.

The dashboards store an outlook when data change and read it at every request; these tests
prove that reading it at any moment it answers for gives what planning afresh then gives.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery import rules
from recovery.planner import (
    FOREVER,
    CheckInInput,
    Glance,
    Plan,
    SessionInput,
    Status,
    glance,
    make_plan,
)

# About 200 in CI; OUTLOOK_EXAMPLES=20000 for a deeper search by hand.
EXAMPLES = int(os.environ.get("OUTLOOK_EXAMPLES", "200"))
H = timedelta(hours=1)
M = timedelta(minutes=1)
OSLO = ZoneInfo("Europe/Oslo")
ZONES = [ZoneInfo(n) for n in ("UTC", "Europe/Oslo", "America/St_Johns", "Pacific/Chatham")]


def plan_glance(plan: Plan) -> Glance:
    return Glance(
        status=plan.status,
        cause=plan.cause,
        earliest_start=plan.earliest_start,
        recommended_start=plan.recommended_start,
        duration_min=plan.duration_min,
        rpe=plan.rpe,
        invites_check_in=plan.invites_check_in,
    )


def session(ended: datetime, *, rpe: int = 8, minutes: int = 70, eccentric: bool = False):
    return SessionInput(ended_at=ended, rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)


def check_in(at: datetime, soreness: int, *, heavy: bool = False, pain: bool = False, n: int = 0):
    return CheckInInput(at=at, soreness=soreness, legs_heavy=heavy, pain=pain, order=(n, n))


ENDED = datetime(2026, 11, 24, 18, 30, tzinfo=OSLO)


def test_the_outlook_answers_for_the_moment_it_was_made():
    plan = make_plan(sessions=[session(ENDED)], tz=OSLO, now=ENDED + 2 * H)
    assert glance(plan.outlook, now=ENDED + 2 * H, tz=OSLO) == plan_glance(plan)


def test_read_later_it_agrees_with_planning_again():
    plan = make_plan(sessions=[session(ENDED)], tz=OSLO, now=ENDED + 2 * H)
    for hours in (3, 9, 13.5, 20, 30, 47, 60):
        later = ENDED + hours * H
        again = make_plan(sessions=[session(ENDED)], tz=OSLO, now=later)
        assert glance(plan.outlook, now=later, tz=OSLO) == plan_glance(again), hours


def test_it_refuses_moments_it_does_not_answer_for():
    plan = make_plan(sessions=[session(ENDED)], tz=OSLO, now=ENDED + 2 * H)
    with pytest.raises(ValueError, match="outside"):
        glance(plan.outlook, now=ENDED + H, tz=OSLO)
    with pytest.raises(ValueError, match="outside"):
        glance(plan.outlook, now=plan.outlook.valid_until, tz=OSLO)


def test_a_check_in_dated_later_ends_the_outlook_when_it_counts():
    report = check_in(ENDED + 20 * H, 8)
    plan = make_plan(sessions=[session(ENDED)], check_ins=[report], tz=OSLO, now=ENDED + 2 * H)
    assert plan.outlook.valid_until == report.at


def test_a_session_dated_later_ends_the_outlook_when_it_ends():
    later = session(ENDED + 30 * H)
    plan = make_plan(sessions=[session(ENDED), later], tz=OSLO, now=ENDED + 2 * H)
    assert plan.outlook.valid_until == later.ended_at


def test_an_old_recovered_session_settles_for_good():
    plan = make_plan(sessions=[session(ENDED)], tz=OSLO, now=ENDED + 6 * 24 * H)
    assert plan.status is Status.RECOVERED
    assert plan.outlook.valid_until == FOREVER
    a_month_on = ENDED + 36 * 24 * H + 5 * H
    again = make_plan(sessions=[session(ENDED)], tz=OSLO, now=a_month_on)
    assert glance(plan.outlook, now=a_month_on, tz=OSLO) == plan_glance(again)


def test_a_heavy_legs_report_shortens_the_dose_read_from_the_outlook():
    heavy = check_in(ENDED + 20 * H, 3, heavy=True)
    plan = make_plan(sessions=[session(ENDED)], check_ins=[heavy], tz=OSLO, now=ENDED + 21 * H)
    seen = glance(plan.outlook, now=ENDED + 22 * H, tz=OSLO)
    assert seen.duration_min == (rules.RECOVERY_RUN_MINUTES[0], rules.HEAVY_LEGS_RUN_MAX_MINUTES)


def test_a_very_sore_report_holds_windows_shut_and_invites_a_check_in():
    report = check_in(ENDED + 40 * H, 8)
    plan = make_plan(sessions=[session(ENDED)], check_ins=[report], tz=OSLO, now=ENDED + 41 * H)
    later = ENDED + 50 * H
    if later < plan.outlook.valid_until:
        again = make_plan(sessions=[session(ENDED)], check_ins=[report], tz=OSLO, now=later)
        assert glance(plan.outlook, now=later, tz=OSLO) == plan_glance(again)
    assert glance(plan.outlook, now=ENDED + 41 * H, tz=OSLO).invites_check_in == (
        plan.invites_check_in
    )


# --- Stored equals fresh, over random histories ----------------------------------------------

histories = st.fixed_dictionaries(
    {
        "ended_minute": st.integers(0, 365 * 24 * 60),
        "rpe": st.integers(rules.RPE_MIN, rules.RPE_MAX),
        "minutes": st.integers(rules.SESSION_MINUTES_MIN, 150),
        "eccentric": st.booleans(),
        "earlier": st.lists(
            st.tuples(st.integers(1, 30 * 24 * 60), st.integers(1, 10), st.booleans()),
            max_size=3,
        ),
        "later_session": st.none() | st.integers(1, 6 * 24 * 60),
        # (minutes after the session, soreness, heavy, pain); some dated after `now`
        "check_ins": st.lists(
            st.tuples(
                st.integers(-2 * 24 * 60, 8 * 24 * 60),
                st.integers(rules.SORENESS_MIN, rules.SORENESS_MAX),
                st.booleans(),
                st.booleans(),
            ),
            max_size=4,
        ),
        "made_after": st.integers(0, 7 * 24 * 60),
        "read_after": st.integers(0, 14 * 24 * 60),
        "tz": st.sampled_from(ZONES),
    }
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(history=histories)
def test_a_stored_outlook_equals_a_fresh_plan(history):
    tz = history["tz"]
    ended = datetime(2026, 1, 1, tzinfo=UTC) + history["ended_minute"] * M
    latest = session(
        ended, rpe=history["rpe"], minutes=history["minutes"], eccentric=history["eccentric"]
    )
    sessions = [latest]
    sessions += [
        session(ended - before * M, rpe=rpe, eccentric=ecc)
        for before, rpe, ecc in history["earlier"]
    ]
    if history["later_session"] is not None:
        sessions.append(session(ended + history["later_session"] * M, rpe=5, minutes=45))
    check_ins = [
        check_in(ended + offset * M, soreness, heavy=heavy, pain=pain, n=index)
        for index, (offset, soreness, heavy, pain) in enumerate(history["check_ins"])
    ]
    made = ended + history["made_after"] * M
    plan = make_plan(sessions=sessions, check_ins=check_ins, tz=tz, now=made)
    outlook = plan.outlook
    assert glance(outlook, now=made, tz=tz) == plan_glance(plan)

    # A moment it answers for, and its very last minute (where a too-long validity shows).
    reads = [made + history["read_after"] * M]
    if outlook.valid_until < FOREVER:
        reads.append(max(made, outlook.valid_until - M))
    for read in reads:
        if read >= outlook.valid_until:
            read = made + (outlook.valid_until - made) * 0.999
        again = make_plan(sessions=sessions, check_ins=check_ins, tz=tz, now=read)
        assert glance(outlook, now=read, tz=tz) == plan_glance(again), read


def test_a_window_opening_at_the_nine_hour_mark_is_the_same_read_later():
    """Found by the stored-equals-fresh search: a very-sore report just after a late session
    keeps the next morning shut until nine hours after it; planning at that very minute must
    still see the report (it used to start the decision at midnight and forget it)."""
    chatham = ZoneInfo("Pacific/Chatham")
    ended = datetime(2026, 1, 1, tzinfo=UTC) + 17776 * M
    sessions = [session(ended, rpe=1, minutes=1)]
    reports = [check_in(ended, 7, n=0), check_in(ended + M, 0, n=1)]
    plan = make_plan(sessions=sessions, check_ins=reports, tz=chatham, now=ended + M)
    nine_hours = ended + rules.SAME_DAY_WINDOW_END_HOURS * H
    again = make_plan(sessions=sessions, check_ins=reports, tz=chatham, now=nine_hours)
    assert glance(plan.outlook, now=nine_hours, tz=chatham) == plan_glance(again)
