"""The soreness timeline as SVG text, from a laid-out chart (`recovery.chart`).

A chart is some 200 numbers in attributes. Drawn by the template engine, each number is a
variable lookup, a localisation call and an escape, and the two layouts of one chart cost
about 2.5 ms, the largest single part of a live preview. Here they are joined as strings
(about a tenth of that). Coordinates are never localised (a decimal comma would break SVG);
every text from outside the layout (labels, dates) is escaped.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.templatetags.when import when
from recovery.chart import ChartLayout, TimelineChart
from recovery.planner import Plan


def _at(moment: datetime, tz: ZoneInfo, fmt: str = "D H:i") -> str:
    return escape(when(moment.astimezone(tz), fmt))


def _description(
    chart: TimelineChart, layout: ChartLayout, plan: Plan, whose: str, tz: ZoneInfo
) -> str:
    peak = chart.peak
    text = (
        f"The time axis runs from the end of the session ({_at(chart.session_ended_at, tz)}) to"
        f" {chart.hours_shown} hours later, with a tick at each midnight.\n"
        f"    Soreness is expected to peak at about {floatformat(peak.soreness, '-1')} out of 10 on"
        f" {_at(peak.at, tz)}, {peak.hours_after} hours after the session."
    )
    if layout.windows:
        text += "\n    Shaded bands are the hours when an easy run fits"
        last = len(plan.run_windows) - 1
        for index, window in enumerate(plan.run_windows):
            text += ": " if index == 0 else " and " if index == last else ", "
            text += f"{_at(window.start, tz)} to {_at(window.end, tz, 'H:i')}"
        text += "."
    else:
        text += "\n    No hour of this timeline is shaded for a run."
    if chart.quality_run_from:
        text += (
            "\n    Hard runs (intervals, tempo, a long run) are fine from"
            f" {_at(chart.quality_run_from, tz)}."
        )
    if chart.curve_adjusted:
        text += f"\n    The curve has been adjusted to {whose} check-ins."
    if chart.check_ins:
        count = len(chart.check_ins)
        text += f"\n    Diamonds are {whose} {count} check-in{'' if count == 1 else 's'}."
    return text


def timeline_svg(
    *, chart: TimelineChart, layout: ChartLayout, plan: Plan, whose: str, tz: ZoneInfo
) -> SafeString:
    """One layout of the chart (``whose``: "your" or "their") as an ``<svg>`` element."""
    whose = escape(whose)
    name = escape(layout.name)
    top, bottom, left, right = (
        layout.plot_top,
        layout.plot_bottom,
        layout.plot_left,
        layout.plot_right,
    )
    parts = [
        f'<svg class="timeline-chart timeline-chart-{name}" viewBox="0 0 {layout.width}'
        f' {layout.height}" role="img"\n     aria-labelledby="chart-title-{name}'
        f' chart-desc-{name}" data-layout="{name}" xmlns="http://www.w3.org/2000/svg">\n'
        f'  <title id="chart-title-{name}">Predicted leg soreness for the {chart.hours_shown}'
        f" hours after {whose} leg day</title>\n"
        f'  <desc id="chart-desc-{name}">{_description(chart, layout, plan, whose, tz)}</desc>\n  ',
    ]
    height = layout.plot_height
    parts += (
        f'<rect class="run-window" x="{x}" y="{top}" width="{width}" height="{height}"/>\n  '
        for x, width in layout.windows
    )
    parts += (
        f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{tick.position}"'
        f' y2="{tick.position}"/>\n  '
        for tick in layout.y_ticks
    )
    parts += (
        f'<line class="chart-grid-minor" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>\n  '
        for x in layout.minor_ticks
    )
    parts += (
        f'<line class="chart-day-tick" x1="{x}" x2="{x}" y1="{top}" y2="{layout.tick_bottom}"/>\n  '
        for x in layout.day_ticks
    )
    very_sore = layout.very_sore_y
    parts.append(
        f'<line class="chart-very-sore" x1="{left}" x2="{right}" y1="{very_sore}"'
        f' y2="{very_sore}"/>\n'
        f'  <polygon class="chart-area" points="{layout.area_points}"/>\n'
        f'  <polyline class="curve chart-curve" points="{layout.curve_points}"/>\n  '
    )
    marker_top = layout.marker_top
    if layout.quality_x is not None:
        x = layout.quality_x
        parts.append(
            f'<line class="chart-gate" x1="{x}" x2="{x}" y1="{marker_top}" y2="{bottom}"/>\n  '
        )
    if layout.now_x is not None:
        x = layout.now_x
        parts.append(
            f'<line class="now-marker chart-now" x1="{x}" x2="{x}" y1="{marker_top}"'
            f' y2="{bottom}"/>\n  '
        )
    parts.append(
        f'<circle class="chart-peak" cx="{layout.peak.x}" cy="{layout.peak.y}" r="4.5"/>\n  '
    )
    for marker in layout.check_in_markers:
        title = "; ".join(
            f"Check-in {_at(mark.at, tz)}: {mark.soreness}/10" for mark in marker.marks
        )
        parts.append(
            f'<polygon class="check-in" points="{marker.diamond}"><title>{title}</title>'
            "</polygon>\n  "
        )
    parts += (
        f'<text class="{escape(label.css)}" x="{label.x}" y="{label.y}" font-size="{label.size}"'
        f' text-anchor="{escape(label.anchor)}">{escape(label.text)}</text>\n  '
        for label in layout.labels
    )
    parts.append("</svg>\n")
    return mark_safe("".join(parts))
