"""Plans computed on write and read at any moment: the dashboards' cache of the decision.

After every change to an athlete's data, `recovery.services` calls `refresh`: it plans once
from the same inputs as the athlete's dashboard and stores the decision's outlook (its phases,
the reports in force, the load-scaled start) with the few facts the coach dashboard sorts by.
A dashboard then reads the status, starts and dose at its own `now` with `planner.glance`,
without running the soreness model, and filters and sorts on the phase containing `now` in SQL.

The stored plan is never a source of truth. It is recomputed on read (`ensure_fresh`) when it
is missing, marked stale (a row saved outside the services: see `recovery.signals`), made in
another time zone or under other rules, or asked about at or after its `valid_until`.
Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: code that uses them calls
`refresh` itself, as `manage.py seed_demo` does.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from recovery import queries, rules
from recovery.models import LegWorkout, PlanPhase, RecoveryRun, SorenessCheckIn, StoredPlan
from recovery.planner import (
    FOREVER,
    Glance,
    Outlook,
    Phase,
    Report,
    glance,
)
from recovery.planning import check_ins_from_rows, plan_from_inputs, sessions_from_rows
from recovery.statuses import URGENCY, Cause, Status


def _rules_digest() -> str:
    """A fingerprint of every rule: a deploy that changes one recomputes every stored plan."""
    named = sorted((k, repr(v)) for k, v in vars(rules).items() if k.isupper())
    return hashlib.sha256(repr(named).encode()).hexdigest()[:16]


RULES_DIGEST = _rules_digest()


@dataclass(frozen=True)
class StoredGlance:
    """What the dashboards read of one athlete's stored plan at a moment."""

    stored: StoredPlan
    glance: Glance | None  # None without any leg day


# Every stored field but the key: all of them are rewritten by a refresh.
_PLAN_FIELDS = [f.name for f in StoredPlan._meta.concrete_fields if not f.primary_key]


def refresh(*, athlete: User, now: datetime) -> StoredPlan:
    """Plan once for ``athlete`` at ``now`` and store it (replacing the old one)."""
    return refresh_many(athletes=[athlete], now=now)[0]


def refresh_many(*, athletes: Sequence[User], now: datetime) -> list[StoredPlan]:
    """`refresh` for many athletes: one plan each, reads and writes in a fixed number of
    queries whatever their number."""
    if not athletes:
        return []
    ids = [a.pk for a in athletes]
    if len(athletes) == 1:  # after a write: a plain read costs half the windowed one
        (only,) = athletes
        rows = queries.planning_rows(athlete=only, workouts_until=now, check_ins_until=now)
        workouts_by, check_ins_by = {only.pk: rows[0]}, {only.pk: rows[1]}
    else:
        workouts_by, check_ins_by = queries.planning_rows_per_athlete(athlete_ids=ids, now=now)
    moments = _moments(ids, now=now)
    plans: list[StoredPlan] = []
    phases: list[PlanPhase] = []
    for athlete in athletes:
        workouts = workouts_by.get(athlete.pk, [])
        check_ins = check_ins_by.get(athlete.pk, [])
        planned = plan_from_inputs(
            sessions=sessions_from_rows(workouts),
            check_ins=check_ins_from_rows(check_ins),
            tz=athlete.zone,
            now=now,
        )
        next_workout, next_check_in, last_run = moments.get(athlete.pk, (None, None, None))
        later = [m for m in (next_workout, next_check_in) if m]
        latest = check_ins[0] if check_ins else None
        stored = StoredPlan(
            athlete=athlete,
            made_at=now,
            revision=new_revision(),
            valid_until=min([FOREVER, *later]),
            zone=athlete.timezone,
            rules_digest=RULES_DIGEST,
            last_leg_day_at=workouts[0]["ended_at"] if workouts else None,
            latest_check_in_at=latest["at"] if latest else None,
            latest_soreness=latest["soreness"] if latest else None,
            latest_pain=latest["pain"] if latest else False,
            latest_legs_heavy=latest["legs_heavy"] if latest else False,
            last_run_at=last_run,
        )
        if planned is not None:
            outlook = planned.plan.outlook
            stored.valid_until = min(stored.valid_until, outlook.valid_until)
            stored.ended_at = outlook.ended
            stored.target_start = outlook.target
            stored.reports = [
                [r.at.isoformat(), r.until.isoformat(), r.alarm] for r in outlook.reports
            ]
            phases += [
                PlanPhase(
                    plan=stored,
                    start=p.start,
                    end=p.end,
                    status=p.status.value,
                    urgency=URGENCY[p.status.value],
                    cause=p.cause.value,
                    sore=p.sore,
                    legs_heavy=p.legs_heavy,
                )
                for p in outlook.phases
            ]
        plans.append(stored)
    with transaction.atomic():
        # Phases go in one DELETE (nothing cascades from them); the plans are written over in
        # place (an upsert), so no plan row has to be read back to be deleted.
        PlanPhase.objects.filter(plan_id__in=ids).delete()
        StoredPlan.objects.bulk_create(
            plans, update_conflicts=True, unique_fields=["athlete"], update_fields=_PLAN_FIELDS
        )
        PlanPhase.objects.bulk_create(phases, batch_size=2000)
        _changed(ids)
    return plans


