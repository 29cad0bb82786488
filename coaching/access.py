"""The one place that answers who may see an athlete's data, besides the athlete.

Every view that shows athlete data to anyone but its owner asks here. An athlete always sees
their own data (their own pages only ever read ``accounts.access.own_records``); a coach sees
an athlete only while the athlete's consent link is active.
Anything else is a 404, so a guessed URL never reveals that an athlete exists.

Nothing here is cached: a revoked link stops access on the coach's next request.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from coaching.models import AccessLogEntry, CoachLink

Side = CoachLink.Side
Status = CoachLink.Status

RECENT_COACH_VIEWS = 20
# Surfaces read again and again without a person looking each time (a calendar app polling
# the feed, a script polling the API) log a coach's view at most once per this period.
BULK_VIEW_LOG_PERIOD = timedelta(hours=1)


def _active_athlete_ids(coach: User) -> QuerySet[CoachLink, Any]:
    return CoachLink.objects.filter(coach=coach, status=Status.ACTIVE).values("athlete_id")


def athletes_visible_to(viewer: User | AnonymousUser) -> QuerySet[User]:
    """Every athlete whose data ``viewer`` may read (themselves included)."""
    if not viewer.is_authenticated:
        return User.objects.none()
    return User.objects.filter(Q(pk=viewer.pk) | Q(pk__in=_active_athlete_ids(viewer)))


def coached_athletes(coach: User | AnonymousUser) -> QuerySet[User]:
    """The athletes ``coach`` currently coaches (active links only; never the coach)."""
    if not coach.is_authenticated:
        return User.objects.none()
    return (
        User.objects.filter(pk__in=_active_athlete_ids(coach))
        .exclude(pk=coach.pk)
        .order_by(Lower("first_name"), Lower("last_name"), Lower("username"))
    )


def can_view_athlete(*, viewer: User, athlete_id: int) -> bool:
    return athletes_visible_to(viewer).filter(pk=athlete_id).exists()


def visible_athlete_or_404(*, viewer: User, athlete_id: int) -> User:
    """The athlete ``viewer`` asks for, or 404 (missing and forbidden look the same)."""
    athlete = athletes_visible_to(viewer).filter(pk=athlete_id).first()
    if athlete is None:
        raise Http404("No such athlete.")
    return athlete


def record_coach_view(*, coach: User, athlete: User, page: str, path: str) -> AccessLogEntry | None:
    """Log that ``coach`` opened ``page`` of ``athlete``'s data (the athlete sees the log).

    Call it after ``visible_athlete_or_404``; an athlete viewing their own data is
    not logged.
    """
    if coach.pk == athlete.pk:
        return None
    return AccessLogEntry.objects.create(
        coach=coach, athlete=athlete, page=page[:32], path=path[:500]
    )


def record_coach_views(
    *, coach: User, athletes: Iterable[User], page: str, path: str
) -> list[AccessLogEntry]:
    """Log that ``coach`` read ``page`` of each of ``athletes``' data, at most once per athlete
    and ``page`` in ``BULK_VIEW_LOG_PERIOD`` (two queries, whatever the number of athletes).

    For surfaces that show many athletes at once or are polled (the coach's calendar feed,
    the API). Call it with athletes from ``coached_athletes`` or ``visible_athlete_or_404``;
    the coach's own data is not logged. Returns the entries written.
    """
    now = timezone.now()
    page, path = page[:32], path[:500]
    wanted = {athlete.pk: athlete for athlete in athletes if athlete.pk != coach.pk}
    if not wanted:
        return []
    logged = set(
        AccessLogEntry.objects.filter(
            coach=coach, athlete_id__in=wanted, page=page, at__gt=now - BULK_VIEW_LOG_PERIOD
        ).values_list("athlete_id", flat=True)
    )
    entries = [
        AccessLogEntry(coach=coach, athlete=athlete, page=page, path=path, at=now)
        for pk, athlete in wanted.items()
        if pk not in logged
    ]
    return AccessLogEntry.objects.bulk_create(entries)


# Queries for the sharing page. A pending link is listed only to the side that
# must answer it: showing the asker their own unanswered invitation would tell
# them that the email or username they typed belongs to an account.


def coach_links_for_athlete(athlete: User) -> QuerySet[CoachLink]:
    """Links where ``athlete`` is the athlete: active, and coach requests to answer."""
    return (
        CoachLink.objects.filter(athlete=athlete)
        .filter(Q(status=Status.ACTIVE) | Q(status=Status.PENDING, initiated_by=Side.COACH))
        .select_related("coach")
        .order_by("-status", "-created_at")  # "pending" sorts before "active"
    )


def athlete_links_for_coach(coach: User) -> QuerySet[CoachLink]:
    """Links where ``coach`` is the coach: active, and athlete invitations to answer."""
    return (
        CoachLink.objects.filter(coach=coach)
        .filter(Q(status=Status.ACTIVE) | Q(status=Status.PENDING, initiated_by=Side.ATHLETE))
        .select_related("athlete")
        .order_by("-status", "-created_at")
    )


def recent_coach_views(athlete: User, *, limit: int = RECENT_COACH_VIEWS) -> list[AccessLogEntry]:
    """The latest coach views of ``athlete``'s data, newest first."""
    return list(AccessLogEntry.objects.filter(athlete=athlete).select_related("coach")[:limit])


def link_awaiting_answer_or_404(*, user: User, link_id: int) -> CoachLink:
    """A pending link that waits for ``user``'s answer (the side that did not ask)."""
    return _link_or_404(
        Q(status=Status.PENDING)
        & (Q(athlete=user, initiated_by=Side.COACH) | Q(coach=user, initiated_by=Side.ATHLETE)),
        link_id,
    )


def active_link_as_athlete_or_404(*, user: User, link_id: int) -> CoachLink:
    """An active link in which ``user`` is the athlete (they may revoke it)."""
    return _link_or_404(Q(status=Status.ACTIVE, athlete=user), link_id)


def active_link_as_coach_or_404(*, user: User, link_id: int) -> CoachLink:
    """An active link in which ``user`` is the coach (they may end it)."""
    return _link_or_404(Q(status=Status.ACTIVE, coach=user), link_id)


def _link_or_404(condition: Q, link_id: int) -> CoachLink:
    link = (
        CoachLink.objects.filter(condition, pk=link_id).select_related("coach", "athlete").first()
    )
    if link is None:
        raise Http404("No such link.")
    return link
