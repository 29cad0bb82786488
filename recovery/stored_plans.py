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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Max, Min, Q, QuerySet

from recovery import queries, rules
from recovery.models import LegWorkout, PlanPhase, RecoveryRun, SorenessCheckIn, StoredPlan
from recovery.planner import FOREVER, Glance, Outlook, Phase, Report, glance
from recovery.planning import check_in_input, plan_from_inputs, session_input
from recovery.statuses import Cause, Status

if TYPE_CHECKING:
    from accounts.models import User


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

    @property
    def status(self) -> Status | None:
        return None if self.glance is None else self.glance.status


def refresh(*, athlete: User, now: datetime) -> StoredPlan:
    """Plan once for ``athlete`` at ``now`` and store it (replacing the old one)."""
    return refresh_many(athletes=[athlete], now=now)[0]


def refresh_many(*, athletes: Sequence[User], now: datetime) -> list[StoredPlan]:
    """`refresh` for many athletes: one plan each, reads and writes in a fixed number of
    queries whatever their number."""
    if not athletes:
        return []
    ids = [a.pk for a in athletes]
    workouts_by, check_ins_by = queries.history_per_athlete(athlete_ids=ids, now=now)
    next_workout = _first_after(LegWorkout.objects.filter(ended_at__gt=now), "ended_at", ids)
    next_check_in = _first_after(SorenessCheckIn.objects.filter(at__gt=now), "at", ids)
    last_run = _latest(RecoveryRun.objects.filter(started_at__lte=now), "started_at", ids)
    plans: list[StoredPlan] = []
    phases: list[PlanPhase] = []
    for athlete in athletes:
        workouts = workouts_by.get(athlete.pk, [])
        check_ins = check_ins_by.get(athlete.pk, [])
        planned = plan_from_inputs(
            sessions=[session_input(w) for w in workouts],
            check_ins=[check_in_input(c) for c in check_ins],
            tz=athlete.zone,
            now=now,
        )
        later = [m for m in (next_workout.get(athlete.pk), next_check_in.get(athlete.pk)) if m]
        latest = check_ins[0] if check_ins else None
        stored = StoredPlan(
            athlete=athlete,
            made_at=now,
            valid_until=min([FOREVER, *later]),
            zone=athlete.timezone,
            rules_digest=RULES_DIGEST,
            last_leg_day_at=workouts[0].ended_at if workouts else None,
            latest_check_in_at=latest.at if latest else None,
            latest_soreness=latest.soreness if latest else None,
            latest_pain=latest.pain if latest else False,
            latest_legs_heavy=latest.legs_heavy if latest else False,
            last_run_at=last_run.get(athlete.pk),
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
                    cause=p.cause.value,
                    sore=p.sore,
                    legs_heavy=p.legs_heavy,
                )
                for p in outlook.phases
            ]
        plans.append(stored)
    with transaction.atomic():
        StoredPlan.objects.filter(athlete_id__in=ids).delete()  # their phases go with them
        StoredPlan.objects.bulk_create(plans)
        PlanPhase.objects.bulk_create(phases, batch_size=2000)
    return plans


def mark_stale(*, athlete_id: int) -> None:
    """A row of the athlete's was saved outside the services: recompute on the next read."""
    StoredPlan.objects.filter(athlete_id=athlete_id).update(stale=True)


def stale_q(*, now: datetime, prefix: str = "") -> Q:
    """Rows whose stored plan must be recomputed before being read at ``now``."""
    p = prefix
    return (
        Q(**{f"{p}isnull": True})
        | Q(**{f"{p}stale": True})
        | Q(**{f"{p}valid_until__lte": now})
        | Q(**{f"{p}made_at__gt": now})
        | ~Q(**{f"{p}rules_digest": RULES_DIGEST})
    )


def ensure_fresh(*, athletes: QuerySet[User], now: datetime) -> int:
    """Recompute the stored plans of ``athletes`` that cannot answer for ``now`` (2 queries when
    all are fresh). Returns how many were recomputed."""
    stale = list(
        athletes.filter(stale_q(now=now, prefix="stored_plan__") | _zone_changed()).order_by()
    )
    refresh_many(athletes=stale, now=now)
    return len(stale)


def _zone_changed() -> Q:
    return ~Q(stored_plan__zone=F("timezone"))


def glances(*, plans: Iterable[StoredPlan], now: datetime) -> dict[int, StoredGlance]:
    """Each fresh stored plan read at ``now`` (phases prefetched): athlete id -> glance."""
    return {plan.athlete_id: StoredGlance(plan, read(plan=plan, now=now)) for plan in plans}


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


def _first_after(queryset: QuerySet, field: str, ids: list[int]) -> dict[int, datetime]:
    """Per athlete, the earliest ``field`` in ``queryset`` (1 query)."""
    rows = queryset.filter(athlete_id__in=ids).values("athlete_id").annotate(first=Min(field))
    return {row["athlete_id"]: row["first"] for row in rows.order_by()}


def _latest(queryset: QuerySet, field: str, ids: list[int]) -> dict[int, datetime]:
    """Per athlete, the latest ``field`` in ``queryset`` (1 query)."""
    rows = queryset.filter(athlete_id__in=ids).values("athlete_id").annotate(last=Max(field))
    return {row["athlete_id"]: row["last"] for row in rows.order_by()}
