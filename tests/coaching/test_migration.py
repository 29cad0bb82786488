"""Moving the coaching models out of accounts keeps every existing row (coaching 0001).

The database is migrated back to before the move, rows are written through the historical
``accounts`` models, and migrating forward must show the same rows through ``coaching``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0005_access_log_keeps_deleted_coach_sign_ins")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_before_the_move_are_coachings_after_it():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    OldLink = old.get_model("accounts", "CoachLink")
    OldEntry = old.get_model("accounts", "AccessLogEntry")
    OldInvitation = old.get_model("accounts", "LinkInvitation")
    coach = User.objects.create(username="old-coach", email="c@example.com")
    athlete = User.objects.create(username="old-athlete", email="a@example.com")
    now = timezone.now()
    link = OldLink.objects.create(
        coach=coach, athlete=athlete, status="active", initiated_by="athlete", accepted_at=now
    )
    OldEntry.objects.create(coach=coach, athlete=athlete, page="dashboard", path="/coach/")
    OldInvitation.objects.create(sender=athlete, sender_side="athlete", identifier="x@y.z")
    try:
        migrate(latest)
        from coaching.access import coached_athletes
        from coaching.models import AccessLogEntry, CoachLink, LinkInvitation

        moved = CoachLink.objects.get(pk=link.pk)
        assert (moved.coach_id, moved.athlete_id, moved.status) == (coach.pk, athlete.pk, "active")
        assert AccessLogEntry.objects.get().page == "dashboard"
        assert LinkInvitation.objects.get().identifier == "x@y.z"
        assert [a.username for a in coached_athletes(moved.coach)] == ["old-athlete"]
    finally:
        migrate(latest)
