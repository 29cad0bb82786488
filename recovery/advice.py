"""Every sentence a plan says, rendered from the planner's one decision.

The reason names only the cause that decided the status; the summary is the short line for the
coach's dashboard; `plan_as_text` and `plan_as_dict` are what `manage.py plan` prints. Pure
Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from recovery import rules
from recovery.statuses import Cause, Status

if TYPE_CHECKING:  # the planner imports this module to word its decision
    from recovery.planner import CheckInInput, Plan

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Decided:
    """What the planner decided at `now`, with what the wording needs."""

    status: Status
    cause: Cause
    now: datetime
    tz: tzinfo
    ended: datetime
    earliest: datetime
    recommended: datetime
    soreness: float
    check_in: CheckInInput | None  # the check-in in force, if any
    invites_check_in: bool


@dataclass(frozen=True, slots=True)
class _Voice:
    """Who a sentence speaks about: the athlete themself ("you"), or a named athlete for their
    coach ("Sam", "their")."""

    name: str | None = None

    def pick(self, second: str, third: str) -> str:
        return second if self.name is None else third.replace("{name}", self.name)

    @property
    def you(self) -> str:  # sentence subject: "You" / "Sam"
        return self.pick("You", "{name}")

    @property
    def your(self) -> str:  # sentence-initial possessive: "Your" / "Sam's"
        return self.pick("Your", "{name}'s")

    @property
    def your_mid(self) -> str:  # mid-sentence possessive: "your" / "their"
        return self.pick("your", "their")


def reason(d: Decided, *, subject: str | None = None) -> str:
    """One plain-English line explaining the decision by its deciding cause.

    Spoken to the athlete, or, with ``subject`` (the athlete's display name), about them: the
    coach's drill-down says "Sam reported pain", not "You reported pain".
    """
    v = _Voice(subject)
    sore = _soreness(d)
    if d.cause is Cause.PAIN:
        when = _past(d.check_in.at, d) if d.check_in else f"at {v.your_mid} last check-in"
        return v.pick(
            f"You reported pain {when}: skip running and walk instead. Check in again once "
            "it has eased.",
            f"{{name}} reported pain {when}: no running, walking instead, until a new "
            "check-in says it has eased.",
        )
    if d.cause is Cause.SEVERE:
        if d.check_in is not None:
            return v.pick(
                f"You rated your soreness {sore} (severe) {_past(d.check_in.at, d)}: walk "
                "instead of running, and check in again once it has eased.",
                f"{{name}} rated their soreness {sore} (severe) {_past(d.check_in.at, d)}: "
                "walking instead of running until a new check-in says it has eased.",
            )
        return f"{v.your} legs are probably severely sore by now ({sore}): " + v.pick(
            "walk instead of running.", "walking instead of running."
        )
    if d.cause is Cause.VERY_SORE:
        return _very_sore_reason(d, sore, v)
    if d.cause is Cause.SAME_DAY_WAIT:
        if _local_date(d.earliest, d.tz) == _local_date(d.now, d.tz):
            return (
                f"{v.your} session ended {_elapsed(d)} ago; "
                + v.pick("give your legs", "their legs need")
                + f" until {_clock(d.earliest, d.now, d.tz)} before an easy run."
            )
        return (
            f"{v.your} session ended {_elapsed(d)} ago; it will be too late for a run today, so "
            + v.pick("go easy", "an easy run")
            + f" from {_clock(d.earliest, d.now, d.tz)}."
        )
    if d.cause is Cause.RUN_DAY_HOURS:
        return (
            f"No run is planned between {rules.RUN_DAY_END:%H:%M} and "
            f"{rules.RUN_DAY_START:%H:%M}; an easy run is fine from "
            f"{_clock(d.earliest, d.now, d.tz)}."
        )
    if d.cause is Cause.RECOVERED:
        return (
            f"{v.your} leg session was {_elapsed(d)} ago and {v.your_mid} soreness is low "
            f"({sore}); it no longer limits {v.your_mid} running."
        )
    when = _go_when(d)
    if d.cause is Cause.HEAVY_LEGS:
        at = _past(d.check_in.at, d) if d.check_in else f"at {v.your_mid} last check-in"
        return (
            f"{v.your} legs felt heavy {at}: a short, gentle run is fine {when}, "
            f"{rules.HEAVY_LEGS_RUN_MAX_MINUTES} minutes at most."
        )
    if d.cause is Cause.MODERATE:
        moderately = v.pick("You're moderately sore", "{name} is moderately sore")
        return f"{moderately} ({sore}): a short, gentle run is fine {when}."
    return f"{v.your} session ended {_elapsed(d)} ago; an easy run is fine {when}."


def _very_sore_reason(d: Decided, sore: str, v: _Voice) -> str:
    earliest = _clock(d.earliest, d.now, d.tz)
    below = f"below {rules.VERY_SORE_THRESHOLD}/10"
    if d.invites_check_in and d.check_in is not None:
        reported = _past(d.check_in.at, d)
        rated = f"{v.you} rated {v.your_mid} soreness {sore} (very sore) {reported}"
        if d.earliest <= d.now:
            return rated + v.pick(
                f": check in again before you run; if you're {below}, an easy run is fine.",
                f": a new check-in is due before a run; {below}, an easy run is fine.",
            )
        return rated + v.pick(
            f", so no run before {earliest}. Check in again then; if you're {below}, an easy "
            "run is fine.",
            f", so no run before {earliest}. A new check-in is due then; {below}, an easy run "
            "is fine.",
        )
    if d.soreness >= rules.VERY_SORE_THRESHOLD:
        if d.check_in is not None:
            return (
                f"{v.you} rated {v.your_mid} soreness {sore} (very sore) "
                f"{_past(d.check_in.at, d)}: "
                + v.pick("rest your legs", "their legs need rest")
                + f" until {earliest}."
            )
        return (
            f"{v.your} legs are probably very sore by now ({sore}); rest them until {earliest}, "
            "then keep the run easy."
        )
    return (
        f"{v.your} legs were very sore earlier today; rest them until {earliest}, "
        "then keep the run easy."
    )


def summary(d: Decided) -> str:
    """A few words for a dashboard row, e.g. 'Easy run from 14:00'."""
    earliest = _clock(d.earliest, d.now, d.tz, short=True)
    if d.status is Status.WALK_INSTEAD:
        return "Walk instead of running"
    if d.status is Status.RECOVERED:
        return "Recovered from the last leg day"
    if d.status is Status.NEXT_DAY:
        if d.invites_check_in and d.earliest <= d.now:
            return "Very sore: check in before running"
        return f"Not today: easy run from {earliest}"
    if d.status is Status.GO:
        return "Easy run OK now"
    return f"Easy run OK from {earliest}"


def _soreness(d: Decided) -> str:
    value = f"{d.soreness:g}/10"
    return value if d.check_in is not None else f"about {value} predicted"


def _go_when(d: Decided) -> str:
    if d.recommended <= d.now:
        return "now"
    return f"now, ideally from {_clock(d.recommended, d.now, d.tz)}"


def _clock(moment: datetime, now: datetime, tz: tzinfo, *, short: bool = False) -> str:
    """'14:00', 'tomorrow at 07:00' or 'Sat 28 Nov at 07:00', relative to now's local date."""
    local = moment.astimezone(tz)
    hhmm = f"{local:%H:%M}"
    days_ahead = (local.date() - _local_date(now, tz)).days
    if days_ahead == 0:
        return hhmm
    if short:
        return f"{_WEEKDAYS[local.weekday()]} {hhmm}"
    if days_ahead == 1:
        return f"tomorrow at {hhmm}"
    return f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} at {hhmm}"


