"""Importing a Strong export in a real browser: upload, review (an RPE asked for), import, and
the dashboard planning for the newest session."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from recovery.models import LegWorkout
from recovery.statuses import Status
from tests.browser.conftest import ATHLETE_TZ
from tests.imports import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def strong_date(hours_ago: float) -> str:
    moment = timezone.now() - timedelta(hours=hours_ago)
    return moment.astimezone(ZoneInfo(ATHLETE_TZ)).strftime("%Y-%m-%d %H:%M:%S")


def test_upload_review_and_import_a_strong_export(
    signed_in_page: Page, live_server, athlete, tmp_path
):
    page = signed_in_page
    older, newest = strong_date(72), strong_date(4)  # newest: 1 h of lifting, ended 3 h ago
    export = tmp_path / "strong.csv"
    export.write_bytes(
        samples.strong_csv(
            [
                samples.strong_row(older, "Squat (Barbell)", rpe="7", title="Legs A"),
                samples.strong_row(newest, "Squat (Barbell)", duration="1h", title="Legs B"),
                samples.strong_row(newest, "Leg Press", duration="1h", title="Legs B"),
                samples.strong_row(newest, "Bench Press", duration="1h", title="Push"),
                samples.strong_row(newest, "Squat (Barbell)", reps="many", title="Legs B"),
            ]
        )
    )
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Import", exact=True).first.click()
    page.locator("#id_file").set_input_files(str(export))
    page.get_by_role("button", name="Preview").click()

    created = page.get_by_test_id("import-new")
    expect(created).to_contain_text("Legs A")
    expect(created).to_contain_text("Legs B")
    expect(created).to_contain_text("Back squat 1×5 @ 100 kg")
    expect(page.get_by_test_id("import-skipped")).to_contain_text("Push: no leg exercises")
    expect(page.get_by_test_id("import-errors")).to_contain_text("line 6: reps 'many'")
    assert not LegWorkout.objects.exists()

    page.get_by_label("Session RPE").select_option("8")  # Legs B has no RPE in the file
    page.get_by_role("button", name="Import 2 leg days").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_contain_text("Imported 2 leg days")
    expect(page.get_by_test_id("plan-status")).to_have_text(Status.WAIT.label)  # 3 h after Legs B
    expect(page.get_by_test_id("plan-reason")).to_contain_text("3 h ago")
    newest_workout = LegWorkout.objects.filter(athlete=athlete).first()
    assert newest_workout is not None and newest_workout.rpe == 8
