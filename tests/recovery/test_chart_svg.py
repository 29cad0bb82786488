"""The chart's SVG text: its description, its marks, escaping (recovery.chart_svg).

The layout's geometry is tested in test_chart.py; this module's output was compared byte for
byte with the template it replaced over 12,000 charts (500 club athletes, six moments each,
both layouts, both voices) before that template was removed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from recovery.chart import timeline_chart
from recovery.chart_svg import timeline_svg
from recovery.planner import CheckInInput, SessionInput, make_plan

BERLIN = ZoneInfo("Europe/Berlin")
ENDED = datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN)
H = timedelta(hours=1)


def svg_for(check_ins: int, *, whose: str = "your", name: str = "wide") -> str:
    now = ENDED + 30 * H
    marks = [
        CheckInInput(at=ENDED + (12 + 10 * i) * H, soreness=4 + i, order=(float(i), i))
        for i in range(check_ins)
    ]
    plan = make_plan(
        sessions=[SessionInput(ended_at=ENDED, rpe=8, minutes=70, eccentric_heavy=True)],
        check_ins=marks,
        tz=BERLIN,
        now=now,
    )
    chart = timeline_chart(plan=plan, now=now, tz=BERLIN)
    layout = chart.wide if name == "wide" else chart.narrow
    return str(timeline_svg(chart=chart, layout=layout, plan=plan, whose=whose, tz=BERLIN))


def test_one_svg_element_with_its_title_and_description():
    svg = svg_for(1)
    assert svg.startswith('<svg class="timeline-chart timeline-chart-wide"')
    assert svg.endswith("</svg>\n")
    assert svg.count("<svg") == 1 and svg.count("<desc") == 1
    assert "from the end of the session (Tue 18:00)" in svg  # local time, Berlin
    assert "Diamonds are your 1 check-in." in svg
    assert "Hard runs (intervals, tempo, a long run) are fine from Thu " in svg
    assert "Shaded bands are the hours when an easy run fits: Fri 07:00 to 21:00 and Sat" in svg


def test_check_ins_are_counted_and_drawn_as_diamonds():
    svg = svg_for(2, name="narrow")
    assert "Diamonds are your 2 check-ins." in svg
    assert len(re.findall(r'<polygon class="check-in"', svg)) == 2
    assert "<title>Check-in Wed 06:00: 4/10</title>" in svg


def test_the_voice_is_escaped_and_numbers_are_plain():
    svg = svg_for(0, whose="<their>")
    assert "<their>" not in svg and "&lt;their&gt; leg day" in svg
    assert "check-in" not in svg.split("</desc>")[0]  # no check-ins: no sentence about them
    for value in re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value
