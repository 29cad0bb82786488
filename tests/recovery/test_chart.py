"""Geometry of the server-rendered DOMS timeline chart (pure Python, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recovery import chart as chart_module
from recovery import rules
from recovery.chart import TimelineChart, timeline_chart
from recovery.planner import CheckInInput, Plan, SessionInput, Status, make_plan

BERLIN = ZoneInfo("Europe/Berlin")
ENDED = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
H = timedelta(hours=1)


def plan_at(
    after: timedelta, *, rpe: int = 7, minutes: int = 60, check_ins=(), eccentric=False
) -> Plan:
    session = SessionInput(ended_at=ENDED, rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)
    return make_plan(sessions=[session], check_ins=check_ins, tz=BERLIN, now=ENDED + after)


def chart_for(plan: Plan, *, now: datetime) -> TimelineChart:
    return timeline_chart(plan=plan, now=now, tz=BERLIN)


def hours_after(moment: datetime) -> float:
    return (moment - ENDED).total_seconds() / 3600


def x_of(c: TimelineChart, hours: float) -> float:
    return round(c.plot_left + c.plot_width * hours / c.hours_shown, 1)


def points(text: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in text.split()]


@pytest.mark.parametrize(
    ("rpe", "minutes", "after"),
    [(1, 1, 2 * H), (7, 60, 2 * H), (10, 600, 30 * H), (7, 60, 100 * H)],
)
def test_every_point_lies_inside_the_plot(rpe, minutes, after):
    plan = plan_at(after, rpe=rpe, minutes=minutes)
    c = chart_for(plan, now=ENDED + after)
    assert (c.width, c.height) == (chart_module.WIDTH, chart_module.HEIGHT)
    assert 0 <= c.plot_left < c.plot_right <= c.width
    assert 0 <= c.plot_top < c.plot_bottom <= c.height
    curve = points(c.curve_points)
    assert len(curve) == len(plan.timeline)
    assert c.hours_shown == plan.timeline[-1].hours_after == rules.TIMELINE_HOURS
    for x, y in curve + points(c.area_points):
        assert c.plot_left <= x <= c.plot_right
        assert c.plot_top <= y <= c.plot_bottom
    assert curve[0][0] == c.plot_left
    assert curve[-1][0] == c.plot_right
    xs = [x for x, _ in curve]
    assert xs == sorted(xs)
    for tick in c.x_ticks + c.y_ticks:
        assert 0 <= tick.position <= max(c.width, c.height)
    assert c.plot_top <= c.very_sore_y <= c.plot_bottom


def test_area_closes_the_curve_on_the_baseline():
    c = chart_for(plan_at(2 * H), now=ENDED + 2 * H)
    area = points(c.area_points)
    assert area[0] == (c.plot_left, c.plot_bottom)
    assert area[-1] == (c.plot_right, c.plot_bottom)
    assert area[1:-1] == points(c.curve_points)


def test_y_axis_maps_soreness_zero_to_bottom_and_ten_to_top():
    c = chart_for(plan_at(2 * H), now=ENDED + 2 * H)
    assert [(t.label, t.position) for t in c.y_ticks] == [
        ("0", c.plot_bottom),
        ("5", round((c.plot_top + c.plot_bottom) / 2, 1)),
        ("10", c.plot_top),
    ]
    assert [t.label for t in c.x_ticks][:5] == ["0 h", "12 h", "24 h", "36 h", "48 h"]


@pytest.mark.parametrize("after", [2 * H, 7 * H, 20 * H, 40 * H])
@pytest.mark.parametrize("eccentric", [False, True])
def test_shaded_bands_are_exactly_the_plans_windows(after, eccentric):
    plan = plan_at(after, rpe=9, minutes=75, eccentric=eccentric)
    c = chart_for(plan, now=ENDED + after)
    expected = [
        (x_of(c, max(0.0, hours_after(w.start))), x_of(c, min(96.0, hours_after(w.end))))
        for w in plan.run_windows
        if hours_after(w.start) < c.hours_shown
    ]
    assert c.windows_x == expected
    assert plan.run_windows, "an easy run fits somewhere in four days"
    assert c.windows[0] == (expected[0][0], round(expected[0][1] - expected[0][0], 1))
    # Never over a predicted very-sore hour.
    for left, right in c.windows_x:
        for point in plan.timeline:
            if left < x_of(c, point.hours_after) < right:
                assert point.soreness < rules.VERY_SORE_THRESHOLD


def test_walk_instead_has_no_run_window():
    pain = CheckInInput(at=ENDED + 3 * H, soreness=5, pain=True)
    plan = plan_at(3 * H, check_ins=[pain])
    assert plan.status is Status.WALK_INSTEAD
    c = chart_for(plan, now=ENDED + 3 * H)
    assert c.windows_x == [] and c.windows == []


def test_curve_adjusted_is_said_on_the_chart():
    assert not chart_for(plan_at(30 * H), now=ENDED + 30 * H).curve_adjusted
    check_in = CheckInInput(at=ENDED + 24 * H, soreness=8)
    adjusted = plan_at(30 * H, check_ins=[check_in])
    assert chart_for(adjusted, now=ENDED + 30 * H).curve_adjusted


def test_now_marker_only_inside_the_shown_hours():
    plan = plan_at(2 * H)
    inside = chart_for(plan, now=ENDED + 10 * H)
    assert inside.now_x == x_of(inside, 10)
    assert chart_for(plan, now=ENDED).now_x == inside.plot_left
    last = ENDED + inside.hours_shown * H
    assert chart_for(plan, now=last).now_x == inside.plot_right
    assert chart_for(plan, now=last + timedelta(minutes=1)).now_x is None
    assert chart_for(plan, now=ENDED - timedelta(minutes=1)).now_x is None


def test_check_ins_outside_the_shown_hours_are_dropped():
    shown = rules.TIMELINE_HOURS
    check_ins = [
        CheckInInput(at=ENDED - 1 * H, soreness=3),
        CheckInInput(at=ENDED + 12 * H, soreness=4),
        CheckInInput(at=ENDED + shown * H, soreness=1),
    ]
    plan = plan_at((shown + 1) * H, check_ins=check_ins)
    c = chart_for(plan, now=ENDED + 2 * H)
    assert [(m.hours_after, m.soreness) for m in c.check_ins] == [(12.0, 4), (shown, 1)]
    mark = c.check_ins[0]
    assert mark.x == x_of(c, 12)
    assert mark.y == round(c.plot_bottom - c.plot_height * 4 / 10, 1)
    assert mark.at.utcoffset() == timedelta(hours=1)  # shown in Berlin (CET)


def test_peak_is_the_highest_point():
    plan = plan_at(2 * H)
    c = chart_for(plan, now=ENDED + 2 * H)
    highest = max(p.soreness for p in plan.timeline)
    assert c.peak.soreness == highest
    assert c.peak.y == min(y for _, y in points(c.curve_points))
    assert (c.peak.x, c.peak.y) in points(c.curve_points)
    assert 24 <= c.peak.hours_after <= 72
    assert c.peak.at == (ENDED + c.peak.hours_after * H).astimezone(BERLIN)
    # ties go to the earliest hour
    first = next(p for p in plan.timeline if p.soreness == highest)
    assert c.peak.hours_after == first.hours_after


def test_table_has_a_row_every_six_hours():
    plan = plan_at(2 * H)
    c = chart_for(plan, now=ENDED + 2 * H)
    hours = [row.hours_after for row in c.table_rows]
    assert hours == list(range(0, c.hours_shown + 1, chart_module.TABLE_STEP_HOURS))
    assert hours[:9] == [0, 6, 12, 18, 24, 30, 36, 42, 48]
    by_hour = {p.hours_after: p for p in plan.timeline}
    for row in c.table_rows:
        assert row.soreness == by_hour[row.hours_after].soreness
        assert row.at.astimezone(UTC) == (ENDED + row.hours_after * H).astimezone(UTC)
        assert row.at.tzinfo == BERLIN
