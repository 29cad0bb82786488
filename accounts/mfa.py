"""Whether an account has a second factor (TOTP), for settings and the coach notice."""

from allauth.mfa.models import Authenticator


def user_has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
