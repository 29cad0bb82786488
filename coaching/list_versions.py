"""The version of each coach's list of athletes (`CoachListVersion`), read in one row.

It moves whenever the list could show something else: a link becomes active or ends (the link
services and, for saves made another way, the link signals), or an athlete's stored plan is
recomputed or marked stale (`recovery.stored_plans` tells its listeners, registered in
`CoachingConfig.ready`). What moves with the clock alone, or an athlete's new display name, is
at most a minute old on a cached list (see `recovery.page_cache`).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from django.db import connection
from django.db.models import F

from coaching.models import CoachLink, CoachListVersion


def bump(coach_id: int, *, create: bool = True) -> None:
    """``coach_id``'s list changed (its row is made on the first change, unless ``create`` is
    false: a link deleted with its coach's account)."""
    moved = CoachListVersion.objects.filter(coach_id=coach_id).update(version=F("version") + 1)
    if not moved and create:
        CoachListVersion.objects.get_or_create(coach_id=coach_id, defaults={"version": 1})


def bump_coaches_of(athlete_ids: Collection[int]) -> None:
    """The plans of ``athlete_ids`` changed: so did the lists of everyone coaching them."""
    if not athlete_ids:
        return
    coaches = CoachLink.objects.filter(
        athlete_id__in=athlete_ids, status=CoachLink.Status.ACTIVE
    ).values("coach_id")
    CoachListVersion.objects.filter(coach_id__in=coaches).update(version=F("version") + 1)


@cache
def _version_sql() -> str:
    table = connection.ops.quote_name(CoachListVersion._meta.db_table)
    return f"SELECT version FROM {table} WHERE coach_id = %s"


def version_of(coach_id: int) -> int:
    """One row, as a prepared statement (it is read on every view of the coach's list); 0 for
    a coach whose list never changed."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [coach_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0
