"""The one place that answers who may see an athlete's data.

Every view that shows athlete data asks here. An athlete always sees their own
data; a coach sees an athlete only while the athlete's consent link is active.
Anything else is a 404, so a guessed URL never reveals that an athlete exists.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

User = get_user_model()


def athletes_visible_to(viewer) -> QuerySet:
    """Every athlete whose data ``viewer`` may read (themselves included)."""
    if not viewer.is_authenticated:
        return User.objects.none()
    return User.objects.filter(pk=viewer.pk)


def can_view_athlete(viewer, athlete_id: int) -> bool:
    return athletes_visible_to(viewer).filter(pk=athlete_id).exists()


def visible_athlete_or_404(viewer, athlete_id: int):
    """The athlete ``viewer`` asks for, or 404 (missing and forbidden look the same)."""
    athlete = athletes_visible_to(viewer).filter(pk=athlete_id).first()
    if athlete is None:
        raise Http404("No such athlete.")
    return athlete


def own_records(viewer, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` (of a model with an ``athlete`` field) to the viewer's own rows.

    Editing is only ever done by the athlete who owns the data, never by a coach.
    """
    if not viewer.is_authenticated:
        return queryset.none()
    return queryset.filter(athlete=viewer)
