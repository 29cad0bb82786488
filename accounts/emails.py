"""Email addresses (django-allauth's EmailAddress rows) as Legday uses them."""

from allauth.account.models import EmailAddress


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def email_mark_verified(user) -> None:
    """Record ``user.email`` as verified (demo accounts, tests, admin support)."""
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True, primary=True
    )
    if not updated:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
