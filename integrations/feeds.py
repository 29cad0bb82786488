"""The private calendar feeds: an athlete's own plan, and a coach's consenting athletes.

The secret in the URL alone authorises a feed (calendar apps send no cookies): an unknown
or regenerated secret is a 404. Feeds are built by ``athlete_feed`` and ``coach_feed`` for
an explicit ``now``; the views call them with the current time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from coaching.access import coached_athletes, record_coach_views
from integrations.calendar import FeedPlan, build_calendar
from integrations.models import FeedToken
from recovery.planning import coach_dashboard_rows, plan_for_athlete

if TYPE_CHECKING:
    from accounts.models import User

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_SECRET_LENGTH = 64
COACH_FEED_PAGE = "calendar"
# Logged instead of the request's path, which holds the coach's secret (the athlete sees it).
COACH_FEED_LOG_PATH = "/calendar/(secret)/athletes.ics"


def athlete_feed(*, athlete: User, now: datetime) -> bytes:
    """The athlete's own plan as a calendar (no events before their first leg day)."""
    planned = plan_for_athlete(athlete=athlete, now=now)
    entries = [] if planned is None else [FeedPlan(athlete_pk=athlete.pk, plan=planned.plan)]
    return build_calendar(entries=entries, name="Legday run plan", tz=athlete.zone, now=now)


def coach_feed(*, coach: User, athletes: list[User], now: datetime) -> bytes:
    """Every athlete's plan in one calendar, each summary starting with their name."""
    entries = [
        FeedPlan(athlete_pk=row.athlete.pk, plan=row.planned.plan, label=row.athlete.display_name)
        for row in coach_dashboard_rows(athletes=athletes, now=now)
        if row.planned is not None
    ]
    return build_calendar(entries=entries, name="Legday: my athletes", tz=coach.zone, now=now)


def _feed_owner_or_404(secret: str) -> User:
    if len(secret) > MAX_SECRET_LENGTH:
        raise Http404("No such feed.")
    token = FeedToken.objects.select_related("user").filter(secret=secret).first()
    if token is None or not token.user.is_active:
        raise Http404("No such feed.")
    return token.user


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The URL is a secret and the content personal: no shared cache keeps it.
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def athlete_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    athlete = _feed_owner_or_404(secret)
    return _calendar_response(athlete_feed(athlete=athlete, now=timezone.now()), "legday.ics")


@require_safe
def coach_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    coach = _feed_owner_or_404(secret)
    athletes = list(coached_athletes(coach))
    body = coach_feed(coach=coach, athletes=athletes, now=timezone.now())
    record_coach_views(
        coach=coach, athletes=athletes, page=COACH_FEED_PAGE, path=COACH_FEED_LOG_PATH
    )
    return _calendar_response(body, "legday-athletes.ics")
