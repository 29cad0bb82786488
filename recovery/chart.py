"""Geometry of the 48-hour DOMS timeline chart (server-rendered SVG).

Pure Python, no Django: the template only places what this module computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from recovery import rules
from recovery.planner import Plan

# The SVG's own coordinate system; the browser scales it to the container width.
WIDTH = 360
HEIGHT = 230
MARGIN_LEFT = 26
MARGIN_RIGHT = 22
MARGIN_TOP = 28
MARGIN_BOTTOM = 38
X_TICK_HOURS = 12
TABLE_STEP_HOURS = 6


@dataclass(frozen=True, slots=True)
class Mark:
    """A point on the chart with what it means."""

    x: float
    y: float
    hours_after: float
    soreness: float
    at: datetime


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class TimelineChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    curve_points: str
    area_points: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    very_sore_y: float
    peak: Mark
    check_ins: list[Mark]
    now_x: float | None
    windows_x: list[tuple[float, float]]
    hours_shown: int
    table_rows: list[Mark]
    curve_adjusted: bool

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def windows(self) -> list[tuple[float, float]]:
        """(x, width) of each easy-run window."""
        return [(left, round(right - left, 1)) for left, right in self.windows_x]

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top


def timeline_chart(*, plan: Plan, now: datetime, tz: ZoneInfo) -> TimelineChart:
    """Lay out the plan's timeline, the check-ins that count, now and the easy-run windows
    (exactly the plan's own windows: nothing the plan does not allow is shaded)."""
    ended_at = plan.session_ended_at
    hours_shown = max(point.hours_after for point in plan.timeline)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM

    def x_of(hours: float) -> float:
        return round(left + (right - left) * hours / hours_shown, 1)

    def y_of(soreness: float) -> float:
        return round(bottom - (bottom - top) * soreness / rules.SORENESS_MAX, 1)

    def hours_of(moment: datetime) -> float:
        return (moment - ended_at).total_seconds() / 3600

    curve = [(x_of(p.hours_after), y_of(p.soreness)) for p in plan.timeline]
    curve_points = " ".join(f"{x},{y}" for x, y in curve)
    area_points = f"{curve[0][0]},{bottom} {curve_points} {curve[-1][0]},{bottom}"

    peak_point = max(plan.timeline, key=lambda p: (p.soreness, -p.hours_after))
    peak = Mark(
        x_of(peak_point.hours_after),
        y_of(peak_point.soreness),
        peak_point.hours_after,
        peak_point.soreness,
        peak_point.at.astimezone(tz),
    )

    marks = []
    for check_in in plan.check_ins:
        at, soreness = check_in.at, check_in.soreness
        hours = hours_of(at)
        if 0 <= hours <= hours_shown:
            marks.append(
                Mark(x_of(hours), y_of(soreness), round(hours, 1), soreness, at.astimezone(tz))
            )

    now_hours = hours_of(now)
    now_x = x_of(now_hours) if 0 <= now_hours <= hours_shown else None

    windows_x = []
    for window in plan.run_windows:
        start = max(0.0, hours_of(window.start))
        end = min(float(hours_shown), hours_of(window.end))
        if start < end:
            windows_x.append((x_of(start), x_of(end)))

    x_ticks = [Tick(x_of(hours), f"{hours} h") for hours in range(0, hours_shown + 1, X_TICK_HOURS)]
    y_ticks = [Tick(y_of(value), str(value)) for value in (0, 5, 10)]
    table_rows = [
        Mark(x_of(p.hours_after), y_of(p.soreness), p.hours_after, p.soreness, p.at.astimezone(tz))
        for p in plan.timeline
        if p.hours_after % TABLE_STEP_HOURS == 0
    ]
    return TimelineChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        curve_points=curve_points,
        area_points=area_points,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        very_sore_y=y_of(rules.VERY_SORE_THRESHOLD),
        peak=peak,
        check_ins=marks,
        now_x=now_x,
        windows_x=windows_x,
        hours_shown=hours_shown,
        table_rows=table_rows,
        curve_adjusted=plan.curve_adjusted,
    )
