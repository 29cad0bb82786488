"""Presentation helpers for plans: colours, words and soreness bands."""

from django import template

from recovery import advice, rules
from recovery.planner import Status

register = template.Library()

STATUS_COLOURS = {
    Status.WAIT: "warning",
    Status.GO: "success",
    Status.NEXT_DAY: "info",
    Status.WALK_INSTEAD: "danger",
    Status.RECOVERED: "primary",
}


@register.filter
def status_colour(status) -> str:
    """The Bootstrap colour name for a plan status."""
    return STATUS_COLOURS.get(Status(status), "secondary")


@register.filter
def status_label(status) -> str:
    return Status(status).label


@register.filter
def soreness_band(value) -> str:
    if value is None or value == "":
        return ""
    return rules.soreness_band(float(value))


@register.filter
def range_text(pair) -> str:
    """(20, 30) -> "20–30" (en dash); (3, 3) -> "3"."""  # noqa: RUF002
    low, high = pair
    return str(low) if low == high else f"{low}–{high}"


@register.simple_tag(takes_context=True)
def plan_reason(context, plan) -> str:
    """The plan's reason, spoken to the athlete, or about ``subject`` (the athlete's name, set
    by the coach's drill-down) for a coach."""
    subject = context.get("subject")
    if not subject:
        return plan.reason
    return advice.reason(plan.decided, subject=str(subject))
