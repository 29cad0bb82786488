"""The accounts app's part of a person's data export: profile, email addresses, two-factor
methods and sign-in history. (Coach links and the access log are coaching's part.)"""

from __future__ import annotations

from accounts.models import SignInRecord


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def account_sections(user) -> dict[str, list[dict]]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "profile": [
            {
                "username": user.username,
                "email": user.email,
                "display_name": user.first_name,
                "timezone": user.timezone,
                "max_heart_rate": user.max_heart_rate,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
            }
        ],
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor": [
            {"type": a.type, "created_at": _iso(a.created_at), "last_used_at": _iso(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "sign_ins": [
            {"at": _iso(r.at), "ip_address": r.ip_address, "user_agent": r.user_agent}
            for r in SignInRecord.objects.filter(user=user).order_by("at", "pk")
        ],
    }
