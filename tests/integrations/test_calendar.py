"""The feed's calendar, built from plans with an explicit ``now`` and parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from integrations.calendar import FeedPlan, build_calendar
from recovery import rules
from recovery.planner import CheckInInput, SessionInput, make_plan

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def plan_at(now: datetime, *, ended: datetime, tz=BERLIN, rpe=7, check_ins=()):
    session = SessionInput(ended_at=ended, rpe=rpe, minutes=60, eccentric_heavy=False)
    return make_plan(sessions=[session], check_ins=list(check_ins), tz=tz, now=now)


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def events_by_kind(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]).split("-")[0]: e for e in calendar.walk("VEVENT")}


def feed(plan, *, now, tz=BERLIN, athlete_pk=7, label=""):
    entry = FeedPlan(athlete_pk=athlete_pk, plan=plan, label=label)
    return parse(build_calendar(entries=[entry], name="Legday", tz=tz, now=now))


# A Tuesday afternoon in Berlin, two hours after a hard session: wait, then an easy run.
NOW = datetime(2026, 6, 9, 15, 0, tzinfo=BERLIN)
ENDED = NOW - timedelta(hours=2)


def test_a_run_plan_gives_the_run_its_window_and_the_hard_run_gate():
    plan = plan_at(NOW, ended=ENDED)
    calendar = feed(plan, now=NOW)
    events = events_by_kind(calendar)
    assert set(events) == {"run", "earliest", "hard"}
    run = events["run"]
    assert run.decoded("DTSTART") == plan.recommended_start
    assert run.decoded("DURATION") == timedelta(minutes=plan.duration_min[1])
    assert f"{plan.duration_min[1]} min max" in str(run["SUMMARY"])
    description = str(run["DESCRIPTION"])
    assert rules.TALK_TEST in description and plan.stop_rule in description
    assert events["earliest"].decoded("DTSTART") == plan.earliest_start
    assert events["hard"].decoded("DTSTART") == plan.quality_run_from


def test_the_run_reminds_at_the_earliest_start():
    plan = plan_at(NOW, ended=ENDED)
    run = events_by_kind(feed(plan, now=NOW))["run"]
    (alarm,) = run.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert run.decoded("DTSTART") + alarm.decoded("TRIGGER") == plan.earliest_start


def test_the_calendar_carries_the_athletes_zone():
    plan = plan_at(NOW, ended=ENDED)
    calendar = feed(plan, now=NOW)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    run = events_by_kind(calendar)["run"]
    assert run["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_uids_are_stable_while_the_plan_is_for_the_same_session():
    first = feed(plan_at(NOW, ended=ENDED), now=NOW)
    later = NOW + timedelta(hours=3)
    second = feed(plan_at(later, ended=ENDED), now=later)
    uids = sorted(str(e["UID"]) for e in first.walk("VEVENT"))
    assert uids == sorted(str(e["UID"]) for e in second.walk("VEVENT"))
    epoch = int(ENDED.timestamp())
    assert f"run-{epoch}-7@legday" in uids


def test_each_athlete_has_their_own_uids_and_labels():
    plan = plan_at(NOW, ended=ENDED)
    entries = [
        FeedPlan(athlete_pk=1, plan=plan, label="Ana"),
        FeedPlan(athlete_pk=2, plan=plan, label="Ben"),
    ]
    calendar = parse(build_calendar(entries=entries, name="x", tz=BERLIN, now=NOW))
    runs = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("run-")]
    assert {str(e["SUMMARY"]).split(":")[0] for e in runs} == {"Ana", "Ben"}
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 6


def test_a_walk_plan_has_a_walk_and_no_run():
    pain = CheckInInput(at=NOW - timedelta(minutes=10), soreness=3, legs_heavy=False, pain=True)
    plan = plan_at(NOW, ended=NOW - timedelta(hours=20), check_ins=[pain])
    assert plan.walk is not None
    events = events_by_kind(feed(plan, now=NOW))
    assert "run" not in events and "earliest" not in events
    walk = events["walk"]
    assert walk.decoded("DTSTART") == plan.recommended_start
    assert plan.walk in str(walk["DESCRIPTION"])


def test_no_plan_is_an_empty_but_valid_calendar():
    calendar = parse(build_calendar(entries=[], name="Legday", tz=BERLIN, now=NOW))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


@pytest.mark.parametrize(
    ("tz", "ended_local", "offset_before", "offset_after"),
    [
        # Berlin: clocks go back at 03:00 on Sunday 25 October 2026 (CEST +2 -> CET +1).
        (BERLIN, datetime(2026, 10, 24, 19, 30), timedelta(hours=2), timedelta(hours=1)),
        # New York: clocks go forward at 02:00 on Sunday 8 March 2026 (EST -5 -> EDT -4).
        (NEW_YORK, datetime(2026, 3, 7, 19, 30), timedelta(hours=-5), timedelta(hours=-4)),
    ],
)
def test_the_run_keeps_its_local_time_across_a_dst_change(
    tz, ended_local, offset_before, offset_after
):
    """An evening session the night before the clocks change: the run planned for the next
    morning is in the new offset, at the wall-clock time the plan gives."""
    ended = ended_local.replace(tzinfo=tz)
    now = ended + timedelta(hours=1)
    plan = plan_at(now, ended=ended, tz=tz)
    run = events_by_kind(feed(plan, now=now, tz=tz))["run"]
    start = run.decoded("DTSTART")
    assert ended.utcoffset() == offset_before
    assert start.date() > ended.date()  # the next day, after the change
    assert start.utcoffset() == offset_after
    assert start.astimezone(UTC) == plan.recommended_start.astimezone(UTC)
    local = plan.recommended_start.astimezone(tz)
    assert (start.hour, start.minute) == (local.hour, local.minute)
    assert run["DTSTART"].params["TZID"] == tz.key
    (zone,) = [z for z in feed(plan, now=now, tz=tz).walk("VTIMEZONE")]
    assert str(zone["TZID"]) == tz.key
