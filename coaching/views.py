"""Coach pages: the dashboard of consenting athletes and a read-only drill-down.

Athletes come only from ``coaching.access``: an active consent link or nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHtmxHttpRequest, AuthenticatedHttpRequest
from coaching.access import coached_athletes, record_coach_view, visible_athlete_or_404
from recovery.planning import AthleteRow, athlete_dashboard_data, coach_dashboard_rows
from recovery.statuses import Status

# Most urgent first: attention, then soon-to-run, then the rest.
STATUS_ORDER = {
    Status.WALK_INSTEAD: 0,
    Status.NEXT_DAY: 1,
    Status.WAIT: 2,
    Status.GO: 3,
    Status.RECOVERED: 4,
    "none": 5,
}
SORTS = {
    "status": lambda row: (STATUS_ORDER[row.status], row.athlete.display_name.lower()),
    "name": lambda row: row.athlete.display_name.lower(),
    "recent": lambda row: -(row.latest_workout.ended_at.timestamp() if row.latest_workout else 0),
}
FILTERS = [
    ("", "All athletes"),
    ("attention", "Needs attention"),
    *((status.value, status.label) for status in Status),
]
REFRESH_SECONDS = 60


def _matches(row: AthleteRow, wanted: str) -> bool:
    if not wanted:
        return True
    if wanted == "attention":
        return row.needs_attention
    return row.status == wanted


@login_required
@require_safe
def coach_dashboard(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    asked = request.GET.get("sort", "")
    sort = asked if asked in SORTS else "status"
    wanted = request.GET.get("status", "")
    if wanted not in dict(FILTERS):
        wanted = ""
    all_rows = coach_dashboard_rows(
        athletes=list(coached_athletes(request.user)), now=timezone.now()
    )
    rows = sorted((row for row in all_rows if _matches(row, wanted)), key=SORTS[sort])
    context = {
        "rows": rows,
        "athlete_count": len(all_rows),
        "sort": sort,
        "wanted": wanted,
        "filters": FILTERS,
        "sorts": [("status", "Status"), ("name", "Name"), ("recent", "Latest leg day")],
        "refresh_seconds": REFRESH_SECONDS,
    }
    if request.htmx:
        return render(request, "coaching/coach_dashboard.html#table", context)
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
