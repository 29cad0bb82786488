"""Geometry of the soreness timeline chart (server-rendered SVG), read at a glance.

The time axis speaks the plan's language: local clock and day ("Sat 18:00", a tick at every
local midnight), with hours after the session as a secondary cue. The span is fixed
(`rules.CHART_HOURS` from the session end), so every chart reads the same way. Two layouts are
computed: a wide one and a simpler, narrower one for phones (fewer ticks and labels); the
page shows one of them by CSS.

Every visible text label is placed here, not in the template, by a small collision pass:
labels are taken in priority order and each one takes the first of its candidate positions
that stays inside the drawing and clears every label already placed; a label with no free
position is left out. Text width is estimated from the character count (generously), so the
same pass can be checked in unit tests. Colours are CSS classes (static/css/legday.css).

Pure Python, no Django: the template only places what this module computes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from recovery import rules
from recovery.planner import Plan

TABLE_STEP_HOURS: Final = 6  # the data table under the chart: a row every 6 hours
HOURS_AFTER_STEP: Final = 24  # the secondary "+24 h" cues

# Text metrics, as a share of the font size: wide enough for any system sans-serif font.
CHAR_WIDTH_EM: Final = 0.62
ASCENT_EM: Final = 0.95
DESCENT_EM: Final = 0.3
LABEL_GAP: Final = 3.0  # user units kept clear between two labels

_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Variant:
    """One layout of the chart: its drawing size, font and what it shows."""

    name: str
    width: int
    height: int
    font: float
    margin_left: float
    margin_right: float
    noon_ticks: bool  # a "12:00" tick in the middle of each day
    hours_after_row: bool  # the "+24 h" row under the clock
    day_with_date: bool  # "Sun 29" rather than "Sun"

    @property
    def row_step(self) -> float:
        """Baseline to baseline of two rows of labels that must not touch."""
        return round((ASCENT_EM + DESCENT_EM) * self.font + LABEL_GAP + 1, 1)

    @property
    def margin_top(self) -> float:
        """Room for two rows of labels above the plot ("now", the hard-run gate)."""
        return round(4 + (ASCENT_EM + DESCENT_EM) * self.font + self.row_step + 1, 1)

    @property
    def margin_bottom(self) -> float:
        """Room for the clock row (and the hours-after row) under the plot."""
        rows = self.row_step if self.hours_after_row else 0
        return round(4 + (ASCENT_EM + DESCENT_EM) * self.font + rows + 2, 1)


WIDE: Final = Variant(
    "wide", 640, 290, 14, 30, 16, noon_ticks=True, hours_after_row=True, day_with_date=True
)
NARROW: Final = Variant(
    "narrow", 320, 240, 14, 26, 12, noon_ticks=False, hours_after_row=False, day_with_date=False
)
VARIANTS: Final = (WIDE, NARROW)


@dataclass(frozen=True, slots=True)
class Reading:
    """A soreness value at a moment (predicted or reported)."""

    hours_after: float
    soreness: float
    at: datetime


@dataclass(frozen=True, slots=True)
class Mark:
    """A point on one layout with what it means."""

    x: float
    y: float
    hours_after: float
    soreness: float
    at: datetime


CHECK_IN_RADIUS: Final = 6.0  # half the diagonal of a check-in diamond


@dataclass(frozen=True, slots=True)
class CheckInMarker:
    """One diamond for one or more check-ins that would otherwise lie on top of each other;
    a diamond for several is larger, and its tooltip lists them all."""

    x: float
    y: float
    marks: tuple[Mark, ...]

    @property
    def radius(self) -> float:
        return CHECK_IN_RADIUS + 2 * min(len(self.marks) - 1, 2)

    @property
    def diamond(self) -> str:
        """The marker's outline: a diamond, unlike the round peak."""
        x, y, r = self.x, self.y, self.radius
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


