"""The coach dashboard's rows: paged, filtered and sorted in SQL over the stored plans.

A page costs the same whatever the number of athletes: the stored plans of the coach's athletes
are first brought up to date (normally a single query finds none stale), then one query counts
and one fetches the page, filtered and ordered on the stored phase that contains `now`, and two
more read the page's stored plans with their phases. No soreness model runs on a read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, Final

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from accounts.models import User
from coaching.access import coached_athletes
from recovery import stored_plans
from recovery.models import PlanPhase, StoredPlan
from recovery.planner import Glance
from recovery.statuses import NO_PLAN, STATUS_LOOKS, URGENCY, Status, StatusLook
from recovery.verdict import Verdict, duration_words, verdict_for_plan

# Users annotated with their stored plan's current status (the stubs cannot see annotations).
type Annotated = QuerySet[Any]

PAGE_SIZE: Final = 50
ATTENTION: Final = tuple(s for s, look in STATUS_LOOKS.items() if look.needs_attention)
FILTERS: Final = (
    ("", "All athletes"),
    ("attention", "Needs attention"),
    *((status.value, status.label) for status in Status),
    (NO_PLAN, "No leg day yet"),
)
SORTS: Final = (
    ("status", "Status"),
    ("name", "Name"),
    ("recent", "Latest leg day"),
    ("soreness", "Latest check-in rating"),
)


@dataclass(frozen=True)
class CoachRow:
    """One athlete on the coach dashboard, read from their stored plan at `now`."""

    athlete: User
    stored: StoredPlan
    glance: Glance | None
    now: datetime

    @property
    def status(self) -> str:
        return NO_PLAN if self.glance is None else self.glance.status.value

    @property
    def look(self) -> StatusLook | None:
        return None if self.glance is None else STATUS_LOOKS[self.glance.status]

    @property
    def needs_attention(self) -> bool:
        return self.look is not None and self.look.needs_attention

    @property
    def attention_label(self) -> str:
        if self.glance is None or not self.needs_attention:
            return ""
        return "pain" if self.glance.status is Status.WALK_INSTEAD else "very sore"

    @cached_property
    def verdict(self) -> Verdict | None:
        """The athlete's answer in one line, e.g. "Not today: easy run tomorrow from 07:00"."""
        if self.glance is None:
            return None
        return verdict_for_plan(self.glance, now=self.now, tz=self.athlete.zone)

    @property
    def plan_summary(self) -> str:
        return "No leg day logged yet" if self.verdict is None else self.verdict.text

    @property
    def last_leg_day_ago(self) -> str:
        return _ago(self.stored.last_leg_day_at, self.now)

    @property
    def check_in_ago(self) -> str:
        return _ago(self.stored.latest_check_in_at, self.now)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return ""
    return "just now" if moment >= now else f"{duration_words(now - moment)} ago"


@dataclass(frozen=True)
class DashboardPage:
    rows: list[CoachRow]
    page: Page[User]
    athlete_count: int  # all the coach's athletes, whatever the filter


def coach_dashboard_page(
    *,
    coach: User,
    now: datetime,
    wanted: str = "",
    sort: str = "status",
    number: int | str = 1,
    fresh: bool = False,
) -> DashboardPage:
    """The page ``number`` of ``coach``'s athletes matching ``wanted``, ordered by ``sort``.
    ``fresh``: the caller has just brought their stored plans up to date."""
    athletes = coached_athletes(coach)
    if not fresh:
        stored_plans.ensure_fresh(athletes=athletes, now=now)
    annotated = _with_current_status(athletes.order_by(), now=now)
    selected = _filtered(annotated, wanted)
    paginator = Paginator(_sorted(selected, sort), PAGE_SIZE)
    page = paginator.get_page(number)
    members = list(page.object_list)
    plans = StoredPlan.objects.filter(athlete__in=members).prefetch_related(
        Prefetch("phases", queryset=stored_plans.phases_read_at(now))
    )
    glances = stored_plans.glances(plans=plans, now=now)
    rows = [
        CoachRow(
            athlete=athlete,
            stored=glances[athlete.pk].stored,
            glance=glances[athlete.pk].glance,
            now=now,
        )
        for athlete in members
    ]
    total = paginator.count if not wanted else athletes.count()
    return DashboardPage(rows=rows, page=page, athlete_count=total)


def _with_current_status(athletes: QuerySet[User], *, now: datetime) -> Annotated:
    """Aliases (not selected: each is computed once, where a filter or the order uses it)."""
    current = PlanPhase.objects.filter(plan_id=OuterRef("pk"), start__lte=now, end__gt=now)
    current = current.order_by()  # at most one phase contains `now`
    return athletes.alias(
        status_now=Subquery(current.values("status")[:1]),
        urgency_now=Coalesce(Subquery(current.values("urgency")[:1]), Value(URGENCY[NO_PLAN])),
        last_leg_day_at=F("stored_plan__last_leg_day_at"),
        latest_soreness=F("stored_plan__latest_soreness"),
    )


def _filtered(athletes: Annotated, wanted: str) -> Annotated:
    if wanted == "attention":
        return athletes.filter(status_now__in=[s.value for s in ATTENTION])
    if wanted == NO_PLAN:
        return athletes.filter(status_now__isnull=True)
    if wanted:
        return athletes.filter(status_now=wanted)
    return athletes


def _sorted(athletes: Annotated, sort: str) -> Annotated:
    by_name = (Lower("first_name"), Lower("last_name"), Lower("username"), "pk")
    if sort == "name":
        return athletes.order_by(*by_name)
    if sort == "recent":
        return athletes.order_by(F("last_leg_day_at").desc(nulls_last=True), *by_name)
    if sort == "soreness":
        return athletes.order_by(F("latest_soreness").desc(nulls_last=True), *by_name)
    return athletes.order_by("urgency_now", *by_name)
