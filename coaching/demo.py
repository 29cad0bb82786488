"""The demo coach and the athletes who share their data with them (``manage.py seed_demo``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from coaching.models import CoachLink
from recovery.demo import (
    COACHED_ATHLETES,
    DEMO_ATHLETE,
    DEMO_COACH_USERNAME,
    ENDED_ATHLETE,
    PENDING_ATHLETE,
    make_demo_user,
    seed_athlete,
)


@transaction.atomic
def seed_coach(*, now: datetime):
    """The demo coach, linked to athletes in every state (active, pending, ended)."""
    coach = make_demo_user(DEMO_COACH_USERNAME)
    CoachLink.objects.filter(coach=coach).delete()
    active = [DEMO_ATHLETE, *COACHED_ATHLETES]
    for profile in [*active, PENDING_ATHLETE, ENDED_ATHLETE]:
        athlete = seed_athlete(profile, now=now)
        link = CoachLink(coach=coach, athlete=athlete, initiated_by=CoachLink.Side.ATHLETE)
        if profile is PENDING_ATHLETE:
            link.status, link.initiated_by = CoachLink.Status.PENDING, CoachLink.Side.COACH
        else:
            link.status, link.accepted_at = CoachLink.Status.ACTIVE, now - timedelta(days=20)
        if profile is ENDED_ATHLETE:
            link.status, link.ended_at, link.ended_by = CoachLink.Status.ENDED, now, athlete
        link.save()
    return coach
