"""Credentials that let something other than a browser read (or write) a person's data.

``FeedToken``: the secret in a person's private calendar URL. One per person; it alone
authorises the feed, so it is stored as it is (the settings page shows the URL on every
visit) and regenerating it replaces the row, which kills the old URL.

``ApiToken``: a personal access token for the JSON API, named and scoped by its owner. Only
the SHA-256 of the token is stored: the token itself is shown once, when it is created.
A revoked token stays listed (with when it was revoked) but authorises nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FeedToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    secret = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} (since {self.created_at:%Y-%m-%d})"


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    scope = models.CharField(max_length=5, choices=Scope, default=Scope.READ)
    # The first characters of the token (not secret on their own): tells tokens apart in lists.
    prefix = models.CharField(max_length=16)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="apitoken_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope}) of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