# Called with the ids of athletes whose stored plan was recomputed or marked stale, in the same
# transaction. coaching registers one (its coaches' list versions); recovery knows no coaching.
PlanListener = Callable[[list[int]], None]
_listeners: list[PlanListener] = []


def listen(listener: PlanListener) -> None:
    """Call ``listener`` whenever stored plans change (idempotent)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _changed(athlete_ids: list[int]) -> None:
    for listener in _listeners:
        listener(athlete_ids)


# Set while a service writes: it recomputes the stored plan itself at the end, so the signals'
# safety net (recovery.signals) has nothing to mark.
REPLANNING_AFTER_WRITE: ContextVar[bool] = ContextVar("replanning_after_write", default=False)


def mark_stale(*, athlete_id: int) -> None:
    """A row of the athlete's was saved outside the services: recompute on the next read."""
    if REPLANNING_AFTER_WRITE.get():
        return
    StoredPlan.objects.filter(athlete_id=athlete_id).update(stale=True, revision=new_revision())
    _changed([athlete_id])


def new_revision() -> int:
    """A random version of the athlete's data: two refreshes never share one (62 bits)."""
    return secrets.randbits(62)


def _stale_tests(*, now: datetime, zone: object) -> tuple[tuple[str, str, object], ...]:
    """Why a stored plan cannot answer for ``now`` in the athlete's ``zone``: any one of these
    (field, comparison, value) holding. The one definition of freshness: `ensure_fresh` asks it
    of many plans through the ORM, `revision_of` of one in a prepared statement."""
    return (
        ("stale", "exact", True),  # a row saved outside the services
        ("valid_until", "lte", now),  # the outlook ran out
        ("made_at", "gt", now),  # asked about a moment before it was made
        ("rules_digest", "ne", RULES_DIGEST),  # made under other rules
        ("zone", "ne", zone),  # made in the athlete's old time zone
    )


def stale_q(*, now: datetime, prefix: str = "") -> Q:
    """Users (whose stored plan ``prefix`` reaches) whose plan must be recomputed before being
    read at ``now``: none stored, or any of `_stale_tests` against their own time zone."""
    stale = Q(**{f"{prefix}isnull": True})
    for field, comparison, value in _stale_tests(now=now, zone=F("timezone")):
        if comparison == "ne":
            stale |= ~Q(**{f"{prefix}{field}": value})
        else:
            stale |= Q(**{f"{prefix}{field}__{comparison}": value})
    return stale


def ensure_fresh(*, athletes: QuerySet[User], now: datetime) -> int:
    """Recompute the stored plans of ``athletes`` that cannot answer for ``now`` (2 queries when
    all are fresh). Returns how many were recomputed."""
    stale = list(athletes.filter(stale_q(now=now, prefix="stored_plan__")).order_by())
    refresh_many(athletes=stale, now=now)
    return len(stale)


_SQL_COMPARISONS = {"exact": "=", "lte": "<=", "gt": ">", "ne": "<>"}


