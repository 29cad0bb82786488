"""Plans computed on write: every write path refreshes the stored plan, and reading it at any
moment gives what planning afresh gives."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from recovery import queries, rules, services, stored_plans
from recovery.models import (
    LegWorkout,
    PlanPhase,
    RecoveryRun,
    SorenessCheckIn,
    StoredPlan,
)
from recovery.planner import FOREVER
from recovery.planning import plan_for_athlete
from tests.recovery.factories import make_check_in, make_history, make_user, make_workout

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def workout_values(*, hours_ago: float, rpe: int = 8, minutes: int = 70):
    return services.WorkoutValues(ended_at=timezone.now() - hours_ago * H, minutes=minutes, rpe=rpe)


def check_in_values(*, hours_ago: float, soreness: int, pain: bool = False):
    return services.CheckInValues(at=timezone.now() - hours_ago * H, soreness=soreness, pain=pain)


def run_values(*, hours_ago: float):
    return services.RunValues(
        workout=None, started_at=timezone.now() - hours_ago * H, minutes=25, rpe=3
    )


def fresh_fields(athlete, now):
    planned = plan_for_athlete(athlete=athlete, now=now)
    if planned is None:
        return None
    plan = planned.plan
    return (
        plan.status,
        plan.cause,
        plan.earliest_start,
        plan.recommended_start,
        plan.duration_min,
        plan.rpe,
        plan.invites_check_in,
    )


def stored_fields(athlete, now):
    stored = StoredPlan.objects.prefetch_related("phases").get(athlete=athlete)
    seen = stored_plans.read(plan=stored, now=now)
    if seen is None:
        return None
    return (
        seen.status,
        seen.cause,
        seen.earliest_start,
        seen.recommended_start,
        seen.duration_min,
        seen.rpe,
        seen.invites_check_in,
    )


@pytest.fixture
def athlete():
    return make_user(username="ana", timezone="Europe/Oslo")


def made_at(athlete):
    return StoredPlan.objects.get(athlete=athlete).made_at


# --- Every write path refreshes it ------------------------------------------------------------


def test_each_service_write_recomputes_the_stored_plan(athlete):
    stamps = []

    def write_then_stamp(write):
        before = StoredPlan.objects.filter(athlete=athlete).values_list("made_at", flat=True)
        previous = before.first()
        result = write()
        stored = StoredPlan.objects.get(athlete=athlete)
        assert not stored.stale
        assert previous is None or stored.made_at > previous or stored.made_at == previous
        stamps.append(stored.made_at)
        now = timezone.now()  # one moment for both: "go now" starts at exactly that moment
        assert stored_fields(athlete, now) == fresh_fields(athlete, now)
        return result

    workout = write_then_stamp(
        lambda: services.workout_create(athlete=athlete, values=workout_values(hours_ago=20))
    )
    assert StoredPlan.objects.get(athlete=athlete).last_leg_day_at == workout.ended_at
    write_then_stamp(
        lambda: services.workout_update(workout=workout, values=workout_values(hours_ago=30))
    )
    check_in = write_then_stamp(
        lambda: services.checkin_create(
            athlete=athlete, values=check_in_values(hours_ago=1, soreness=8)
        )
    )
    assert StoredPlan.objects.get(athlete=athlete).latest_soreness == 8
    write_then_stamp(
        lambda: services.checkin_update(
            check_in=check_in, values=check_in_values(hours_ago=1, soreness=2, pain=True)
        )
    )
    stored = StoredPlan.objects.get(athlete=athlete)
    assert (stored.latest_soreness, stored.latest_pain) == (2, True)
    run = write_then_stamp(
        lambda: services.run_create(athlete=athlete, values=run_values(hours_ago=0.5))
    )
    assert StoredPlan.objects.get(athlete=athlete).last_run_at == run.started_at
    write_then_stamp(lambda: services.run_update(run=run, values=run_values(hours_ago=0.25)))
    write_then_stamp(lambda: services.run_delete(run=RecoveryRun.objects.get(pk=run.pk)))
    assert StoredPlan.objects.get(athlete=athlete).last_run_at is None
    write_then_stamp(
        lambda: services.checkin_delete(check_in=SorenessCheckIn.objects.get(pk=check_in.pk))
    )
    assert StoredPlan.objects.get(athlete=athlete).latest_soreness is None
    write_then_stamp(lambda: services.workout_delete(workout=LegWorkout.objects.get(pk=workout.pk)))
    stored = StoredPlan.objects.get(athlete=athlete)
    assert stored.last_leg_day_at is None and stored.ended_at is None
    assert not PlanPhase.objects.filter(plan=stored).exists()
    assert len(stamps) == 9


def test_a_row_saved_outside_the_services_marks_the_plan_stale(athlete):
    services.workout_create(athlete=athlete, values=workout_values(hours_ago=20))
    assert not StoredPlan.objects.get(athlete=athlete).stale
    make_check_in(athlete, at=timezone.now() - H, soreness=9)  # the ORM, as the admin would
    assert StoredPlan.objects.get(athlete=athlete).stale
    now = timezone.now()
    assert stored_plans.ensure_fresh(athletes=type(athlete).objects.all(), now=now) == 1
    assert stored_fields(athlete, now) == fresh_fields(athlete, now)


# --- Several writes, one plan (imports) -----------------------------------------------------


@pytest.fixture
def refreshed(monkeypatch):
    """The pks of the athletes whose plans `stored_plans.refresh` recomputes, in order."""
    calls: list[int] = []
    refresh = stored_plans.refresh

    def counting_refresh(**kwargs):
        calls.append(kwargs["athlete"].pk)
        return refresh(**kwargs)

    monkeypatch.setattr(stored_plans, "refresh", counting_refresh)
    return calls


def test_writes_in_a_replanning_once_block_plan_each_athlete_once_at_its_end(athlete, refreshed):
    other = make_user(username="bo", timezone="Asia/Tokyo")
    with transaction.atomic(), services.replanning_once():
        services.workout_create(athlete=athlete, values=workout_values(hours_ago=30))
        services.checkin_create(athlete=athlete, values=check_in_values(hours_ago=2, soreness=6))
        services.workout_create(athlete=other, values=workout_values(hours_ago=20))
        services.workout_create(athlete=athlete, values=workout_values(hours_ago=10))
        assert refreshed == []  # nothing is planned halfway
    assert refreshed == [athlete.pk, other.pk]
    now = timezone.now()
    for each in (athlete, other):
        assert not StoredPlan.objects.get(athlete=each).stale
        assert stored_fields(each, now) == fresh_fields(each, now)


def test_a_replanning_once_block_that_raises_plans_nothing(athlete, refreshed):
    with pytest.raises(RuntimeError), transaction.atomic(), services.replanning_once():
        services.workout_create(athlete=athlete, values=workout_values(hours_ago=30))
        raise RuntimeError("a bad row halfway through the file")
    assert refreshed == []
    assert not LegWorkout.objects.filter(athlete=athlete).exists()
    assert not StoredPlan.objects.filter(athlete=athlete).exists()


def test_nested_replanning_once_blocks_plan_at_the_outermost_end(athlete, refreshed):
    with services.replanning_once():
        with services.replanning_once():
            services.workout_create(athlete=athlete, values=workout_values(hours_ago=30))
        assert refreshed == []
        services.run_create(athlete=athlete, values=run_values(hours_ago=1))
    assert refreshed == [athlete.pk]
    services.checkin_create(athlete=athlete, values=check_in_values(hours_ago=1, soreness=3))
    assert refreshed == [athlete.pk, athlete.pk]  # outside a block, each write plans again


def test_a_row_saved_outside_the_services_in_a_block_still_marks_the_plan_stale(athlete):
    services.workout_create(athlete=athlete, values=workout_values(hours_ago=20))
    with services.replanning_once():
        make_check_in(athlete, at=timezone.now() - H, soreness=9)  # the ORM, not a service
    assert StoredPlan.objects.get(athlete=athlete).stale


def test_stale_when_the_zone_changed_the_rules_changed_or_the_outlook_ran_out(athlete):
    services.workout_create(athlete=athlete, values=workout_values(hours_ago=3))
    users = type(athlete).objects.filter(pk=athlete.pk)
    now = timezone.now()
    assert stored_plans.ensure_fresh(athletes=users, now=now) == 0

    athlete.timezone = "America/Chicago"
    athlete.save()
    assert stored_plans.ensure_fresh(athletes=users, now=now) == 1
    assert StoredPlan.objects.get(athlete=athlete).zone == "America/Chicago"
    assert stored_fields(athlete, now) == fresh_fields(athlete, now)

    StoredPlan.objects.filter(athlete=athlete).update(rules_digest="older rules")
    assert stored_plans.ensure_fresh(athletes=users, now=now) == 1

    # A pain report holds for days: the outlook answers only until the decision may change.
    services.checkin_create(
        athlete=athlete, values=check_in_values(hours_ago=0, soreness=6, pain=True)
    )
    until = StoredPlan.objects.get(athlete=athlete).valid_until
    assert until < FOREVER
    assert stored_plans.ensure_fresh(athletes=users, now=until - timedelta(seconds=1)) == 0
    assert stored_plans.ensure_fresh(athletes=users, now=until) == 1


def test_an_athlete_without_leg_days_has_a_stored_empty_plan(athlete):
    services.checkin_create(athlete=athlete, values=check_in_values(hours_ago=1, soreness=3))
    stored = StoredPlan.objects.get(athlete=athlete)
    assert stored.ended_at is None and stored.valid_until == FOREVER
    assert stored_plans.read(plan=stored, now=timezone.now()) is None


def test_a_future_dated_row_bounds_the_stored_plan(athlete):
    make_workout(athlete, ended_at=timezone.now() - 30 * H)
    later = make_check_in(athlete, at=timezone.now() + 5 * H, soreness=8)
    (stored,) = stored_plans.refresh_many(athletes=[athlete], now=timezone.now())
    assert stored.valid_until == later.at


def test_refreshing_many_athletes_costs_fixed_queries(django_assert_max_num_queries):
    athletes = [make_user(username=f"a{i}") for i in range(30)]
    for index, athlete in enumerate(athletes):
        make_workout(athlete, ended_at=timezone.now() - (index + 2) * H)
        make_check_in(athlete, at=timezone.now() - H, soreness=index % 10)
    with django_assert_max_num_queries(12):
        stored_plans.refresh_many(athletes=athletes, now=timezone.now())
    assert StoredPlan.objects.count() == 30


# --- Stored equals fresh over random histories, through the database -------------------------

ZONES = ("Europe/Oslo", "America/St_Johns", "Asia/Kathmandu")


class TestStoredEqualsFresh(HypothesisTestCase):
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        zone=st.sampled_from(ZONES),
        workouts=st.lists(
            st.tuples(st.integers(1, 14 * 24), st.integers(1, 10), st.integers(20, 120)),
            min_size=1,
            max_size=4,
        ),
        check_ins=st.lists(
            st.tuples(
                st.integers(0, 10 * 24),
                st.integers(rules.SORENESS_MIN, rules.SORENESS_MAX),
                st.booleans(),
            ),
            max_size=4,
        ),
        read_after_hours=st.integers(0, 8 * 24),
    )
    def test_the_stored_plan_read_later_equals_planning_afresh(
        self, zone, workouts, check_ins, read_after_hours
    ):
        athlete = make_user(username="hyp", timezone=zone)
        for hours_ago, rpe, minutes in workouts:
            services.workout_create(
                athlete=athlete,
                values=workout_values(hours_ago=hours_ago, rpe=rpe, minutes=minutes),
            )
        for hours_ago, soreness, pain in check_ins:
            services.checkin_create(
                athlete=athlete,
                values=check_in_values(hours_ago=hours_ago, soreness=soreness, pain=pain),
            )
        stored = StoredPlan.objects.get(athlete=athlete)
        read = stored.made_at + read_after_hours * H
        users = type(athlete).objects.filter(pk=athlete.pk)
        recomputed = stored_plans.ensure_fresh(athletes=users, now=read)
        assert recomputed == (0 if read < stored.valid_until else 1)
        assert stored_fields(athlete, read) == fresh_fields(athlete, read)
        assert ZoneInfo(zone)  # the zone the plan was made in is the athlete's


# --- Freshness is one rule: the dashboard's prepared read and the coach's ORM query agree ------


class TestFreshnessIsOneRule(HypothesisTestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        stale=st.booleans(),
        valid_until=st.sampled_from([-1, 0, 1]),  # hours from now: at `now` it has run out
        made_at=st.sampled_from([-1, 0, 1]),  # made at `now` still answers for `now`
        same_rules=st.booleans(),
        same_zone=st.booleans(),
    )
    def test_revision_of_recomputes_exactly_the_plans_ensure_fresh_would(
        self, stale, valid_until, made_at, same_rules, same_zone
    ):
        athlete = make_user(username="fresh", timezone="Europe/Oslo")
        services.workout_create(athlete=athlete, values=workout_values(hours_ago=5))
        now = timezone.now()
        StoredPlan.objects.filter(athlete=athlete).update(
            stale=stale,
            valid_until=now + valid_until * H,
            made_at=now + made_at * H,
            rules_digest=stored_plans.RULES_DIGEST if same_rules else "older rules",
            zone=athlete.timezone if same_zone else "Asia/Tokyo",
        )
        users = type(athlete).objects.filter(pk=athlete.pk)
        expected = users.filter(stored_plans.stale_q(now=now, prefix="stored_plan__")).exists()
        assert expected == (
            stale or valid_until <= 0 or made_at > 0 or not same_rules or not same_zone
        )
        before = StoredPlan.objects.get(athlete=athlete).revision
        revision, has_leg_day = stored_plans.revision_of(athlete=athlete, now=now)
        assert has_leg_day
        assert (revision != before) == expected


# --- One athlete's plain read equals the windowed read for many --------------------------------


def test_one_athletes_planning_rows_equal_the_many_athlete_read():
    """`refresh` reads one athlete with `planning_rows` and many with the windowed query: the
    same rows, newest first, eccentric work included, at any cut-off."""
    now = timezone.now()
    athletes = [make_user(username=f"rows{i}") for i in range(3)]
    for index, athlete in enumerate(athletes):
        make_history(athlete, 5 + 20 * index, now=now)
    # Two check-ins in one minute, the first one saved again last: it comes first.
    first = make_check_in(athletes[0], at=now - 3 * H, soreness=2)
    make_check_in(athletes[0], at=now - 3 * H, soreness=6)
    first.save()

    def without_athlete(rows):
        return [{k: v for k, v in row.items() if k != "athlete_id"} for row in rows]

    for cut in (now, now - 5 * H, now - 40 * H, now - 400 * H):
        many_workouts, many_check_ins = queries.planning_rows_per_athlete(
            athlete_ids=[a.pk for a in athletes], now=cut
        )
        for athlete in athletes:
            workouts, check_ins = queries.planning_rows(
                athlete=athlete, workouts_until=cut, check_ins_until=cut
            )
            assert workouts == without_athlete(many_workouts.get(athlete.pk, []))
            assert check_ins == without_athlete(many_check_ins.get(athlete.pk, []))
    rows = queries.planning_rows(athlete=athletes[0], workouts_until=now, check_ins_until=now)[1]
    assert rows[0]["pk"] == first.pk
    workouts, _ = queries.planning_rows(
        athlete=athletes[2], workouts_until=now, check_ins_until=now
    )
    assert len(workouts) == queries.PLAN_HISTORY_WORKOUTS  # 45 logged, the newest 40 read
    assert {row["eccentric"] for row in workouts} == {True, False}
