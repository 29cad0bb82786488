"""Every way data gets in refreshes the athlete's stored plan: the API and the importers too
(the forms and services are covered in tests/recovery/test_stored_plans.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from recovery.models import LegWorkout, StoredPlan
from tests.imports import samples
from tests.integrations.conftest import TokenClient, make_token
from tests.integrations.test_api import local, post

pytestmark = pytest.mark.django_db


def test_an_api_check_in_refreshes_the_stored_plan(athlete):
    from integrations.models import ApiToken

    writer = TokenClient(make_token(athlete, scope=ApiToken.Scope.WRITE, name="watch"))
    assert (
        post(writer, "/workouts", {"ended_at": local(20), "minutes": 60, "rpe": 8}).status_code
        == 201
    )
    stored = StoredPlan.objects.get(athlete=athlete)
    assert stored.last_leg_day_at is not None and not stored.stale
    assert post(writer, "/checkins", {"at": local(1), "soreness": 7}).status_code == 201
    stored = StoredPlan.objects.get(athlete=athlete)
    assert (stored.latest_soreness, stored.stale) == (7, False)


def test_an_imported_file_refreshes_the_stored_plan(athlete, tmp_path):
    path = tmp_path / "strong.csv"
    day = (timezone.now() - timedelta(days=2)).astimezone(athlete.zone)
    path.write_bytes(samples.strong_leg_day(f"{day:%Y-%m-%d} 17:30:12"))
    call_command("import", str(path), "--user", athlete.username, "--minutes", "60")
    stored = StoredPlan.objects.get(athlete=athlete)
    assert stored.last_leg_day_at is not None and not stored.stale
    assert stored.ended_at == stored.last_leg_day_at


def test_an_import_of_many_sessions_plans_once_and_the_plan_is_the_fresh_one(
    athlete, tmp_path, monkeypatch
):
    from recovery import stored_plans
    from tests.recovery.test_stored_plans import fresh_fields, stored_fields

    refreshed = []
    refresh = stored_plans.refresh

    def counting_refresh(**kwargs):
        refreshed.append(kwargs["athlete"].pk)
        return refresh(**kwargs)

    monkeypatch.setattr(stored_plans, "refresh", counting_refresh)
    days = [(timezone.now() - timedelta(days=n)).astimezone(athlete.zone) for n in (9, 6, 3)]
    rows = [
        samples.strong_row(f"{day:%Y-%m-%d} 17:30:12", "Squat (Barbell)", rpe="8") for day in days
    ]
    path = tmp_path / "strong.csv"
    path.write_bytes(samples.strong_csv(rows))
    call_command("import", str(path), "--user", athlete.username)
    assert LegWorkout.objects.filter(athlete=athlete).count() == 3
    assert refreshed == [athlete.pk]  # one plan for three sessions
    stored = StoredPlan.objects.get(athlete=athlete)
    assert not stored.stale and stored.last_leg_day_at == max(
        LegWorkout.objects.filter(athlete=athlete).values_list("ended_at", flat=True)
    )
    now = timezone.now()
    assert stored_fields(athlete, now) == fresh_fields(athlete, now)
