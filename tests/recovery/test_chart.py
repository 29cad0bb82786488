"""Geometry of the server-rendered soreness timeline (pure Python, no database): a fixed span,
a local clock-and-day axis, the plan's windows and hard-run gate, and labels that never
overlap in either layout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery import chart as chart_module
from recovery import rules
from recovery.chart import ChartLayout, Label, TimelineChart, overlaps, place_labels, timeline_chart
from recovery.planner import CheckInInput, Plan, SessionInput, Status, make_plan

BERLIN = ZoneInfo("Europe/Berlin")
ENDED = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)  # a Thursday morning
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


def x_of(c: ChartLayout, hours: float) -> float:
    return round(c.plot_left + c.plot_width * hours / rules.CHART_HOURS, 1)


def points(text: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in text.split()]


def texts(c: ChartLayout, css: str) -> list[str]:
    return [label.text for label in c.labels if label.css == css]


def assert_labels_clear(c: ChartLayout) -> None:
    for label in c.labels:
        left, top, right, bottom = label.box
        assert left >= 0 and right <= c.width and top >= 0 and bottom <= c.height, label
    for i, a in enumerate(c.labels):
        for b in c.labels[i + 1 :]:
            assert not overlaps(a.box, b.box), (a, b)


@pytest.mark.parametrize(
    ("rpe", "minutes", "after"),
    [(1, 1, 2 * H), (7, 60, 2 * H), (10, 600, 30 * H), (7, 60, 100 * H)],
)
def test_every_point_lies_inside_the_plot_over_a_fixed_span(rpe, minutes, after):
    plan = plan_at(after, rpe=rpe, minutes=minutes)
    chart = chart_for(plan, now=ENDED + after)
    assert chart.hours_shown == rules.CHART_HOURS >= 72
    for c, variant in zip(chart.layouts, chart_module.VARIANTS, strict=True):
        assert (c.width, c.height) == (variant.width, variant.height)
        assert 0 <= c.plot_left < c.plot_right <= c.width
        assert 0 <= c.plot_top < c.plot_bottom <= c.height
        curve = points(c.curve_points)
        assert len(curve) == rules.CHART_HOURS + 1
        for x, y in curve + points(c.area_points):
            assert c.plot_left <= x <= c.plot_right
            assert c.plot_top <= y <= c.plot_bottom
        assert curve[0][0] == c.plot_left
        assert curve[-1][0] == c.plot_right
        xs = [x for x, _ in curve]
        assert xs == sorted(xs)
        assert c.plot_top <= c.very_sore_y <= c.plot_bottom


def test_area_closes_the_curve_on_the_baseline():
    c = chart_for(plan_at(2 * H), now=ENDED + 2 * H).wide
    area = points(c.area_points)
    assert area[0] == (c.plot_left, c.plot_bottom)
    assert area[-1] == (c.plot_right, c.plot_bottom)
    assert area[1:-1] == points(c.curve_points)


def test_y_axis_maps_soreness_zero_to_bottom_and_ten_to_top():
    c = chart_for(plan_at(2 * H), now=ENDED + 2 * H).wide
    assert [(t.label, t.position) for t in c.y_ticks] == [
        ("0", c.plot_bottom),
        ("5", round((c.plot_top + c.plot_bottom) / 2, 1)),
        ("10", c.plot_top),
    ]
    assert texts(c, "chart-label-axis")[:3] == ["0", "5", "10"]


def test_the_time_axis_is_local_clock_and_day_with_hours_after_as_a_cue():
    chart = chart_for(plan_at(2 * H), now=ENDED + 2 * H)
    wide, narrow = chart.wide, chart.narrow
    # Thursday 08:00 in Berlin: midnights 16, 40, 64 and 88 hours later.
    assert wide.day_ticks == [x_of(wide, h) for h in (16, 40, 64, 88)]
    assert texts(wide, "chart-label-day") == ["Fri 27", "Sat 28", "Sun 29", "Mon 30"]
    assert texts(narrow, "chart-label-day") == ["Fri", "Sat", "Sun", "Mon"]
    assert {"Thu 08:00", "08:00"} & set(texts(wide, "chart-label-axis"))  # the session end
    assert wide.minor_ticks == [x_of(wide, h) for h in (4, 28, 52, 76)]  # local noons
    assert texts(wide, "chart-label-hours") == ["+24 h", "+48 h", "+72 h", "+96 h"]
    # The phone layout is simpler: no noon ticks, no hours-after row.
    assert narrow.minor_ticks == [] and texts(narrow, "chart-label-hours") == []
    assert len(narrow.labels) < len(wide.labels)
    for c in chart.layouts:
        axis_labels = texts(c, "chart-label-day") + texts(c, "chart-label-axis")
        assert len(axis_labels) >= 2


def test_midnight_ticks_follow_a_dst_change():
    zone = ZoneInfo("Europe/Berlin")
    ended = datetime(2026, 3, 28, 18, 0, tzinfo=zone)  # clocks go forward on Sunday 29 March
    plan = make_plan(
        sessions=[SessionInput(ended_at=ended, rpe=7, minutes=60)], tz=zone, now=ended + H
    )
    c = timeline_chart(plan=plan, now=ended + H, tz=zone).wide
    assert c.day_ticks == [x_of(c, h) for h in (6, 29, 53, 77)]


@pytest.mark.parametrize("after", [2 * H, 7 * H, 20 * H, 40 * H])
@pytest.mark.parametrize("eccentric", [False, True])
def test_shaded_bands_are_exactly_the_plans_windows(after, eccentric):
    plan = plan_at(after, rpe=9, minutes=75, eccentric=eccentric)
    c = chart_for(plan, now=ENDED + after).wide
    expected = [
        (x_of(c, max(0.0, hours_after(w.start))), x_of(c, min(96.0, hours_after(w.end))))
        for w in plan.run_windows
        if hours_after(w.start) < rules.CHART_HOURS
    ]
    assert c.windows_x == expected
    assert plan.run_windows, "an easy run fits somewhere in four days"
    assert c.windows[0] == (expected[0][0], round(expected[0][1] - expected[0][0], 1))
    for left, right in c.windows_x:
        for point in plan.timeline:
            if left < x_of(c, point.hours_after) < right:
                assert point.soreness < rules.VERY_SORE_THRESHOLD


def test_the_hard_run_gate_is_marked_and_labelled():
    plan = plan_at(2 * H, rpe=8, eccentric=True)
    assert plan.quality_run_from is not None
    chart = chart_for(plan, now=ENDED + 2 * H)
    assert chart.quality_run_from == plan.quality_run_from
    assert chart.wide.quality_x == x_of(chart.wide, hours_after(plan.quality_run_from))
    assert texts(chart.wide, "chart-label-gate") == ["hard runs OK"]


def test_walk_instead_has_no_run_window_and_no_gate():
    pain = CheckInInput(at=ENDED + 3 * H, soreness=5, pain=True)
    plan = plan_at(3 * H, check_ins=[pain])
    assert plan.status is Status.WALK_INSTEAD
    c = chart_for(plan, now=ENDED + 3 * H)
    assert c.wide.windows_x == [] and c.windows == []
    assert c.wide.quality_x is None


def test_curve_adjusted_is_said_on_the_chart():
    assert not chart_for(plan_at(30 * H), now=ENDED + 30 * H).curve_adjusted
    check_in = CheckInInput(at=ENDED + 24 * H, soreness=8)
    adjusted = plan_at(30 * H, check_ins=[check_in])
    assert chart_for(adjusted, now=ENDED + 30 * H).curve_adjusted


def test_now_marker_only_inside_the_shown_hours():
    plan = plan_at(2 * H)
    inside = chart_for(plan, now=ENDED + 10 * H).wide
    assert inside.now_x == x_of(inside, 10)
    assert texts(inside, "chart-label-now") == ["now"]
    assert chart_for(plan, now=ENDED).wide.now_x == inside.plot_left
    last = ENDED + rules.CHART_HOURS * H
    assert chart_for(plan, now=last).wide.now_x == inside.plot_right
    after = chart_for(plan, now=last + timedelta(minutes=1)).wide
    assert after.now_x is None and texts(after, "chart-label-now") == []
    assert chart_for(plan, now=ENDED - timedelta(minutes=1)).wide.now_x is None


def test_check_ins_outside_the_shown_hours_are_dropped():
    shown = rules.CHART_HOURS
    check_ins = [
        CheckInInput(at=ENDED - 1 * H, soreness=3),
        CheckInInput(at=ENDED + 12 * H, soreness=4),
        CheckInInput(at=ENDED + shown * H, soreness=1),
    ]
    plan = plan_at((shown + 1) * H, check_ins=check_ins)
    chart = chart_for(plan, now=ENDED + 2 * H)
    assert [(m.hours_after, m.soreness) for m in chart.check_ins] == [(12.0, 4), (shown, 1)]
    mark = chart.wide.check_ins[0]
    assert mark.x == x_of(chart.wide, 12)
    assert mark.y == round(chart.wide.plot_bottom - chart.wide.plot_height * 4 / 10, 1)
    assert mark.at.utcoffset() == timedelta(hours=1)  # shown in Berlin (CET)
    assert len(set(chart.wide.check_in_markers[0].diamond.split())) == 4  # not a circle


def test_peak_is_the_highest_point():
    plan = plan_at(2 * H)
    chart = chart_for(plan, now=ENDED + 2 * H)
    c = chart.wide
    highest = max(p.soreness for p in plan.timeline)
    assert chart.peak.soreness == c.peak.soreness == highest
    assert c.peak.y == min(y for _, y in points(c.curve_points))
    assert (c.peak.x, c.peak.y) in points(c.curve_points)
    assert 24 <= c.peak.hours_after <= 72
    assert c.peak.at == (ENDED + c.peak.hours_after * H).astimezone(BERLIN)
    first = next(p for p in plan.timeline if p.soreness == highest)
    assert c.peak.hours_after == first.hours_after  # ties go to the earliest hour
    assert texts(c, "chart-label-peak") == [f"peak {highest:g}"]


def test_table_has_a_row_every_six_hours():
    plan = plan_at(2 * H)
    c = chart_for(plan, now=ENDED + 2 * H)
    hours = [row.hours_after for row in c.table_rows]
    assert hours == list(range(0, c.hours_shown + 1, chart_module.TABLE_STEP_HOURS))
    by_hour = {p.hours_after: p for p in plan.timeline}
    for row in c.table_rows:
        assert row.soreness == by_hour[row.hours_after].soreness
        assert row.at.astimezone(UTC) == (ENDED + row.hours_after * H).astimezone(UTC)
        assert row.at.tzinfo == BERLIN


# --- labels never overlap -------------------------------------------------------------------


def test_placement_drops_or_moves_a_colliding_label():
    size = 14.0
    first = chart_module._Wanted(0, ("now",), "a", size, ((50, 20, "middle"),))
    same_spot = chart_module._Wanted(1, ("hard runs",), "b", size, ((52, 20, "middle"),))
    stacked = chart_module._Wanted(
        1, ("hard runs",), "b", size, ((52, 20, "middle"), (52, 45, "middle"))
    )
    assert [label.text for label in place_labels([first, same_spot], width=200, height=60)] == [
        "now"
    ]
    placed = place_labels([stacked, first], width=200, height=60)
    assert [(label.text, label.y) for label in placed] == [("now", 20), ("hard runs", 45)]
    # Near the edge a label is moved inside rather than cut.
    edge = place_labels(
        [chart_module._Wanted(0, ("peak 5",), "c", size, ((199, 30, "middle"),))],
        width=200,
        height=60,
    )
    assert edge[0].box[2] <= 200


def test_placement_falls_back_to_a_shorter_text():
    day = chart_module._Wanted(0, ("Sat",), "day", 14.0, ((80, 30, "middle"),))
    start = chart_module._Wanted(1, ("Fri 18:00", "18:00"), "axis", 14.0, ((2, 30, "start"),))
    placed = place_labels([day, start], width=200, height=60)
    assert [label.text for label in placed] == ["Sat", "18:00"]


def test_a_label_box_grows_with_its_text():
    short = Label("now", 100, 50, "middle", 14, "x")
    long = Label("hard runs OK", 100, 50, "middle", 14, "x")
    assert long.width > short.width
    assert long.box[0] < short.box[0] < short.box[2] < long.box[2]
    assert overlaps(short.box, long.box)
    assert not overlaps(short.box, Label("now", 100, 80, "middle", 14, "x").box)


ZONES = st.sampled_from(
    [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")]
)


@given(
    ended=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    tz=ZONES,
    rpe=st.integers(1, 10),
    minutes=st.integers(10, 180),
    eccentric=st.booleans(),
    now_after=st.integers(0, 110 * 60),
    check_ins=st.lists(
        st.tuples(st.integers(0, 100 * 60), st.integers(0, 10), st.booleans()), max_size=4
    ),
)
def test_no_two_labels_overlap_and_all_stay_inside(
    ended, tz, rpe, minutes, eccentric, now_after, check_ins
):
    session = SessionInput(ended_at=ended, rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)
    now = ended + timedelta(minutes=now_after)
    inputs = [
        CheckInInput(at=ended + timedelta(minutes=m), soreness=s, legs_heavy=heavy)
        for m, s, heavy in check_ins
        if ended + timedelta(minutes=m) <= now
    ]
    plan = make_plan(sessions=[session], check_ins=inputs, tz=tz, now=now)
    chart = timeline_chart(plan=plan, now=now, tz=tz)
    for c in chart.layouts:
        assert_labels_clear(c)
        day_labels = texts(c, "chart-label-day")
        assert len(day_labels) >= 3  # a fixed 96 h span always crosses three midnights
        assert len(day_labels + texts(c, "chart-label-axis")) >= 2


def test_the_span_covers_the_whole_recovery_and_the_timeline_covers_the_span():
    assert 72 <= rules.CHART_HOURS <= rules.TIMELINE_HOURS


def test_check_ins_on_top_of_each_other_share_one_larger_marker():
    check_ins = [
        CheckInInput(at=ENDED + 12 * H, soreness=4),
        CheckInInput(at=ENDED + 12 * H + timedelta(minutes=20), soreness=4),
        CheckInInput(at=ENDED + 30 * H, soreness=5),
    ]
    plan = plan_at(31 * H, check_ins=check_ins)
    c = chart_for(plan, now=ENDED + 31 * H).wide
    assert [len(marker.marks) for marker in c.check_in_markers] == [2, 1]
    first, second = c.check_in_markers
    assert (first.x, first.y) == (c.check_ins[0].x, c.check_ins[0].y)
    assert first.radius > second.radius == chart_module.CHECK_IN_RADIUS
    for a, b in zip(c.check_in_markers, c.check_in_markers[1:], strict=False):
        assert (
            abs(a.x - b.x) >= 2 * chart_module.CHECK_IN_RADIUS
            or abs(a.y - b.y) >= 2 * chart_module.CHECK_IN_RADIUS
        )
