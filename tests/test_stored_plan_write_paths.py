"""Every way data gets in refreshes the athlete's stored plan: the API and the importers too
(the forms and services are covered in tests/recovery/test_stored_plans.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from recovery.models import StoredPlan
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
