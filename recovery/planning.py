"""From stored rows to the planner's inputs, and from its plan to what a page shows.

Every surface that shows a plan (dashboard, workout page, live previews, coach rows and
drill-down, `manage.py plan --user`) gets it from `plan_for_athlete` or, for many athletes at
once, `coach_dashboard_rows`: the same inputs give the same answer everywhere. Reads come from
`recovery.queries`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from recovery import queries
from recovery.chart import TimelineChart, timeline_chart
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn
from recovery.planner import UNSAVED_ORDER, CheckInInput, Plan, SessionInput, make_plan
from recovery.statuses import Status

if TYPE_CHECKING:
    from accounts.models import User


def session_input(workout: LegWorkout) -> SessionInput:
    """The planner's view of a stored workout (its lines prefetched)."""
    return SessionInput(
        ended_at=workout.ended_at,
        rpe=workout.rpe,
        minutes=workout.minutes,
        eccentric_heavy=workout.eccentric_heavy,
    )


def check_in_input(check_in: SorenessCheckIn) -> CheckInInput:
    """The planner's view of a check-in; an unsaved one (being previewed) counts as saved last."""
    saved = check_in.pk is not None and check_in.updated_at is not None
    return CheckInInput(
        at=check_in.at,
        soreness=check_in.soreness,
        legs_heavy=check_in.legs_heavy,
        pain=check_in.pain,
        order=(check_in.updated_at.timestamp(), check_in.pk) if saved else UNSAVED_ORDER,
    )


def sessions_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[SessionInput]:
    """The planner's view of workout rows from `queries.planning_rows`."""
    return [
        SessionInput(
            ended_at=r["ended_at"],
            rpe=r["rpe"],
            minutes=r["minutes"],
            eccentric_heavy=r["eccentric"],
        )
        for r in rows
    ]


