"""Who a typed email or username names: one identity per login string (see ``validators``)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

User = get_user_model()


def user_by_identifier(identifier: str):
    """The active account with this email (any letter case) or username, or ``None``."""
    identifier = identifier.strip()
    if not identifier:
        return None
    users = User._default_manager.filter(is_active=True)
    if "@" in identifier:
        match = users.filter(email__iexact=identifier).first()
        if match is not None:
            return match
    candidates = list(users.filter(username__iexact=identifier)[:2])
    exact = [user for user in candidates if user.username == identifier]
    if exact:
        return exact[0]
    return candidates[0] if len(candidates) == 1 else None


def identifies_user(identifier: str, user) -> bool:
    """Whether ``identifier`` names ``user`` themselves (used to refuse self-invites)."""
    match = user_by_identifier(identifier)
    return match is not None and match.pk == user.pk


def verified_user_by_identifier(identifier: str):
    """The active account that may receive an invitation sent to ``identifier``.

    By email: the account whose *verified* address it is. By username: an account
    that has at least one verified address. Otherwise ``None``.
    """
    identifier = identifier.strip()
    if not identifier:
        return None
    if "@" in identifier:
        address = (
            EmailAddress.objects.filter(
                email__iexact=identifier, verified=True, user__is_active=True
            )
            .select_related("user")
            .first()
        )
        if address is not None:
            return address.user
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    users = User._default_manager.filter(Exists(verified), is_active=True)
    return users.filter(username__iexact=identifier).order_by("pk").first()
