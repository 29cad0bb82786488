"""Plain database reads for the recovery pages: each returns rows in a fixed number of queries.

Nothing here plans; `recovery.planning` turns these rows into planner inputs and view-models.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Exists, F, Model, OuterRef, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from recovery.models import Exercise, ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn

if TYPE_CHECKING:
    from accounts.models import User

# The most earlier workouts a plan looks back on (twice a week for the repeated-bout fade).
PLAN_HISTORY_WORKOUTS = 40
# The most check-ins a plan looks back on (three per leg day).
PLAN_HISTORY_CHECK_INS = 120
# How many rows of each kind the dashboard's recent-history panel shows.
RECENT_ROWS = 5
# Newest first, and of two at the same moment the one saved last first.
CHECK_IN_NEWEST_FIRST = ("-at", "-updated_at", "-pk")


def workouts_with_details(queryset: QuerySet[LegWorkout]) -> QuerySet[LegWorkout]:
    """Workouts with their exercise lines (and exercises) and check-ins prefetched."""
    return queryset.prefetch_related(
        Prefetch("lines", queryset=ExerciseLine.objects.select_related("exercise")),
        Prefetch("checkins", queryset=SorenessCheckIn.objects.order_by("at", "updated_at", "pk")),
    )


def workouts_with_lines(queryset: QuerySet[LegWorkout]) -> QuerySet[LegWorkout]:
    """Workouts with their exercise lines (and exercises) prefetched: enough to plan."""
    return queryset.prefetch_related(
        Prefetch("lines", queryset=ExerciseLine.objects.select_related("exercise"))
    )


def _eccentric() -> Exists:
    """Whether a workout (the outer row) has an eccentric-heavy line, computed in SQL."""
    return Exists(
        ExerciseLine.objects.filter(workout=OuterRef("pk"), exercise__eccentric_heavy=True)
    )


NO_ROW = -1  # an id no row has: "exclude nothing"
WORKOUT_ROW = ("ended_at", "rpe", "minutes", "eccentric")
CHECK_IN_ROW = ("pk", "at", "updated_at", "soreness", "legs_heavy", "pain")


@cache
def _planning_sql() -> tuple[str, str]:
    """`planning_rows`' two SELECTs, written once per process. They run on every preview, every
    dashboard draw and every write; built through the ORM, compiling them cost about five times
    running them. `tests/recovery/test_stored_plans.py` checks them against the ORM's windowed
    read of the same rows."""
    q = connection.ops.quote_name
    workout, line = q(LegWorkout._meta.db_table), q(ExerciseLine._meta.db_table)
    exercise, check_in = q(Exercise._meta.db_table), q(SorenessCheckIn._meta.db_table)
    workouts = (
        f"SELECT w.ended_at, w.rpe, w.minutes, EXISTS (SELECT 1 FROM {line} l"
        f" JOIN {exercise} e ON e.id = l.exercise_id"
        f" WHERE l.workout_id = w.id AND e.eccentric_heavy)"
        f" FROM {workout} w WHERE w.athlete_id = %s AND w.ended_at <= %s AND w.id <> %s"
        f" ORDER BY w.ended_at DESC, w.id DESC LIMIT {PLAN_HISTORY_WORKOUTS}"
    )
    check_ins = (
        f"SELECT id, at, updated_at, soreness, legs_heavy, pain FROM {check_in}"
        f" WHERE athlete_id = %s AND at <= %s AND id <> %s"
        f" ORDER BY at DESC, updated_at DESC, id DESC LIMIT {PLAN_HISTORY_CHECK_INS}"
    )
    return workouts, check_ins


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes from a plain SELECT; PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def planning_rows(
    *,
    athlete: User,
    workouts_until: datetime,
    check_ins_until: datetime,
    exclude_workout_pk: int | None = None,
    exclude_check_in_pk: int | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the planner reads of one athlete's history, as plain rows, newest first (2 queries):
    the latest PLAN_HISTORY_WORKOUTS workouts ended by ``workouts_until`` and PLAN_HISTORY_CHECK_INS
    check-ins by ``check_ins_until``, without model instances."""
    workouts_sql, check_ins_sql = _planning_sql()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            workouts_sql, [athlete.pk, adapt(workouts_until), exclude_workout_pk or NO_ROW]
        )
        workouts = [
            dict(zip(WORKOUT_ROW, (_aware(end), rpe, minutes, bool(eccentric)), strict=True))
            for end, rpe, minutes, eccentric in cursor.fetchall()
        ]
        cursor.execute(
            check_ins_sql, [athlete.pk, adapt(check_ins_until), exclude_check_in_pk or NO_ROW]
        )
        check_ins = [
            dict(
                zip(
                    CHECK_IN_ROW,
                    (pk, _aware(at), _aware(updated), soreness, bool(heavy), bool(pain)),
                    strict=True,
                )
            )
            for pk, at, updated, soreness, heavy, pain in cursor.fetchall()
        ]
    return workouts, check_ins