def _past(moment: datetime, d: Decided) -> str:
    """'today at 14:00', 'yesterday at 18:00' or 'on Tue 24 Nov at 18:00'."""
    local = moment.astimezone(d.tz)
    days_ago = (_local_date(d.now, d.tz) - local.date()).days
    if days_ago == 0:
        return f"today at {local:%H:%M}"
    if days_ago == 1:
        return f"yesterday at {local:%H:%M}"
    day = f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"
    return f"on {day} at {local:%H:%M}"


def _local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def _elapsed(d: Decided) -> str:
    """'40 min', '5 h' or '3 days', rounded down."""
    hours = (d.now - d.ended).total_seconds() / 3600
    if hours < 1:
        return f"{math.floor(hours * 60)} min"
    if hours < 48:
        return f"{math.floor(hours)} h"
    return f"{math.floor(hours / 24)} days"


# --- Renderings of a whole plan --------------------------------------------------------------


def range_text(values: tuple[int, int]) -> str:
    """'20-30', or '20' when both ends are equal."""
    low, high = values
    return str(low) if low == high else f"{low}-{high}"


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: the documented `manage.py plan --json` contract."""

    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat(timespec="seconds")

    return {
        "status": str(plan.status),
        "cause": str(plan.cause),
        "reason": plan.reason,
        "earliest_start": iso(plan.earliest_start),
        "recommended_start": iso(plan.recommended_start),
        "duration_min": None if plan.duration_min is None else list(plan.duration_min),
        "rpe": None if plan.rpe is None else list(plan.rpe),
        "warmup": plan.warmup,
        "cooldown": plan.cooldown,
        "stop_rule": plan.stop_rule,
        "fuel": plan.fuel,
        "talk_test": plan.talk_test,
        "walk": plan.walk,
        "soreness_now": plan.current_soreness,
        "soreness_source": plan.soreness_source,
        "quality_run_from": iso(plan.quality_run_from),
        "run_windows": [
            {"start": iso(window.start), "end": iso(window.end)} for window in plan.run_windows
        ],
        "curve_adjusted": plan.curve_adjusted,
        "peak_hours_after": plan.peak_hours_after,
        "timeline": [
            {"hours_after": point.hours_after, "at": iso(point.at), "soreness": point.soreness}
            for point in plan.timeline
        ],
    }


def plan_as_text(plan: Plan) -> str:
    """The plan for a terminal: the walking advice and no running dose on walk-instead plans."""
    when = "%a %d %b %H:%M %Z"
    band = rules.soreness_band(plan.current_soreness)
    lines = [
        f"{plan.status.label}: {plan.reason}",
        f"Soreness now:      {plan.current_soreness:g}/10 ({band}, {plan.soreness_source})",
    ]
    if plan.walk is not None:
        lines += [f"Walk:              {plan.walk}", f"Pace:              {plan.talk_test}"]
    else:
        assert plan.duration_min is not None and plan.rpe is not None
        lines += [
            f"Earliest start:    {plan.earliest_start:{when}}",
            f"Recommended start: {plan.recommended_start:{when}}",
            f"Run:               {range_text(plan.duration_min)} min at RPE "
            f"{range_text(plan.rpe)}/10. {plan.talk_test}",
        ]
        if plan.quality_run_from is not None:
            lines.append(f"Hard runs from:    {plan.quality_run_from:{when}}")
        windows = ", ".join(
            f"{w.start:%a %H:%M}–{w.end:%a %H:%M}"
            if w.start.date() != w.end.date()
            else f"{w.start:%a %H:%M}–{w.end:%H:%M}"
            for w in plan.run_windows
        )
        lines.append(f"Easy-run windows:  {windows or 'none until you check in again'}")
        lines += [f"Before: {plan.warmup}", f"After: {plan.cooldown}"]
    lines += [f"During: {plan.stop_rule}", f"Fuel: {plan.fuel}"]
    if plan.curve_adjusted:
        lines.append("Your soreness curve has been adjusted to your check-ins.")
    return "\n".join(lines)