@cache
def _revision_sql() -> str:
    """`revision_of`'s read as one prepared statement: it runs on every dashboard view, and
    built through the ORM its compilation cost as much as the query. Its freshness test is
    written from `_stale_tests` (a NULL column counts as stale)."""
    quote = connection.ops.quote_name
    columns = {field.name: str(field.column) for field in StoredPlan._meta.concrete_fields}
    stale = " OR ".join(
        f"{quote(columns[field])} {_SQL_COMPARISONS[comparison]} %s"
        for field, comparison, _ in _stale_tests(now=FOREVER, zone="")
    )
    return (
        f"SELECT revision, last_leg_day_at IS NOT NULL, NOT ({stale})"
        f" FROM {quote(StoredPlan._meta.db_table)} WHERE athlete_id = %s"
    )


def _sql_value(value: object) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def revision_of(*, athlete: User, now: datetime) -> tuple[int, bool]:
    """The version of ``athlete``'s data as of ``now`` and whether they have a leg day, from a
    fresh stored plan (recomputed first when any of `_stale_tests` holds); one query when
    fresh."""
    tests = _stale_tests(now=now, zone=athlete.timezone)
    with connection.cursor() as cursor:
        params: list[Any] = [*(_sql_value(value) for _, _, value in tests), athlete.pk]
        cursor.execute(_revision_sql(), params)
        row = cursor.fetchone()
    if row is not None and row[2]:
        revision, has_leg_day, _ = row
        return revision, bool(has_leg_day)
    plan = refresh(athlete=athlete, now=now)
    return plan.revision, plan.last_leg_day_at is not None


def glances(*, plans: Iterable[StoredPlan], now: datetime) -> dict[int, StoredGlance]:
    """Each fresh stored plan read at ``now`` (phases prefetched): athlete id -> glance."""
    return {plan.athlete_id: StoredGlance(plan, read(plan=plan, now=now)) for plan in plans}


def phases_read_at(now: datetime) -> QuerySet[PlanPhase]:
    """The phases a read at ``now`` needs: from the start of the athlete's local day (when an
    easy-run window open now may have begun) on; two days back covers every zone."""
    return PlanPhase.objects.filter(end__gt=now - timedelta(days=2)).order_by("plan", "start")


def read(*, plan: StoredPlan, now: datetime) -> Glance | None:
    """The plan at ``now`` from a fresh stored plan, without running the model."""
    if plan.ended_at is None or plan.target_start is None:
        return None
    return glance(outlook_of(plan), now=now, tz=ZoneInfo(plan.zone))


def outlook_of(plan: StoredPlan) -> Outlook:
    return Outlook(
        made_at=plan.made_at,
        valid_until=plan.valid_until,
        ended=plan.ended_at,  # type: ignore[arg-type]  # checked by the caller
        target=plan.target_start,  # type: ignore[arg-type]
        phases=tuple(
            Phase(
                start=p.start,
                end=p.end,
                status=Status(p.status),
                cause=Cause(p.cause),
                sore=p.sore,
                legs_heavy=p.legs_heavy,
            )
            for p in plan.phases.all()
        ),
        reports=tuple(
            Report(
                at=datetime.fromisoformat(at),
                until=datetime.fromisoformat(until),
                alarm=bool(alarm),
            )
            for at, until, alarm in plan.reports
        ),
    )


def _moments(ids: list[int], *, now: datetime) -> dict[int, tuple[Any, Any, Any]]:
    """Per athlete (1 query): the first leg day and check-in dated after ``now`` (they end a
    stored plan's validity) and the latest recovery run by then."""
    first_workout = LegWorkout.objects.filter(athlete=OuterRef("pk"), ended_at__gt=now)
    first_check_in = SorenessCheckIn.objects.filter(athlete=OuterRef("pk"), at__gt=now)
    last_run = RecoveryRun.objects.filter(athlete=OuterRef("pk"), started_at__lte=now)
    rows = (
        User.objects.filter(pk__in=ids)
        .annotate(
            next_workout=Subquery(first_workout.order_by("ended_at").values("ended_at")[:1]),
            next_check_in=Subquery(first_check_in.order_by("at").values("at")[:1]),
            last_run=Subquery(last_run.order_by("-started_at").values("started_at")[:1]),
        )
        .values_list("pk", "next_workout", "next_check_in", "last_run")
    )
    return {pk: (workout, check_in, run) for pk, workout, check_in, run in rows}