def recent_workouts(*, athlete: User, until: datetime) -> list[LegWorkout]:
    """The athlete's latest RECENT_ROWS workouts that ended by ``until``, lines prefetched."""
    queryset = LegWorkout.objects.filter(athlete=athlete, ended_at__lte=until)
    return list(workouts_with_lines(queryset.order_by("-ended_at", "-pk"))[:RECENT_ROWS])


def next_workout_end(
    *, athlete: User, after: datetime, exclude_pk: int | None = None
) -> datetime | None:
    """When the athlete's first workout after ``after`` ended (1 query)."""
    queryset = LegWorkout.objects.filter(athlete=athlete, ended_at__gt=after)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.order_by("ended_at").values_list("ended_at", flat=True).first()


def recent_check_ins(*, athlete: User) -> list[SorenessCheckIn]:
    return list(
        SorenessCheckIn.objects.filter(athlete=athlete)
        .select_related("workout")
        .order_by(*CHECK_IN_NEWEST_FIRST)[:RECENT_ROWS]
    )


def recent_runs(*, athlete: User) -> list[RecoveryRun]:
    return list(RecoveryRun.objects.filter(athlete=athlete).select_related("workout")[:RECENT_ROWS])


def latest_workout_before(*, athlete: User, moment: datetime) -> LegWorkout | None:
    """The athlete's most recent leg workout that ended at or before ``moment``."""
    return (
        LegWorkout.objects.filter(athlete=athlete, ended_at__lte=moment)
        .order_by("-ended_at", "-pk")
        .first()
    )


def _ranked[M: Model](
    queryset: QuerySet[M], *, partition: str, order: Iterable[str], limit: int
) -> QuerySet[M]:
    """The first ``limit`` rows of each ``partition`` under ``order``, in one windowed query."""
    ordering = [F(o[1:]).desc() if o.startswith("-") else F(o).asc() for o in order]
    ranked = queryset.annotate(
        recency=Window(RowNumber(), partition_by=[F(partition)], order_by=ordering)
    )
    # The stubs' plugin loses M across annotate() on a generic queryset; the rows are Ms.
    return cast("QuerySet[M]", ranked.filter(recency__lte=limit))


def history_per_athlete(
    *, athlete_ids: list[int], now: datetime
) -> tuple[dict[int, list[LegWorkout]], dict[int, list[SorenessCheckIn]]]:
    """Each athlete's planning history (workouts with lines, and check-ins), newest first, for
    many athletes in 3 queries."""
    workouts = _ranked(
        LegWorkout.objects.filter(athlete_id__in=athlete_ids, ended_at__lte=now),
        partition="athlete_id",
        order=("-ended_at", "-pk"),
        limit=PLAN_HISTORY_WORKOUTS,
    )
    check_ins = _ranked(
        SorenessCheckIn.objects.filter(athlete_id__in=athlete_ids, at__lte=now),
        partition="athlete_id",
        order=CHECK_IN_NEWEST_FIRST,
        limit=PLAN_HISTORY_CHECK_INS,
    )
    workouts_by: dict[int, list[LegWorkout]] = {}
    for workout in workouts_with_lines(workouts).order_by("athlete_id", "-ended_at", "-pk"):
        workouts_by.setdefault(workout.athlete_id, []).append(workout)
    check_ins_by: dict[int, list[SorenessCheckIn]] = {}
    for check_in in check_ins.order_by("athlete_id", *CHECK_IN_NEWEST_FIRST):
        check_ins_by.setdefault(check_in.athlete_id, []).append(check_in)
    return workouts_by, check_ins_by


def planning_rows_per_athlete(
    *, athlete_ids: list[int], now: datetime
) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """What the planner reads of each athlete's history, as plain rows (no model instances), for
    many athletes in 2 queries: workouts (newest first, with ``eccentric_heavy`` computed in
    SQL from their lines) and check-ins (newest first). Same rows as `history_per_athlete`."""
    workouts = _ranked(
        LegWorkout.objects.filter(athlete_id__in=athlete_ids, ended_at__lte=now),
        partition="athlete_id",
        order=("-ended_at", "-pk"),
        limit=PLAN_HISTORY_WORKOUTS,
    ).annotate(eccentric=_eccentric())
    check_ins = _ranked(
        SorenessCheckIn.objects.filter(athlete_id__in=athlete_ids, at__lte=now),
        partition="athlete_id",
        order=CHECK_IN_NEWEST_FIRST,
        limit=PLAN_HISTORY_CHECK_INS,
    )
    workouts_by: dict[int, list[Any]] = {}
    for row in workouts.order_by("athlete_id", "-ended_at", "-pk").values(
        "athlete_id", *WORKOUT_ROW
    ):
        workouts_by.setdefault(row["athlete_id"], []).append(row)
    check_ins_by: dict[int, list[Any]] = {}
    for check_in in check_ins.order_by("athlete_id", *CHECK_IN_NEWEST_FIRST).values(
        "athlete_id", *CHECK_IN_ROW
    ):
        check_ins_by.setdefault(check_in["athlete_id"], []).append(check_in)
    return workouts_by, check_ins_by
