"""Coach pages: the dashboard of consenting athletes and a read-only drill-down.

Athletes come only from ``coaching.access``: an active consent link or nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHtmxHttpRequest, AuthenticatedHttpRequest
from coaching import list_versions
from coaching.access import (
    coached_athletes,
    record_coach_view,
    record_coach_views,
    visible_athlete_or_404,
)
from coaching.dashboard import FILTERS, SORTS, coach_dashboard_page
from recovery import page_cache, stored_plans
from recovery.planning import athlete_dashboard_data

REFRESH_SECONDS = 60
# The access log's page name for the coach dashboard (one entry per athlete shown, hourly).
DASHBOARD_LIST_PAGE = "coach_dashboard"


@login_required
@require_safe
def coach_dashboard(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    asked = request.GET.get("sort", "")
    sort = asked if asked in dict(SORTS) else "status"
    wanted = request.GET.get("status", "")
    if wanted not in dict(FILTERS):
        wanted = ""
    number = request.GET.get("page", "1")
    now = timezone.now()
    coach = request.user

    def draw() -> str:
        data = coach_dashboard_page(
            coach=coach, now=now, wanted=wanted, sort=sort, number=number, fresh=True
        )
        # Logged when drawn: within the minute a body is served, its views are in the log.
        record_coach_views(
            coach=coach,
            athletes=[row.athlete for row in data.rows],
            page=DASHBOARD_LIST_PAGE,
            path=request.path,
        )
        context = {
            "data": data,
            "rows": data.rows,
            "athlete_count": data.athlete_count,
            "sort": sort,
            "wanted": wanted,
            "refresh_seconds": REFRESH_SECONDS,
            **page_cache.render_context(),
        }
        return render_to_string("coaching/coach_dashboard.html#table", context, request)

    table = page_cache.fragment(
        request,
        key=lambda: (
            "coach",
            coach.pk,
            coach.username,
            wanted,
            sort,
            number,
            list_versions.version_of(coach.pk),
        ),
        # Stale plans recomputed first: that moves the version the body is stored under.
        prepare=lambda: stored_plans.ensure_fresh(athletes=coached_athletes(coach), now=now),
        draw=draw,
    )
    if request.htmx:
        return HttpResponse(table)
    context = {"table": table, "sort": sort, "wanted": wanted, "filters": FILTERS, "sorts": SORTS}
    return render(request, "coaching/coach_dashboard.html", context)


@login_required
@require_safe
def coach_athlete(request: AuthenticatedHttpRequest, athlete_id: int) -> HttpResponse:
    """Read-only view of one athlete's plan, timeline and history."""
    athlete = visible_athlete_or_404(viewer=request.user, athlete_id=athlete_id)
    record_coach_view(coach=request.user, athlete=athlete, page="dashboard", path=request.path)
    data = athlete_dashboard_data(athlete=athlete, now=timezone.now())
    return render(
        request,
        "coaching/coach_athlete.html",
        {
            "athlete": athlete,
            "data": data,
            "planned": data.planned,
            "read_only": True,
            "subject": athlete.display_name,  # the plan's reason is worded about the athlete
        },
    )
