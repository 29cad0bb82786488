from django import template

from accounts.durations import duration_words
from accounts.mfa import user_has_mfa

register = template.Library()


@register.inclusion_tag("accounts/mfa_notice.html", takes_context=True)
def mfa_notice(context):
    """A nudge toward two-factor sign-in for a coach who has none (one query)."""
    user = context["request"].user
    return {"show": user.is_authenticated and not user_has_mfa(user)}


@register.filter
def in_words(value) -> str:
    """A timedelta or a number of minutes as words: "15 minutes", "1 hour 30 minutes"."""
    return duration_words(value)
