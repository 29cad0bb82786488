"""Read side: fetch what a page needs in a fixed number of queries, and turn
stored workouts and check-ins into planner inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from accounts.access import coached_athletes
from recovery.chart import TimelineChart, timeline_chart
from recovery.doms import Observation, PersonalCurve, fit_personal_curve, session_amplitude
from recovery.models import ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn
from recovery.planner import CheckInInput, Plan, SessionInput, Status, make_plan

# How many earlier workouts feed the repeated-bout effect and the personal curve fit.
PLAN_HISTORY_WORKOUTS = 12
# How many rows of each kind the dashboard's recent-history panel shows.
RECENT_ROWS = 5


def workouts_with_details(queryset: QuerySet[LegWorkout]) -> QuerySet[LegWorkout]:
    """Workouts with their exercise lines (and exercises) and check-ins prefetched."""
    return queryset.prefetch_related(
        Prefetch("lines", queryset=ExerciseLine.objects.select_related("exercise")),
        Prefetch("checkins", queryset=SorenessCheckIn.objects.order_by("at", "pk")),
    )


def plan_history(
    athlete, *, before: datetime, exclude_pk: int | None = None, limit: int = PLAN_HISTORY_WORKOUTS
) -> list[LegWorkout]:
    """The athlete's workouts that ended before ``before``, newest first (3 queries)."""
    queryset = LegWorkout.objects.filter(athlete=athlete, ended_at__lt=before)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(workouts_with_details(queryset)[:limit])