def check_in_markers(marks: list[Mark]) -> list[CheckInMarker]:
    """Check-ins in time order, a marker each, except that one whose diamond would overlap
    the previous marker's joins it (drawn where the first of them is)."""
    markers: list[CheckInMarker] = []
    for mark in sorted(marks, key=lambda m: m.at):
        if markers:
            last = markers[-1]
            if (
                abs(mark.x - last.x) < 2 * CHECK_IN_RADIUS
                and abs(mark.y - last.y) < 2 * CHECK_IN_RADIUS
            ):
                markers[-1] = CheckInMarker(last.x, last.y, (*last.marks, mark))
                continue
        markers.append(CheckInMarker(mark.x, mark.y, (mark,)))
    return markers


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class Label:
    """A text label; `y` is its baseline, `anchor` the SVG text-anchor, `css` its class."""

    text: str
    x: float
    y: float
    anchor: str
    size: float
    css: str

    @property
    def width(self) -> float:
        return len(self.text) * self.size * CHAR_WIDTH_EM

    @property
    def box(self) -> Box:
        width = self.width
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return (left, self.y - ASCENT_EM * self.size, left + width, self.y + DESCENT_EM * self.size)


def overlaps(a: Box, b: Box, *, gap: float = 0.0) -> bool:
    """Whether two boxes come closer than `gap` (touching edges do not overlap)."""
    return not (
        a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]
    )


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A label to place: the first of `texts` (longest first) at the first of `positions`
    (x, y, anchor) that is free wins."""

    priority: int
    texts: tuple[str, ...]
    css: str
    size: float
    positions: tuple[tuple[float, float, str], ...]


def place_labels(wanted: list[_Wanted], *, width: float, height: float) -> list[Label]:
    """Labels in priority order, each at its first position inside the drawing that clears
    every label already placed by LABEL_GAP; one with no such position is left out."""
    placed: list[Label] = []
    for item in sorted(wanted, key=lambda w: w.priority):
        label = next(
            (
                label
                for text in item.texts
                for x, y, anchor in item.positions
                if _free(
                    label := _inside(Label(text, x, y, anchor, item.size, item.css), width),
                    placed,
                    width=width,
                    height=height,
                )
            ),
            None,
        )
        if label is not None:
            placed.append(label)
    return placed


def _free(label: Label, placed: list[Label], *, width: float, height: float) -> bool:
    left, top, right, bottom = label.box
    if left < 0 or right > width or top < 0 or bottom > height:
        return False
    return not any(overlaps(label.box, other.box, gap=LABEL_GAP) for other in placed)


def _inside(label: Label, width: float) -> Label:
    """The label moved sideways (if need be) to lie within 1 unit of the drawing's edges."""
    left, _, right, _ = label.box
    shift = max(0.0, 1 - left) - max(0.0, right - (width - 1))
    if not shift:
        return label
    return Label(
        label.text, round(label.x + shift, 1), label.y, label.anchor, label.size, label.css
    )


@dataclass(frozen=True, slots=True)
class ChartLayout:
    """One variant of the chart, laid out."""

    name: str
    width: int
    height: int
    font: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    curve_points: str
    area_points: str
    y_ticks: list[Tick]
    day_ticks: list[float]  # x of each local midnight
    minor_ticks: list[float]  # x of each local noon (wide only)
    very_sore_y: float
    peak: Mark
    check_ins: list[Mark]
    check_in_markers: list[CheckInMarker]
    now_x: float | None
    quality_x: float | None  # the hard-run gate, if inside the span
    windows_x: list[tuple[float, float]]
    labels: list[Label]

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def windows(self) -> list[tuple[float, float]]:
        """(x, width) of each easy-run window."""
        return [(left, round(right - left, 1)) for left, right in self.windows_x]

    @property
    def marker_top(self) -> float:
        """Where the "now" and hard-run lines start: just under the first row of labels."""
        return round(self.plot_top - 4, 1)

    @property
    def tick_bottom(self) -> float:
        """Where the day ticks end: a little under the plot."""
        return round(self.plot_bottom + 4, 1)


@dataclass(frozen=True, slots=True)
class TimelineChart:
    hours_shown: int
    session_ended_at: datetime
    peak: Reading
    check_ins: list[Reading]
    quality_run_from: datetime | None
    table_rows: list[Reading]
    curve_adjusted: bool
    wide: ChartLayout
    narrow: ChartLayout

    @property
    def layouts(self) -> tuple[ChartLayout, ChartLayout]:
        return (self.wide, self.narrow)

    @property
    def windows(self) -> list[tuple[float, float]]:
        return self.wide.windows


