"""Consent between a coach and an athlete, the record of coaches viewing athlete data, and
invitations waiting for a verified address.

These tables were created by the accounts app and keep their names (``accounts_*``): the
models moved here without moving a row (see migration 0001).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class CoachLink(models.Model):
    """An athlete's consent for a coach to read their data.

    A link starts ``pending`` (one side asked), becomes ``active`` when the other
    side accepts, and ends when either side ends it (or the invited side declines).
    Only an active link lets the coach see anything; see ``coaching.access``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Side(models.TextChoices):
        ATHLETE = "athlete", "Athlete"
        COACH = "coach", "Coach"

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="links_as_coach"
    )
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="links_as_athlete"
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    initiated_by = models.CharField(max_length=8, choices=Side)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "accounts_coachlink"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(coach=F("athlete")), name="coachlink_coach_is_not_athlete"
            ),
            models.UniqueConstraint(
                fields=["coach", "athlete"],
                condition=~Q(status="ended"),
                name="coachlink_one_open_link_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active", "ended"]),
                name="coachlink_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(initiated_by__in=["athlete", "coach"]),
                name="coachlink_initiated_by_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="pending", accepted_at__isnull=True, ended_at__isnull=True)
                    | Q(status="active", accepted_at__isnull=False, ended_at__isnull=True)
                    | Q(status="ended", ended_at__isnull=False)
                ),
                name="coachlink_timestamps_match_status",
            ),
        ]
        indexes = [
            models.Index(fields=["athlete", "status"], name="coachlink_athlete_status"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.athlete} ({self.status})"

    @property
    def answering_side(self) -> str:
        """The side whose answer a pending link waits for."""
        return self.Side.COACH if self.initiated_by == self.Side.ATHLETE else self.Side.ATHLETE


class AccessLogEntry(models.Model):
    """One coach's view of one page of an athlete's data (shown to the athlete)."""

    PAGE_LABELS = {
        "dashboard": "your dashboard",
        "coach_dashboard": "your row on their coach dashboard",
        "workout": "a workout",
        "history": "your history",
        "timeline": "your soreness timeline",
        "plan": "your run plan",
        "calendar": "your run plan in their calendar feed",
        "api_dashboard": "your dashboard row through the API",
        "api_plan": "your run plan through the API",
    }

    DELETED_COACH = "deleted account"

    # The athlete's record outlives the coach's account: deleting the coach keeps the
    # entry, shown as "deleted account". Deleting the athlete removes it.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_views"
    )
    page = models.CharField(max_length=32)
    path = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_accesslogentry"
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        ordering = ["-at"]
        indexes = [models.Index(fields=["athlete", "-at"], name="accesslog_athlete_recent")]

    def __str__(self) -> str:
        return f"{self.coach_name} viewed {self.page} of {self.athlete} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def coach_name(self) -> str:
        return self.coach.display_name if self.coach is not None else self.DELETED_COACH

    @property
    def page_label(self) -> str:
        """What the athlete reads after "viewed": "your dashboard", "a workout"."""
        return self.PAGE_LABELS.get(self.page, f"your {self.page.replace('_', ' ')}")


class LinkInvitation(models.Model):
    """An invitation (to coach me) or a request (to coach you), exactly as the sender typed it.

    It is recorded whether or not the email or username names an account, and the sender
    sees it the same way either way, so nothing tells them who has an account. It reaches
    someone -- becomes a pending ``CoachLink`` -- only once an account with that username
    or email has a verified address; until then it waits. The sender can withdraw it.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        DELIVERED = "delivered", "Delivered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_invitations"
    )
    # ATHLETE: the sender asks someone to coach them; COACH: the sender asks to coach someone.
    sender_side = models.CharField(max_length=8, choices=CoachLink.Side)
    identifier = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    link = models.ForeignKey(
        CoachLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "accounts_linkinvitation"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sender", "status"], name="invitation_sender_status"),
            models.Index(fields=["status", "identifier"], name="invitation_waiting_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "delivered", "withdrawn"]),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(sender_side__in=["athlete", "coach"]),
                name="invitation_sender_side_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.identifier} ({self.status})"


class CoachListVersion(models.Model):
    """A number that changes whenever anything on a coach's list of athletes changes: a link
    becomes active or ends, or one of their athletes' stored plans is recomputed or marked
    stale. The coach's dashboard is cached under it (recovery.page_cache), so reading whether
    the list changed costs one row, whatever the number of athletes."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"List version {self.version} of coach {self.coach_id}"
