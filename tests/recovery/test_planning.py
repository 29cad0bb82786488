"""From stored rows to the plan: every surface gets the same answer from the same data.

Database-backed: what `recovery.planning` reads (history, check-ins, the eccentric flag of the
lines) and that the dashboard, the workout page, the coach row, the drill-down and
`manage.py plan --user` all show one decision. Each test names the line it guards.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from recovery import rules
from recovery.advice import plan_as_dict
from recovery.planner import Cause, Status
from recovery.planning import athlete_dashboard_data, coach_dashboard_rows, plan_for_athlete
from tests.factories import make_coach_link
from tests.recovery.factories import make_check_in, make_line, make_workout

pytestmark = pytest.mark.django_db
H = timedelta(hours=1)
M = timedelta(minutes=1)


# A fixed afternoon (inside the run day) so no test depends on the clock's time of day.
NOON = datetime(2026, 11, 25, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def now_minute():
    return NOON


def cli_plan(*args: str) -> dict:
    out = StringIO()
    call_command("plan", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_dashboard_plan_is_the_cli_plan_for_the_same_user(athlete):
    now = now_minute()
    monday = make_workout(athlete, ended_at=now - 50 * H, rpe=8, minutes=75)
    make_line(monday, exercise="Romanian deadlift")  # eccentric-heavy in the catalogue
    make_check_in(athlete, at=now - 30 * H, soreness=6)
    make_workout(athlete, ended_at=now - 26 * H, rpe=3, minutes=15)
    make_check_in(athlete, at=now - 2 * H, soreness=5, legs_heavy=True)

    dashboard = athlete_dashboard_data(athlete=athlete, now=now).planned
    assert dashboard is not None
    from_cli = cli_plan("--user", athlete.username, "--now", now.isoformat())
    assert from_cli == plan_as_dict(dashboard.plan)
    assert from_cli["soreness_now"] == 5 and from_cli["cause"] == str(Cause.HEAVY_LEGS)


def test_history_counts_the_eccentric_lines_and_earlier_sessions(athlete):
    """Guards `session_input` (eccentric flag from the lines) and the history query."""
    now = now_minute()
    workout = make_workout(athlete, ended_at=now - 30 * H, rpe=8, minutes=75)
    plain = plan_for_athlete(athlete=athlete, now=now)
    make_line(workout, exercise="Romanian deadlift")
    eccentric = plan_for_athlete(athlete=athlete, now=now)
    assert plain is not None and eccentric is not None
    assert eccentric.plan.amplitude > plain.plan.amplitude
    # An earlier, similar bout protects (repeated-bout effect from the stored history).
    make_workout(athlete, ended_at=now - 8 * 24 * H, rpe=8, minutes=75)
    protected = plan_for_athlete(athlete=athlete, now=now)
    assert protected is not None
    assert protected.plan.amplitude < eccentric.plan.amplitude


def test_past_check_ins_calibrate_the_new_session(athlete):
    """Guards the personal curve: calibration from stored check-ins on earlier sessions."""
    now = now_minute()
    for week in (3, 2, 1):
        ended = now - week * 7 * 24 * H
        make_workout(athlete, ended_at=ended, rpe=5, minutes=50)
        make_check_in(athlete, at=ended + 24 * H, soreness=8)
    fresh_user_plan = plan_for_athlete(athlete=athlete, now=now - 7 * 24 * H + M)
    make_workout(athlete, ended_at=now - H, rpe=5, minutes=50)
    calibrated = plan_for_athlete(athlete=athlete, now=now)
    assert fresh_user_plan is not None and calibrated is not None
    assert calibrated.plan.curve_adjusted
    assert calibrated.plan.timeline[24].soreness > 4


def test_this_sessions_check_in_bends_its_curve(athlete):
    now = now_minute()
    make_workout(athlete, ended_at=now - 30 * H, rpe=5, minutes=40)
    before = plan_for_athlete(athlete=athlete, now=now)
    make_check_in(athlete, at=now - 6 * H, soreness=8)
    after = plan_for_athlete(athlete=athlete, now=now)
    assert before is not None and after is not None
    assert abs(after.plan.timeline[24].soreness - 8) <= 2
    assert after.plan.timeline[24].soreness > before.plan.timeline[24].soreness + 3


def test_the_check_in_saved_last_in_a_minute_counts(athlete_client, athlete):
    """Saved 6/10 with heavy legs, then 2/10 in the same minute (through the web form)."""
    now = timezone.now().replace(second=0, microsecond=0)
    make_workout(athlete, ended_at=now - 20 * H)
    at = timezone.localtime(now, athlete.zone).strftime("%Y-%m-%dT%H:%M")
    first = {"at": at, "soreness": "6", "legs_heavy": "on"}
    athlete_client.post("/checkins/new/", first)
    athlete_client.post("/checkins/new/", {"at": at, "soreness": "2"})
    planned = athlete_dashboard_data(athlete=athlete, now=now + M).planned
    assert planned is not None
    assert planned.plan.current_soreness == 2
    assert planned.plan.cause is not Cause.HEAVY_LEGS
    page = athlete_client.get("/").content.decode()
    assert page.index("2/10") < page.index("6/10")  # history: the one that counts first


def test_back_filled_workout_shows_its_own_plan_as_it_stood(athlete):
    now = now_minute()
    old = make_workout(athlete, ended_at=now - 5 * 24 * H, rpe=5, minutes=40)
    make_workout(athlete, ended_at=now - 2 * 24 * H, rpe=8, minutes=60)
    planned = plan_for_athlete(athlete=athlete, now=now, focus=old.ended_at)
    assert planned is not None and planned.is_past
    assert planned.plan.session_ended_at == old.ended_at
    assert planned.now == now - 2 * 24 * H


# --- the coach sees the athlete's own decision ----------------------------------------------------


@pytest.fixture
def coach():
    from tests.factories import make_user

    return make_user(username="cora", timezone="America/New_York")


def test_coach_row_and_drill_down_show_the_athletes_decision(client, coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    now = timezone.now()  # the page plans at the real clock's moment
    make_workout(athlete, ended_at=now - 20 * H)
    make_check_in(athlete, at=now - 30 * M, soreness=3, pain=True)
    own = athlete_dashboard_data(athlete=athlete, now=now).planned
    (row,) = coach_dashboard_rows(athletes=[athlete], now=now)
    assert own is not None and row.planned is not None
    assert plan_as_dict(row.planned.plan) == plan_as_dict(own.plan)
    assert row.status == Status.WALK_INSTEAD
    assert row.latest_check_in is not None and row.latest_check_in.pain
    client.force_login(coach)
    page = client.get(f"/coach/athletes/{athlete.pk}/").content.decode()
    assert escape(rules.WALK_INSTEAD) in page
    assert "Run plan" not in page
    assert rules.WARMUP not in page  # no warm-up before a walk


def test_coach_rows_take_the_same_queries_whatever_the_history(coach, django_assert_num_queries):
    from tests.factories import make_user
    from tests.recovery.factories import make_history

    athletes = [make_user(username=f"a{i}") for i in range(3)]
    for athlete in athletes:
        make_coach_link(coach=coach, athlete=athlete)
    make_history(athletes[0], 2)
    with django_assert_num_queries(3):
        small = coach_dashboard_rows(athletes=athletes, now=timezone.now())
    make_history(athletes[1], 60)
    with django_assert_num_queries(3):
        large = coach_dashboard_rows(athletes=athletes, now=timezone.now())
    assert len(small) == len(large) == 3


def test_coach_row_shows_the_newest_check_in(coach, athlete):
    """Guards `AthleteRow.latest_check_in`: the newest, not the oldest, of the athlete's."""
    make_coach_link(coach=coach, athlete=athlete)
    now = now_minute()
    make_workout(athlete, ended_at=now - 40 * H)
    make_check_in(athlete, at=now - 30 * H, soreness=6)
    newest = make_check_in(athlete, at=now - 3 * H, soreness=2)
    (row,) = coach_dashboard_rows(athletes=[athlete], now=now)
    assert row.latest_check_in == newest
    assert row.planned is not None and row.planned.plan.current_soreness == 2