def check_ins_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[CheckInInput]:
    """The planner's view of check-in rows from `queries.planning_rows` (all saved)."""
    return [
        CheckInInput(
            at=r["at"],
            soreness=r["soreness"],
            legs_heavy=r["legs_heavy"],
            pain=r["pain"],
            order=(r["updated_at"].timestamp(), r["pk"]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class PlannedSession:
    """A plan with what its page needs: the zone, the moment it was made for, and its chart."""

    plan: Plan
    tz: ZoneInfo
    now: datetime  # the moment the plan is for
    is_past: bool = False  # a leg day a later one replaced: its plan as it stood until then

    @cached_property
    def chart(self) -> TimelineChart:
        """Laid out only when a page draws it (the coach dashboard does not)."""
        return timeline_chart(plan=self.plan, now=self.now, tz=self.tz)


def plan_for_athlete(
    *,
    athlete: User,
    now: datetime,
    typed_session: SessionInput | None = None,
    exclude_workout_pk: int | None = None,
    typed_check_in: CheckInInput | None = None,
    exclude_check_in_pk: int | None = None,
    focus: datetime | None = None,
) -> PlannedSession | None:
    """The athlete's plan at ``now`` from their stored history (None without any leg day).

    ``typed_session``/``typed_check_in`` preview unsaved values (replacing the stored rows
    ``exclude_workout_pk``/``exclude_check_in_pk`` being edited). With ``focus`` (the end of a
    past leg day, or a typed one) the plan is for that session as it stood until the next
    leg day ended, so a back-filled or old session shows its own plan.
    """
    if typed_session is not None:
        focus = typed_session.ended_at
        now = max(now, focus)
    as_of = now
    if focus is not None:
        following = queries.next_workout_end(
            athlete=athlete, after=focus, exclude_pk=exclude_workout_pk
        )
        if following is not None and following <= now:
            as_of = following
    workout_rows, check_in_rows = queries.planning_rows(
        athlete=athlete,
        workouts_until=focus if focus is not None else as_of,
        check_ins_until=as_of,
        exclude_workout_pk=exclude_workout_pk,
        exclude_check_in_pk=exclude_check_in_pk,
    )
    sessions = sessions_from_rows(workout_rows)
    if typed_session is not None:
        sessions.append(typed_session)
    check_ins = check_ins_from_rows(check_in_rows)
    if typed_check_in is not None:
        check_ins.append(typed_check_in)
    return plan_from_inputs(
        sessions=sessions, check_ins=check_ins, tz=athlete.zone, now=as_of, past=as_of < now
    )


def plan_from_inputs(
    *,
    sessions: Sequence[SessionInput],
    check_ins: Sequence[CheckInInput],
    tz: ZoneInfo,
    now: datetime,
    past: bool = False,
) -> PlannedSession | None:
    if not any(s.ended_at <= now for s in sessions):
        return None
    plan = make_plan(sessions=sessions, check_ins=check_ins, tz=tz, now=now)
    return PlannedSession(plan=plan, tz=tz, now=now, is_past=past)


# --- The athlete's dashboard -----------------------------------------------------------------


@dataclass(frozen=True)
class DashboardData:
    latest_workout: LegWorkout | None
    planned: PlannedSession | None
    recent_workouts: list[LegWorkout]
    recent_check_ins: list[SorenessCheckIn]
    recent_runs: list[RecoveryRun]

    @property
    def is_empty(self) -> bool:
        return self.latest_workout is None


def athlete_dashboard_data(*, athlete: User, now: datetime) -> DashboardData:
    """Everything an athlete's dashboard shows, in a fixed number of queries."""
    workout_rows, check_in_rows = queries.planning_rows(
        athlete=athlete, workouts_until=now, check_ins_until=now
    )
    planned = plan_from_inputs(
        sessions=sessions_from_rows(workout_rows),
        check_ins=check_ins_from_rows(check_in_rows),
        tz=athlete.zone,
        now=now,
    )
    workouts = queries.recent_workouts(athlete=athlete, until=now) if workout_rows else []
    return DashboardData(
        latest_workout=workouts[0] if workouts else None,
        planned=planned,
        recent_workouts=workouts,
        recent_check_ins=queries.recent_check_ins(athlete=athlete),
        recent_runs=queries.recent_runs(athlete=athlete),
    )


# --- Coach dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class AthleteRow:
    """One line of the coach dashboard."""

    athlete: User
    latest_workout: LegWorkout | None
    latest_check_in: SorenessCheckIn | None
    planned: PlannedSession | None

    @property
    def status(self) -> str:
        return str(self.planned.plan.status) if self.planned else "none"

    @property
    def plan_summary(self) -> str:
        """The plan's own short line, e.g. "Easy run from 14:00"."""
        return self.planned.plan.summary if self.planned else "No leg day logged yet"

    @property
    def needs_attention(self) -> bool:
        """Pain, severe or very sore (by check-in or prediction)."""
        if self.planned is None:
            return False
        return self.planned.plan.status in (Status.WALK_INSTEAD, Status.NEXT_DAY)


def coach_dashboard_rows(*, athletes: Sequence[User], now: datetime) -> list[AthleteRow]:
    """A row per athlete, planned from the same inputs as their own dashboard (3 queries)."""
    workouts_by, check_ins_by = queries.history_per_athlete(
        athlete_ids=[a.pk for a in athletes], now=now
    )
    rows = []
    for athlete in athletes:
        workouts = workouts_by.get(athlete.pk, [])
        check_ins = check_ins_by.get(athlete.pk, [])
        planned = plan_from_inputs(
            sessions=[session_input(w) for w in workouts],
            check_ins=[check_in_input(c) for c in check_ins],
            tz=athlete.zone,
            now=now,
        )
        rows.append(
            AthleteRow(
                athlete=athlete,
                latest_workout=workouts[0] if workouts else None,
                latest_check_in=check_ins[0] if check_ins else None,
                planned=planned,
            )
        )
    return rows
