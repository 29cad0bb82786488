"""Which menus an account sees: coaching knows both sides (links here, leg days in recovery)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.models import User
from accounts.roles import Roles
from coaching.models import CoachLink
from recovery.models import LegWorkout


def account_roles(user: User) -> Roles:
    """One query: does ``user`` coach an athlete now, and log leg days of their own?"""
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            coaches=Exists(
                CoachLink.objects.filter(
                    coach=OuterRef("pk"), status=CoachLink.Status.ACTIVE
                ).exclude(athlete=OuterRef("pk"))
            ),
            logs=Exists(LegWorkout.objects.filter(athlete=OuterRef("pk"))),
        )
        .values_list("coaches", "logs")
        .first()
    )
    coaches, logs = flags if flags is not None else (False, False)
    return Roles(coaches=coaches, logs_leg_days=logs, coach_home=reverse("coach_dashboard"))
