"""Small factories for test data (plain functions; no extra dependency)."""

from itertools import count

from django.contrib.auth import get_user_model

_serial = count(1)
DEFAULT_PASSWORD = "correct-horse-battery-42"


def make_user(
    *, username: str | None = None, timezone: str = "Europe/Berlin", verified: bool = True, **fields
):
    """A user whose email is verified (as after sign-up and confirmation) unless told not."""
    from allauth.account.models import EmailAddress

    n = next(_serial)
    username = username or f"athlete{n}"
    fields.setdefault("email", f"{username}@example.com")
    user = get_user_model().objects.create_user(
        username=username, password=DEFAULT_PASSWORD, timezone=timezone, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_coach_link(*, coach=None, athlete=None, status: str = "active", **fields):
    """A coach link in ``status`` (timestamps filled in to match); users made if missing."""
    from django.utils import timezone

    from coaching.models import CoachLink

    coach = coach or make_user(username=f"coach{next(_serial)}")
    athlete = athlete or make_user()
    fields.setdefault("initiated_by", CoachLink.Side.ATHLETE)
    if status in (CoachLink.Status.ACTIVE, CoachLink.Status.ENDED):
        fields.setdefault("accepted_at", timezone.now())
    if status == CoachLink.Status.ENDED:
        fields.setdefault("ended_at", timezone.now())
    return CoachLink.objects.create(coach=coach, athlete=athlete, status=status, **fields)
