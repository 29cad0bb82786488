"""The one decision: check-ins in force, several sessions, the athlete's own curve, the hard-run
gate and the wording — each finding of the "advice you can trust" review, as a pure test.

Each test names the rule it guards; breaking that rule in `recovery/planner.py`,
`recovery/doms.py` or `recovery/advice.py` makes it fail (checked by hand when written, see
docs/testing.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recovery import rules
from recovery.advice import plan_as_dict, plan_as_text
from recovery.doms import base_amplitude
from recovery.planner import (
    SOURCE_CHECK_IN,
    Cause,
    CheckInInput,
    SessionInput,
    Status,
    make_plan,
    personal_curve,
)

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
M = timedelta(minutes=1)
# A Monday evening in winter, far from any DST change.
MONDAY_EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=BERLIN)


def session(ended: datetime, *, rpe: int = 7, minutes: int = 60, eccentric: bool = False):
    return SessionInput(ended_at=ended, rpe=rpe, minutes=minutes, eccentric_heavy=eccentric)


def check_in(at: datetime, soreness: int, *, heavy=False, pain=False, order=(0.0, 0)):
    return CheckInInput(at=at, soreness=soreness, legs_heavy=heavy, pain=pain, order=order)


def plan(sessions, check_ins=(), *, now: datetime):
    return make_plan(sessions=sessions, check_ins=check_ins, tz=BERLIN, now=now)


# --- check-ins stay in force --------------------------------------------------------------------


@pytest.mark.parametrize("later", [32 * H, 32 * H + M, 60 * H, 6 * 24 * H])
def test_pain_stays_in_force_until_a_new_check_in(later):
    """Pain at +20 h used to be forgotten at +32 h 01 ("go, 20-30 min")."""
    ended = MONDAY_EVENING
    pain = check_in(ended + 20 * H, 3, pain=True)
    result = plan([session(ended)], [pain], now=ended + later)
    assert (result.status, result.cause) == (Status.WALK_INSTEAD, Cause.PAIN)
    assert result.run_windows == ()
    assert result.invites_check_in
    better = check_in(ended + later - M, 2, order=(1.0, 1))
    replaced = plan([session(ended)], [pain, better], now=ended + later)
    assert replaced.status is not Status.WALK_INSTEAD


def test_pain_lapses_after_the_documented_time():
    ended = MONDAY_EVENING
    pain = check_in(ended + 20 * H, 3, pain=True)
    lapse = ended + 20 * H + rules.ALARM_IN_FORCE_HOURS * H
    assert plan([session(ended)], [pain], now=lapse - M).status is Status.WALK_INSTEAD
    assert plan([session(ended)], [pain], now=lapse).status is not Status.WALK_INSTEAD


def test_pain_carries_across_a_new_leg_session():
    monday = MONDAY_EVENING
    pain = check_in(monday + 20 * H, 3, pain=True)
    wednesday = monday + 48 * H
    result = plan([session(monday), session(wednesday)], [pain], now=wednesday + 7 * H)
    assert (result.status, result.cause) == (Status.WALK_INSTEAD, Cause.PAIN)


def test_very_sore_counts_past_twelve_hours_and_the_curve_moves_toward_it():
    """An 8/10 at +24 h used to stop counting at +36 h, with the curve far below it."""
    ended = MONDAY_EVENING
    eight = check_in(ended + 24 * H, 8)
    without = plan([session(ended)], now=ended + 37 * H)
    result = plan([session(ended)], [eight], now=ended + 37 * H)
    assert (result.status, result.cause) == (Status.NEXT_DAY, Cause.VERY_SORE)
    assert result.current_soreness == 8 and result.soreness_source == SOURCE_CHECK_IN
    assert result.curve_adjusted and not without.curve_adjusted
    assert abs(result.timeline[24].soreness - 8) <= 2
    assert without.timeline[24].soreness < 6  # the prediction alone was far off
    assert result.invites_check_in
    assert "check in again" in result.reason


def test_current_soreness_is_the_check_in_in_force_else_the_curve():
    ended = MONDAY_EVENING
    three = check_in(ended + 14 * H, 3)
    fresh = plan([session(ended)], [three], now=ended + 20 * H)
    assert fresh.current_soreness == 3 and fresh.check_in_in_force == three
    stale = plan([session(ended)], [three], now=ended + 27 * H)
    assert stale.check_in_in_force is None
    assert stale.current_soreness == stale.timeline[27].soreness


def test_the_newest_check_in_of_a_minute_wins_everywhere():
    """Saved 6/10 with heavy legs, then 2/10 in the same minute: the 2/10 counts."""
    ended = MONDAY_EVENING
    at = ended + 20 * H
    first = check_in(at, 6, heavy=True, order=(100.0, 1))
    second = check_in(at + timedelta(seconds=20), 2, order=(101.0, 2))
    for order in ([first, second], [second, first]):
        result = plan([session(ended)], order, now=at + M)
        assert result.current_soreness == 2
        assert result.check_ins == (second,)
        assert result.cause is not Cause.HEAVY_LEGS
        assert "heavy" not in result.reason
    # Saved last wins even when its time is the earlier one within the minute.
    late_save = check_in(at, 2, order=(102.0, 3))
    early_save = check_in(at + timedelta(seconds=30), 6, heavy=True, order=(101.0, 2))
    assert plan([session(ended)], [early_save, late_save], now=at + M).current_soreness == 2


# --- several sessions add up ----------------------------------------------------------------------


def test_a_light_session_never_hides_mondays_heavy_one():
    monday = MONDAY_EVENING
    heavy = session(monday, rpe=9, minutes=75, eccentric=True)
    light = session(monday + 22 * H, rpe=3, minutes=15)
    wednesday = monday + 40 * H  # Wednesday 11:00
    alone = plan([heavy], now=wednesday)
    both = plan([heavy, light], now=wednesday)
    assert alone.status is Status.NEXT_DAY
    assert both.status is Status.NEXT_DAY
    assert both.current_soreness >= alone.current_soreness >= rules.VERY_SORE_THRESHOLD
    for hour in range(0, 60):
        moment = light.ended_at + hour * H
        assert both.timeline[hour].soreness >= alone.timeline[hour + 22].soreness - 0.05
        assert both.timeline[hour].at == moment.astimezone(BERLIN)


def test_superposed_soreness_is_capped_at_the_top_of_the_scale():
    monday = MONDAY_EVENING
    sessions = [session(monday + i * 6 * H, rpe=10, minutes=200, eccentric=True) for i in range(4)]
    result = plan(sessions, now=monday + 60 * H)
    assert max(p.soreness for p in result.timeline) == rules.SORENESS_MAX


# --- the chart's windows, the dose and the stop rule agree with the decision -------------------


def test_windows_are_never_cut_short_by_the_horizon():
    ended = MONDAY_EVENING
    result = plan([session(ended)], now=ended + 2 * H)
    assert result.run_windows
    for window in result.run_windows:
        assert window.start.time() == rules.RUN_DAY_START or window.start == result.earliest_start
        assert window.end.time() == rules.RUN_DAY_END


def test_no_window_over_predicted_very_sore_hours():
    ended = MONDAY_EVENING
    result = plan([session(ended, rpe=8, minutes=75, eccentric=True)], now=ended + 2 * H)
    assert max(p.soreness for p in result.timeline) >= rules.VERY_SORE_THRESHOLD
    for point in result.timeline:
        inside = any(w.start < point.at < w.end for w in result.run_windows)
        if inside:
            assert point.soreness < rules.VERY_SORE_THRESHOLD
    for window in result.run_windows:
        assert window.start.time() >= rules.RUN_DAY_START
        assert window.end.time() <= rules.RUN_DAY_END


def test_heavy_legs_shorten_the_run_and_the_stop_rule_says_so():
    ended = MONDAY_EVENING
    heavy = check_in(ended + 14 * H, 3, heavy=True)
    result = plan([session(ended)], [heavy], now=ended + 15 * H)
    assert (result.status, result.cause) == (Status.GO, Cause.HEAVY_LEGS)
    assert result.duration_min == (20, rules.HEAVY_LEGS_RUN_MAX_MINUTES)
    assert result.stop_rule == rules.STOP_RULE_LEGS_HEAVY
    assert "start to feel heavy" not in result.stop_rule
    assert "felt heavy" in result.reason


def test_walk_plans_show_walking_advice_and_no_dose_in_text_and_json():
    ended = MONDAY_EVENING
    pain = check_in(ended + 8 * H, 4, pain=True)
    result = plan([session(ended)], [pain], now=ended + 8 * H)
    text = plan_as_text(result)
    assert rules.WALK_INSTEAD in text
    assert "Run:" not in text and "RPE" not in text
    data = plan_as_dict(result)
    assert data["walk"] == rules.WALK_INSTEAD
    assert data["duration_min"] is None and data["rpe"] is None
    assert data["run_windows"] == [] and data["quality_run_from"] is None
    assert data["soreness_now"] == 4 and data["talk_test"] == rules.TALK_TEST_WALK
    assert data["stop_rule"] == rules.STOP_RULE_WALK and "running" not in data["stop_rule"]


def test_the_reason_names_only_the_deciding_cause():
    ended = MONDAY_EVENING
    moderate_heavy = check_in(ended + 14 * H, 5, heavy=True)
    result = plan([session(ended)], [moderate_heavy], now=ended + 15 * H)
    assert result.cause is Cause.HEAVY_LEGS
    assert "moderately" not in result.reason
    waiting = plan([session(ended)], [moderate_heavy], now=ended + 2 * H)
    assert waiting.cause is Cause.SAME_DAY_WAIT  # check-in later than now: not yet known
    assert "heavy" not in waiting.reason


# --- the hard-run gate ----------------------------------------------------------------------------


def test_hard_runs_wait_24_hours_after_a_hard_session():
    ended = datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)  # a morning session
    result = plan([session(ended, rpe=7, minutes=20)], now=ended + 7 * H)
    assert result.quality_run_from is not None
    quality = result.quality_run_from.astimezone(UTC)
    assert quality >= (ended + rules.QUALITY_AFTER_HARD_HOURS * H).astimezone(UTC)
    easier = plan([session(ended, rpe=6, minutes=20)], now=ended + 7 * H)
    assert easier.quality_run_from is not None and easier.quality_run_from < result.quality_run_from


def test_hard_runs_wait_48_hours_after_eccentric_work():
    ended = datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)
    result = plan([session(ended, rpe=5, minutes=20, eccentric=True)], now=ended + 7 * H)
    assert result.quality_run_from is not None
    gate = (ended + rules.QUALITY_AFTER_ECCENTRIC_HOURS * H).astimezone(UTC)
    assert result.quality_run_from.astimezone(UTC) >= gate


def test_hard_runs_wait_while_moderately_sore():
    ended = MONDAY_EVENING
    result = plan([session(ended, rpe=8, minutes=75)], now=ended + 7 * H)
    assert result.quality_run_from is not None
    hours = (result.quality_run_from - ended).total_seconds() / 3600
    by_hour = {p.hours_after: p.soreness for p in result.timeline}
    assert by_hour[int(hours)] < rules.QUALITY_SORENESS_BELOW + 0.5
    assert all(by_hour[h] >= rules.QUALITY_SORENESS_BELOW - 0.05 for h in range(40, 48))
    assert hours > 48


def test_hard_runs_wait_while_a_very_sore_report_is_in_force():
    ended = MONDAY_EVENING
    eight = check_in(ended + 24 * H, 8)
    result = plan([session(ended, rpe=5, minutes=30)], [eight], now=ended + 25 * H)
    assert result.quality_run_from is not None
    lapse = (ended + 24 * H + rules.ALARM_IN_FORCE_HOURS * H).astimezone(UTC)
    assert result.quality_run_from.astimezone(UTC) >= lapse


# --- the athlete's own history calibrates new sessions --------------------------------------------


def test_weekly_eight_out_of_ten_moves_the_prediction_toward_it_week_by_week():
    """Reported 8/10 at 24 h every week: predicted 2.1 then 1.6 before; now it rises."""
    start = MONDAY_EVENING
    sessions, check_ins, predicted = [], [], []
    for week in range(5):
        ended = start + week * 7 * 24 * H
        sessions.append(session(ended, rpe=5, minutes=50))
        before = plan(sessions, check_ins, now=ended + M)
        predicted.append(before.timeline[24].soreness)
        check_ins.append(check_in(ended + 24 * H, 8, order=(float(week), week)))
    assert predicted == sorted(predicted)
    assert predicted[1] > predicted[0]
    assert predicted[-1] >= 2 * predicted[0]  # [2.1, 3.1, 4.1, 4.7, 5.2] when written


def test_calibration_compares_check_ins_with_the_base_prediction():
    ended = MONDAY_EVENING
    curve = personal_curve(
        sessions=[session(ended, rpe=5, minutes=50)], check_ins=[check_in(ended + 24 * H, 8)]
    )
    assert curve.observations_used == 1
    assert curve.amplitude_scale > 1.5
    assert base_amplitude(rpe=5, minutes=50) < 8


# --- "next day if very sore" looks at the whole day -----------------------------------------------


def test_no_run_on_a_day_that_turns_very_sore():
    """Guards the day survey: a run may not start at 07:00 when the legs are very sore by 07:05."""
    ended = MONDAY_EVENING
    heavy = [session(ended, rpe=8, minutes=75, eccentric=True)]
    wednesday_early = plan(heavy, now=ended + 35 * H)  # Wednesday 06:00, not yet very sore
    assert wednesday_early.current_soreness < rules.VERY_SORE_THRESHOLD
    assert (wednesday_early.status, wednesday_early.cause) == (Status.NEXT_DAY, Cause.VERY_SORE)
    assert all(
        w.start.date() != wednesday_early.session_ended_at.date() + 2 * 24 * H
        for w in wednesday_early.run_windows
    )
    first = wednesday_early.run_windows[0]
    assert first.start.weekday() == 4  # Friday: Wednesday and Thursday are very sore days
    assert first.start.time() == rules.RUN_DAY_START


def test_a_check_in_below_very_sore_releases_the_rest_of_the_day():
    ended = MONDAY_EVENING
    heavy = [session(ended, rpe=8, minutes=75, eccentric=True)]
    thursday_noon = ended + 65 * H
    sore = check_in(thursday_noon - 4 * H, 8)  # Thursday 08:00
    blocked = plan(heavy, [sore], now=thursday_noon)
    assert blocked.status is Status.NEXT_DAY and blocked.invites_check_in
    better = check_in(thursday_noon, 5, order=(1.0, 1))
    released = plan(heavy, [sore, better], now=thursday_noon + 30 * M)
    assert (released.status, released.cause) == (Status.GO, Cause.MODERATE)
    assert released.run_windows[0].start == thursday_noon
    assert not released.invites_check_in


def test_very_sore_earlier_today_says_so():
    ended = MONDAY_EVENING
    thursday_noon = ended + 65 * H  # very sore until about 09:50 (predicted)
    result = plan([session(ended, rpe=8, minutes=75, eccentric=True)], now=thursday_noon)
    assert result.current_soreness < rules.VERY_SORE_THRESHOLD
    assert (result.status, result.cause) == (Status.NEXT_DAY, Cause.VERY_SORE)
    assert result.reason.startswith("Your legs were very sore earlier today")


def test_after_a_very_sore_report_soon_after_the_session_no_run_before_nine_hours():
    ended = datetime(2026, 11, 24, 23, 0, tzinfo=BERLIN)
    sore = check_in(ended + 30 * M, 8)
    fine = check_in(ended + 7 * H + 30 * M, 3, order=(1.0, 1))  # 06:30 next morning
    result = plan([session(ended, rpe=5, minutes=30)], [sore, fine], now=ended + 7 * H + 31 * M)
    assert result.status is Status.NEXT_DAY
    assert result.earliest_start == (ended + 9 * H).astimezone(BERLIN)  # 08:00, not 07:00


def test_the_decision_looks_further_ahead_until_a_window_opens():
    """Three huge sessions twelve hours apart stay very sore past the first horizon (the end of
    the run day TIMELINE_HOURS after the session); the earliest start is still a real window."""
    ended = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    sessions = [
        session(ended - hours * H, rpe=10, minutes=150, eccentric=True) for hours in (24, 12, 0)
    ]
    result = make_plan(sessions=sessions, tz=ZoneInfo("UTC"), now=ended + H)
    assert result.status is Status.NEXT_DAY
    assert result.run_windows
    first = result.run_windows[0].start
    assert result.earliest_start == first
    assert first - ended > (rules.TIMELINE_HOURS + 3) * H  # after the first horizon (21:00)


def test_one_past_check_in_adjusts_the_curve_and_the_summary_follows_the_decision():
    monday = MONDAY_EVENING
    earlier = session(monday - 7 * 24 * H, rpe=5, minutes=50)
    noted = check_in(monday - 6 * 24 * H, 6)
    result = plan([earlier, session(monday)], [noted], now=monday + 2 * H)
    assert result.curve_adjusted and not result.invites_check_in
    assert result.status is Status.WAIT
    assert result.summary == f"Easy run OK from {result.earliest_start:%a %H:%M}"


# --- the stored history inside one plan (mutants `make mutate` found alive) --------------------


def test_an_earlier_bout_lowers_this_sessions_curve_and_eccentric_ones_more():
    monday = MONDAY_EVENING
    current = session(monday, rpe=7, minutes=60)
    alone = plan([current], now=monday + H)
    after_plain = plan([session(monday - 5 * 24 * H, rpe=7, minutes=60), current], now=monday + H)
    after_eccentric = plan(
        [session(monday - 5 * 24 * H, rpe=7, minutes=60, eccentric=True), current],
        now=monday + H,
    )
    assert after_eccentric.amplitude < after_plain.amplitude < alone.amplitude
    long_ago = plan([session(monday - 100 * 24 * H, rpe=7, minutes=60), current], now=monday + H)
    assert after_plain.amplitude < long_ago.amplitude < alone.amplitude  # fading, not gone


def test_a_check_in_bends_only_the_session_it_follows():
    monday = MONDAY_EVENING
    tuesday = monday + 24 * H
    sessions = [session(monday, rpe=5, minutes=40), session(tuesday, rpe=5, minutes=40)]
    plain = plan(sessions, now=tuesday + 30 * H)
    late = check_in(tuesday + 20 * H, 8)  # after Tuesday's session: it is Tuesday's
    bent = plan(sessions, [late], now=tuesday + 30 * H)
    assert bent.amplitude > plain.amplitude  # Tuesday's own curve moved toward the 8
    early = check_in(monday + 20 * H, 8)  # before Tuesday's session: Monday's
    monday_bent = plan(sessions, [early], now=tuesday + 30 * H)
    assert monday_bent.amplitude < bent.amplitude
