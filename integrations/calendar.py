"""The iCalendar feed, built from plans: plain Python (no Django), every input explicit.

One plan gives these events, each with a UID that stays the same while the plan is for the
same leg day (``<kind>-<session end, epoch seconds>-<athlete pk>@legday``), so a subscribed
calendar updates its events instead of adding new ones:

- ``run``: the easy run at the recommended start, as long as the plan's cap, with the talk
  test and the stop rule in its description and a reminder (VALARM) at the earliest start;
- ``earliest``: the moment the easy-run window opens;
- ``hard``: the moment hard runs (intervals, tempo, long runs) are fine again, if known;
- on walk-instead plans a ``walk`` event replaces the run (and no ``earliest`` event).

Times carry the athlete's zone, and the calendar holds a VTIMEZONE for every zone it uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vDuration

from recovery import rules
from recovery.advice import range_text
from recovery.planner import Plan

PRODID = "-//Legday//Recovery run plan//EN"
UID_DOMAIN = "legday"
# How often a subscribed calendar should fetch the feed again (a hint; clients decide).
REFRESH_INTERVAL = timedelta(hours=1)
# The VTIMEZONE describes the zone this far either side of ``now``.
TIMEZONE_SPAN = timedelta(days=400)
EVENT_MINUTES = 15  # the "window opens" and "hard runs fine" markers
WALK_MINUTES = rules.HEAVY_LEGS_RUN_MAX_MINUTES  # rules.WALK_INSTEAD: "walk easily for 20 minutes"


@dataclass(frozen=True)
class FeedPlan:
    """One athlete's plan in a feed. ``label`` prefixes each summary (the coach's feed)."""

    athlete_pk: int
    plan: Plan
    label: str = ""


def uid(kind: str, *, plan: Plan, athlete_pk: int) -> str:
    ended = int(plan.session_ended_at.timestamp())
    return f"{kind}-{ended}-{athlete_pk}@{UID_DOMAIN}"


def _summary(text: str, label: str) -> str:
    return f"{label}: {text}" if label else text


def _event(
    *,
    kind: str,
    entry: FeedPlan,
    start: datetime,
    minutes: int,
    summary: str,
    description: str,
    now: datetime,
) -> Event:
    event = Event()
    event.add("uid", uid(kind, plan=entry.plan, athlete_pk=entry.athlete_pk))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=minutes))
    event.add("summary", _summary(summary, entry.label))
    event.add("description", description)
    event.add("categories", ["Legday"])
    return event


def _run_event(entry: FeedPlan, now: datetime) -> Event:
    plan = entry.plan
    assert plan.duration_min is not None and plan.rpe is not None
    cap = plan.duration_min[1]
    description = "\n\n".join(
        [
            plan.reason,
            f"Run {range_text(plan.duration_min)} minutes, no more, at RPE "
            f"{range_text(plan.rpe)} out of 10.",
            f"Talk test: {plan.talk_test}",
            f"Stop rule: {plan.stop_rule}",
            f"Before: {plan.warmup}",
            f"After: {plan.cooldown}",
            f"Fuel: {plan.fuel}",
        ]
    )
    event = _event(
        kind="run",
        entry=entry,
        start=plan.recommended_start,
        minutes=cap,
        summary=f"Easy run, {cap} min max (RPE {range_text(plan.rpe)})",
        description=description,
        now=now,
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _summary("The easy-run window is open", entry.label))
    # Relative to the run's start: fires at the earliest start (or at the start itself).
    alarm.add("trigger", min(plan.earliest_start - plan.recommended_start, timedelta(0)))
    event.add_component(alarm)
    return event


def _walk_event(entry: FeedPlan, now: datetime) -> Event:
    plan = entry.plan
    description = "\n\n".join(
        [
            plan.reason,
            plan.walk or rules.WALK_INSTEAD,
            f"Pace: {plan.talk_test}",
            f"Stop rule: {plan.stop_rule}",
        ]
    )
    return _event(
        kind="walk",
        entry=entry,
        start=plan.recommended_start,
        minutes=WALK_MINUTES,
        summary=f"Walk instead of running, {WALK_MINUTES} min",
        description=description,
        now=now,
    )


def _earliest_event(entry: FeedPlan, now: datetime) -> Event:
    plan = entry.plan
    after = " (after a new check-in)" if plan.invites_check_in else ""
    return _event(
        kind="earliest",
        entry=entry,
        start=plan.earliest_start,
        minutes=EVENT_MINUTES,
        summary=f"Easy-run window opens{after}",
        description=f"{plan.reason}\n\nTalk test: {plan.talk_test}",
        now=now,
    )


def _hard_event(entry: FeedPlan, start: datetime, now: datetime) -> Event:
    return _event(
        kind="hard",
        entry=entry,
        start=start,
        minutes=EVENT_MINUTES,
        summary="Hard runs fine again",
        description="Intervals, tempo runs and long runs are fine again from now.",
        now=now,
    )


def plan_events(entry: FeedPlan, *, now: datetime) -> list[Event]:
    plan = entry.plan
    if plan.walk is not None:
        events = [_walk_event(entry, now)]
    else:
        events = [_run_event(entry, now), _earliest_event(entry, now)]
    if plan.quality_run_from is not None:
        events.append(_hard_event(entry, plan.quality_run_from, now))
    return events


def build_calendar(*, entries: Sequence[FeedPlan], name: str, tz: ZoneInfo, now: datetime) -> bytes:
    """The whole feed as iCalendar bytes; ``tz`` is the subscriber's zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tz.key)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for entry in entries:
        for event in plan_events(entry, now=now):
            calendar.add_component(event)
    # The zone's transitions around the feed's events only (a whole-history VTIMEZONE is long).
    calendar.add_missing_timezones(
        first_date=(now - TIMEZONE_SPAN).date(), last_date=(now + TIMEZONE_SPAN).date()
    )
    body: bytes = calendar.to_ical()
    return body