def timeline_chart(*, plan: Plan, now: datetime, tz: ZoneInfo) -> TimelineChart:
    """Lay out the plan's timeline over the fixed span, with the check-ins that count, now,
    the easy-run windows (exactly the plan's own) and the hard-run gate."""
    ended_at = plan.session_ended_at
    span = rules.CHART_HOURS
    points = [p for p in plan.timeline if p.hours_after <= span]

    ended_utc = ended_at.astimezone(UTC)

    def hours_of(moment: datetime) -> float:
        # In UTC: two datetimes sharing a tzinfo subtract as wall clocks (wrong across DST).
        return (moment.astimezone(UTC) - ended_utc).total_seconds() / 3600

    peak_point = max(points, key=lambda p: (p.soreness, -p.hours_after))
    peak = Reading(peak_point.hours_after, peak_point.soreness, peak_point.at.astimezone(tz))
    check_ins = []
    for check_in in plan.check_ins:
        hours = hours_of(check_in.at)
        if 0 <= hours <= span:
            check_ins.append(
                Reading(round(hours, 1), check_in.soreness, check_in.at.astimezone(tz))
            )
    table_rows = [
        Reading(p.hours_after, p.soreness, p.at.astimezone(tz))
        for p in points
        if p.hours_after % TABLE_STEP_HOURS == 0
    ]
    quality = plan.quality_run_from
    context = _Context(
        plan=plan,
        tz=tz,
        span=span,
        now_hours=hours_of(now),
        quality_hours=None if quality is None else hours_of(quality),
        peak=peak,
        check_ins=check_ins,
        hours_of=hours_of,
    )
    return TimelineChart(
        hours_shown=span,
        session_ended_at=ended_at.astimezone(tz),
        peak=peak,
        check_ins=check_ins,
        quality_run_from=None if quality is None else quality.astimezone(tz),
        table_rows=table_rows,
        curve_adjusted=plan.curve_adjusted,
        wide=_layout(WIDE, context),
        narrow=_layout(NARROW, context),
    )


@dataclass(frozen=True)
class _Context:
    plan: Plan
    tz: ZoneInfo
    span: int
    now_hours: float
    quality_hours: float | None
    peak: Reading
    check_ins: list[Reading]
    hours_of: Callable[[datetime], float]


