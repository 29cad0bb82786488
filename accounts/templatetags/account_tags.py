from django import template

from accounts.mfa import user_has_mfa

register = template.Library()


@register.inclusion_tag("accounts/mfa_notice.html", takes_context=True)
def mfa_notice(context):
    """A nudge toward two-factor sign-in for a coach who has none (one query)."""
    user = context["request"].user
    return {"show": user.is_authenticated and not user_has_mfa(user)}
