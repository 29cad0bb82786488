import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.timezones import DEFAULT_TIMEZONE, validate_timezone

# A maximum heart rate outside this range (beats per minute) is a typo.
MAX_HEART_RATE_RANGE = (100, 240)


class User(AbstractUser):
    """A Legday user: an athlete, a coach, or both."""

    email = models.EmailField("email address", unique=True)
    timezone = models.CharField(
        max_length=64,
        default=DEFAULT_TIMEZONE,
        validators=[validate_timezone],
        help_text="Plan times are shown in this time zone.",
    )
    max_heart_rate = models.PositiveSmallIntegerField(
        "maximum heart rate (bpm)",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MAX_HEART_RATE_RANGE[0]),
            MaxValueValidator(MAX_HEART_RATE_RANGE[1]),
        ],
        help_text="Optional: lets Legday check that an imported run stayed in the easy zone.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(max_heart_rate__isnull=True)
                | models.Q(
                    max_heart_rate__gte=MAX_HEART_RATE_RANGE[0],
                    max_heart_rate__lte=MAX_HEART_RATE_RANGE[1],
                ),
                name="user_max_heart_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)


class SignInRecord(models.Model):
    """One successful sign-in, shown to its owner in the data export."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins"
    )
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"], name="signin_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} signed in at {self.at:%Y-%m-%d %H:%M}"
