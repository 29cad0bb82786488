"""Presentation helpers for plans: how a status looks, the verdict line, soreness bands."""

from django import template
from django.forms import BoundField

from recovery import advice, chart_svg, rules
from recovery.statuses import NO_PLAN, Status, StatusLook
from recovery.verdict import Verdict, verdict_for_plan

register = template.Library()


@register.filter
def status_look(status) -> StatusLook | None:
    """The one description of a status (label, tone, urgency, wording); None for no plan."""
    if status in (None, "", NO_PLAN):
        return None
    return Status(status).look


@register.filter
def status_colour(status) -> str:
    """The colour token (a Bootstrap theme colour name) for a plan status."""
    look = status_look(status)
    return look.tone if look is not None else "secondary"


@register.filter
def status_label(status) -> str:
    look = status_look(status)
    return look.label if look is not None else ""


@register.filter
def verdict(planned) -> Verdict | None:
    """The one-line answer for a planned session (a `PlannedSession`) at the moment it was
    planned for; none for a past leg day's plan, whose "today" has gone."""
    if planned is None or getattr(planned, "is_past", False):
        return None
    return verdict_for_plan(planned.plan, now=planned.now, tz=planned.tz)


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


# The Bootstrap class crispy-bootstrap5 gives each kind of widget (after the widget's own name).
_BOOTSTRAP_WIDGET_CLASS = {"select": "form-select", "checkboxinput": "form-check-input"}


@register.filter
def bootstrap_widget(field: BoundField) -> str:
    """The field's widget with the classes crispy-bootstrap5 would give it, drawn by Django
    alone: the dashboard's quick check-in costs a quarter of what crispy's templates cost."""
    kind = type(field.field.widget).__name__.lower()
    css = f"{kind} {_BOOTSTRAP_WIDGET_CLASS.get(kind, 'form-control')}"
    return field.as_widget(attrs={"class": css})


@register.simple_tag
def timeline_svg(chart, layout, plan, whose: str, tz):
    """One layout of the soreness chart as SVG (recovery.chart_svg)."""
    return chart_svg.timeline_svg(chart=chart, layout=layout, plan=plan, whose=whose, tz=tz)
