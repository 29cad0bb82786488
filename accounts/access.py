"""The athlete's own data: every athlete page reads its rows through ``own_records``.

Anyone else's access (a coach, by the athlete's consent) is decided in ``coaching.access``.
"""

from django.db.models import QuerySet


def own_records(viewer, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` (of a model with an ``athlete`` field) to the viewer's own rows.

    Editing is only ever done by the athlete who owns the data, never by a coach.
    """
    if not viewer.is_authenticated:
        return queryset.none()
    return queryset.filter(athlete=viewer)