def _layout(v: Variant, c: _Context) -> ChartLayout:
    left, right = float(v.margin_left), float(v.width - v.margin_right)
    top, bottom = v.margin_top, round(v.height - v.margin_bottom, 1)
    hours_of = c.hours_of

    def x_of(hours: float) -> float:
        return round(left + (right - left) * hours / c.span, 1)

    def y_of(soreness: float) -> float:
        return round(bottom - (bottom - top) * soreness / rules.SORENESS_MAX, 1)

    curve = [
        (x_of(p.hours_after), y_of(p.soreness)) for p in c.plan.timeline if p.hours_after <= c.span
    ]
    curve_points = " ".join(f"{x},{y}" for x, y in curve)
    area_points = f"{curve[0][0]},{bottom} {curve_points} {curve[-1][0]},{bottom}"
    peak = Mark(
        x_of(c.peak.hours_after),
        y_of(c.peak.soreness),
        c.peak.hours_after,
        c.peak.soreness,
        c.peak.at,
    )
    check_ins = [
        Mark(x_of(r.hours_after), y_of(r.soreness), r.hours_after, r.soreness, r.at)
        for r in c.check_ins
    ]
    now_x = x_of(c.now_hours) if 0 <= c.now_hours <= c.span else None
    quality_x = (
        x_of(c.quality_hours)
        if c.quality_hours is not None and 0 <= c.quality_hours <= c.span
        else None
    )
    windows_x = []
    for window in c.plan.run_windows:
        start = max(0.0, hours_of(window.start))
        end = min(float(c.span), hours_of(window.end))
        if start < end:
            windows_x.append((x_of(start), x_of(end)))
    very_sore_y = y_of(rules.VERY_SORE_THRESHOLD)
    y_ticks = [Tick(y_of(value), str(value)) for value in (0, 5, 10)]

    ended = c.plan.session_ended_at.astimezone(c.tz)
    midnights = _local_clock_times(ended, c.tz, time(0), c.span, hours_of)
    noons = _local_clock_times(ended, c.tz, time(12), c.span, hours_of) if v.noon_ticks else []

    f = v.font
    small = round(f * 0.9, 1)
    row1 = round(top - 4 - DESCENT_EM * f, 1)  # above the plot
    row2 = round(row1 - v.row_step, 1)
    axis1 = round(bottom + 4 + ASCENT_EM * f, 1)  # under the plot
    axis2 = round(axis1 + v.row_step, 1)
    wanted: list[_Wanted] = []

    def want(
        priority: int,
        text: str | tuple[str, ...],
        css: str,
        *positions: tuple[float, float, str],
        size: float = f,
    ) -> None:
        texts = (text,) if isinstance(text, str) else text
        wanted.append(_Wanted(priority, texts, css, size, positions))

    for tick in y_ticks:
        want(
            0, tick.label, "chart-label-axis", (left - 5, round(tick.position + 0.35 * f, 1), "end")
        )
    for day, hours in midnights:
        name = _WEEKDAYS[day.weekday()]
        text = f"{name} {day.day}" if v.day_with_date else name
        want(0, text, "chart-label-day", (x_of(hours), axis1, "middle"))
    if now_x is not None:
        want(1, "now", "chart-label-now", (now_x, row1, "middle"), (now_x, row2, "middle"))
    want(
        2,
        f"peak {c.peak.soreness:g}",
        "chart-label-peak",
        (peak.x, round(peak.y - 8, 1), "middle"),
        (peak.x + 9, round(peak.y + 0.35 * f, 1), "start"),
        (peak.x - 9, round(peak.y + 0.35 * f, 1), "end"),
        (peak.x, round(peak.y + 8 + ASCENT_EM * f, 1), "middle"),
    )
    want(
        3,
        (f"{ended:%a} {ended:%H:%M}", f"{ended:%H:%M}"),
        "chart-label-axis",
        (left, axis1, "start"),
    )
    if quality_x is not None:
        gate = ("hard runs OK", "hard runs") if v is WIDE else ("hard runs", "hard")
        want(4, gate, "chart-label-gate", (quality_x, row1, "middle"), (quality_x, row2, "middle"))
    want(
        5,
        "very sore",
        "chart-label-very-sore",
        (right - 2, round(very_sore_y - 4, 1), "end"),
        (right - 2, round(very_sore_y + 4 + ASCENT_EM * f, 1), "end"),
        (left + 4, round(very_sore_y - 4, 1), "start"),
    )
    for window_left, window_right in windows_x:
        text = "easy run"
        if window_right - window_left >= len(text) * f * CHAR_WIDTH_EM + 6:
            want(
                6,
                text,
                "chart-label-window",
                (window_left + 3, round(bottom - 5, 1), "start"),
                (window_left + 3, round(top + 4 + ASCENT_EM * f, 1), "start"),
            )
            break
    for _, hours in noons:
        want(7, "12:00", "chart-label-axis", (x_of(hours), axis1, "middle"))
    if v.hours_after_row:
        for hours in range(HOURS_AFTER_STEP, c.span + 1, HOURS_AFTER_STEP):
            want(8, f"+{hours} h", "chart-label-hours", (x_of(hours), axis2, "middle"), size=small)

    return ChartLayout(
        name=v.name,
        width=v.width,
        height=v.height,
        font=f,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        curve_points=curve_points,
        area_points=area_points,
        y_ticks=y_ticks,
        day_ticks=[x_of(hours) for _, hours in midnights],
        minor_ticks=[x_of(hours) for _, hours in noons],
        very_sore_y=very_sore_y,
        peak=peak,
        check_ins=check_ins,
        check_in_markers=check_in_markers(check_ins),
        now_x=now_x,
        quality_x=quality_x,
        windows_x=windows_x,
        labels=place_labels(wanted, width=v.width, height=v.height),
    )


def _local_clock_times(
    ended: datetime,
    tz: ZoneInfo,
    clock: time,
    span: int,
    hours_of: Callable[[datetime], float],
) -> list[tuple[date, float]]:
    """(local date, hours after the session) of each local `clock` time inside the span."""
    found: list[tuple[date, float]] = []
    day = ended.date()
    while True:
        moment = datetime.combine(day, clock, tzinfo=tz)
        hours = hours_of(moment)
        if hours > span:
            return found
        if hours > 0:
            found.append((day, hours))
        day += timedelta(days=1)