def days_between(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 86400


def _amplitudes(history: Sequence[LegWorkout]) -> list[float]:
    """Each history workout's predicted amplitude, using the one before it as repeated bout."""
    amplitudes = []
    for index, workout in enumerate(history):
        previous = history[index + 1] if index + 1 < len(history) else None
        amplitudes.append(
            session_amplitude(
                rpe=workout.rpe,
                minutes=workout.minutes,
                eccentric_heavy=workout.eccentric_heavy,
                days_since_similar_session=(
                    days_between(workout.ended_at, previous.ended_at) if previous else None
                ),
            )
        )
    return amplitudes


def personal_curve(history: Sequence[LegWorkout]) -> PersonalCurve:
    """Fit the athlete's own curve from check-ins on earlier workouts."""
    observations = [
        Observation(
            hours_after=(check_in.at - workout.ended_at).total_seconds() / 3600,
            soreness=check_in.soreness,
            predicted_amplitude=amplitude,
        )
        for workout, amplitude in zip(history, _amplitudes(history), strict=True)
        for check_in in workout.checkins.all()
    ]
    return fit_personal_curve(observations=observations)


def check_in_input(check_in: SorenessCheckIn | None) -> CheckInInput | None:
    if check_in is None:
        return None
    return CheckInInput(
        at=check_in.at,
        soreness=check_in.soreness,
        legs_heavy=check_in.legs_heavy,
        pain=check_in.pain,
    )


@dataclass(frozen=True)
class PlannedSession:
    """A workout (saved or being typed), its plan and its chart."""

    ended_at: datetime
    plan: Plan
    tz: ZoneInfo
    now: datetime
    check_ins: tuple[tuple[datetime, int], ...]

    @cached_property
    def chart(self) -> TimelineChart:
        """Laid out only when a page draws it (the coach dashboard does not)."""
        return timeline_chart(
            plan=self.plan,
            ended_at=self.ended_at,
            check_ins=self.check_ins,
            now=self.now,
            tz=self.tz,
        )


def plan_session(
    *,
    ended_at: datetime,
    rpe: int,
    minutes: int,
    eccentric_heavy: bool,
    history: Sequence[LegWorkout],
    check_ins: Sequence[CheckInInput],
    tz: ZoneInfo,
    now: datetime,
) -> PlannedSession:
    """Plan one session from explicit values; ``history`` holds the earlier workouts.

    The latest check-in that is not in the future drives the plan; all of them are drawn.
    """
    previous = history[0] if history else None
    session = SessionInput(
        ended_at=ended_at,
        rpe=rpe,
        minutes=minutes,
        eccentric_heavy=eccentric_heavy,
        days_since_similar_session=(
            days_between(ended_at, previous.ended_at) if previous is not None else None
        ),
    )
    past = [c for c in check_ins if ended_at <= c.at <= now]
    latest = max(past, key=lambda c: c.at) if past else None
    plan = make_plan(
        session=session, check_in=latest, tz=tz, now=now, personal=personal_curve(history)
    )
    return PlannedSession(
        ended_at=ended_at,
        plan=plan,
        tz=tz,
        now=now,
        check_ins=tuple((c.at, c.soreness) for c in past),
    )


def plan_workout(
    workout: LegWorkout,
    *,
    history: Sequence[LegWorkout],
    tz: ZoneInfo,
    now: datetime,
    extra_check_in: CheckInInput | None = None,
    exclude_check_in_pk: int | None = None,
) -> PlannedSession:
    """Plan a saved workout whose lines and check-ins are prefetched.

    ``extra_check_in`` previews an unsaved check-in (replacing ``exclude_check_in_pk``
    when an existing one is being edited).
    """
    check_ins = [check_in_input(c) for c in workout.checkins.all() if c.pk != exclude_check_in_pk]
    if extra_check_in is not None:
        check_ins.append(extra_check_in)
    return plan_session(
        ended_at=workout.ended_at,
        rpe=workout.rpe,
        minutes=workout.minutes,
        eccentric_heavy=workout.eccentric_heavy,
        history=history,
        check_ins=check_ins,
        tz=tz,
        now=max(now, workout.ended_at),
    )


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


def latest_workout_before(athlete, moment: datetime) -> LegWorkout | None:
    """The athlete's most recent leg workout that ended at or before ``moment``."""
    return (
        LegWorkout.objects.filter(athlete=athlete, ended_at__lte=moment)
        .order_by("-ended_at", "-pk")
        .first()
    )


def athlete_dashboard_data(
    athlete, *, now: datetime, extra_check_in: CheckInInput | None = None
) -> DashboardData:
    """Everything an athlete's dashboard shows, in a fixed number of queries (5)."""
    workouts = list(
        workouts_with_details(LegWorkout.objects.filter(athlete=athlete, ended_at__lte=now))[
            : PLAN_HISTORY_WORKOUTS + 1
        ]
    )
    recent_check_ins = list(
        SorenessCheckIn.objects.filter(athlete=athlete).select_related("workout")[:RECENT_ROWS]
    )
    recent_runs = list(
        RecoveryRun.objects.filter(athlete=athlete).select_related("workout")[:RECENT_ROWS]
    )
    latest = workouts[0] if workouts else None
    planned = None
    if latest is not None:
        planned = plan_workout(
            latest,
            history=workouts[1:],
            tz=athlete.zone,
            now=now,
            extra_check_in=extra_check_in,
        )
    return DashboardData(
        latest_workout=latest,
        planned=planned,
        recent_workouts=workouts[:RECENT_ROWS],
        recent_check_ins=recent_check_ins,
        recent_runs=recent_runs,
    )


def plan_with_check_in(
    athlete,
    *,
    check_in: CheckInInput,
    now: datetime,
    exclude_check_in_pk: int | None = None,
) -> PlannedSession | None:
    """Preview the plan as if ``check_in`` were saved (None when no workout precedes it)."""
    workout = latest_workout_before(athlete, check_in.at)
    if workout is None:
        return None
    workout = workouts_with_details(LegWorkout.objects.filter(pk=workout.pk)).get()
    return plan_workout(
        workout,
        history=plan_history(athlete, before=workout.ended_at, exclude_pk=workout.pk),
        tz=athlete.zone,
        now=now,
        extra_check_in=check_in,
        exclude_check_in_pk=exclude_check_in_pk,
    )


def saved_check_ins(workout: LegWorkout | None) -> list[CheckInInput]:
    """The planner's view of a saved workout's check-ins (none for a new workout)."""
    if workout is None or workout.pk is None:
        return []
    return [check_in_input(c) for c in workout.checkins.all()]


# --- Coach dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class AthleteRow:
    """One line of the coach dashboard."""

    athlete: object
    latest_workout: LegWorkout | None
    latest_check_in: SorenessCheckIn | None
    planned: PlannedSession | None

    @property
    def status(self) -> str:
        return str(self.planned.plan.status) if self.planned else "none"

    @property
    def plan_summary(self) -> str:
        """Status with its time in the athlete's local clock, e.g. "Easy run OK from 14:00"."""
        if self.planned is None:
            return "No leg day logged yet"
        plan, tz = self.planned.plan, self.planned.tz
        start = plan.earliest_start.astimezone(tz)
        today = self.planned.now.astimezone(tz).date()
        clock = f"{start:%H:%M}" if start.date() == today else f"{start:%a %H:%M}"
        return {
            Status.WAIT: f"Easy run OK from {clock}",
            Status.GO: "Easy run OK now",
            Status.NEXT_DAY: f"Next day: easy run from {clock}",
            Status.WALK_INSTEAD: "Walk instead of running",
            Status.RECOVERED: "Recovered from the last leg day",
        }[plan.status]

    @property
    def needs_attention(self) -> bool:
        """Pain reported, or very sore (by check-in or prediction)."""
        if self.planned is None:
            return False
        return self.planned.plan.status in (Status.WALK_INSTEAD, Status.NEXT_DAY)


def _recent_workouts_per_athlete(athlete_ids, *, now: datetime, per_athlete: int):
    """The latest ``per_athlete`` workouts of each athlete, in one windowed query (+2)."""
    ranked = LegWorkout.objects.filter(athlete_id__in=athlete_ids, ended_at__lte=now).annotate(
        recency=Window(
            RowNumber(),
            partition_by=[F("athlete_id")],
            order_by=[F("ended_at").desc(), F("pk").desc()],
        )
    )
    by_athlete: dict[int, list[LegWorkout]] = {}
    for workout in workouts_with_details(ranked.filter(recency__lte=per_athlete)).order_by(
        "athlete_id", "-ended_at", "-pk"
    ):
        by_athlete.setdefault(workout.athlete_id, []).append(workout)
    return by_athlete


def coach_dashboard_rows(coach, *, now: datetime) -> list[AthleteRow]:
    """A row per athlete ``coach`` may see through an active link; 4 queries in all."""
    athletes = list(coached_athletes(coach))
    workouts = _recent_workouts_per_athlete(
        [a.pk for a in athletes], now=now, per_athlete=PLAN_HISTORY_WORKOUTS + 1
    )
    rows = []
    for athlete in athletes:
        history = workouts.get(athlete.pk, [])
        latest = history[0] if history else None
        planned = None
        latest_check_in = None
        if latest is not None:
            planned = plan_workout(latest, history=history[1:], tz=athlete.zone, now=now)
            past = [c for c in latest.checkins.all() if c.at <= now]
            latest_check_in = past[-1] if past else None
        rows.append(AthleteRow(athlete, latest, latest_check_in, planned))
    return rows
