"""The import pages: upload, review, import; and a run from a watch file."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imports.forms import PAYLOAD_MAX_AGE
from imports.models import ImportedRecord
from recovery.models import ExerciseLine, LegWorkout, RecoveryRun
from tests.imports import samples
from tests.recovery.factories import make_workout

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def upload(client, data: bytes, name: str = "export.csv"):
    return client.post(reverse("import_upload"), {"file": SimpleUploadedFile(name, data)})


def local(moment):
    """In the athletes' zone (the factories' default)."""
    return timezone.localtime(moment, BERLIN)


def test_the_upload_page_asks_for_a_file(athlete_client):
    response = athlete_client.get(reverse("import_upload"))
    assert response.status_code == 200
    assert b"Strong" in response.content and b'enctype="multipart/form-data"' in response.content


def test_preview_then_import_creates_the_leg_day_once(athlete_client, athlete):
    response = upload(athlete_client, samples.strong_leg_day())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Will be created (1)" in page
    assert "Back squat 2×5 @ 105 kg" in page
    assert "Seated Leg Curl (Machine) 1×12 @ 40 kg (as typed)" in page
    assert "Upper: no leg exercises (Bench Press (Barbell))" in page
    assert not LegWorkout.objects.exists()  # the preview saves nothing

    payload = response.context["form"]["payload"].value()
    response = athlete_client.post(reverse("import_confirm"), {"payload": payload})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    workout = LegWorkout.objects.get(athlete=athlete)
    assert (workout.minutes, workout.rpe) == (65, 8)
    assert workout.notes == "Imported from Strong (CSV): Leg day"
    lines = {line.name: line for line in workout.lines.select_related("exercise")}
    assert lines["Back squat"].sets == 2
    assert lines["Romanian deadlift"].exercise.eccentric_heavy
    assert lines["Seated Leg Curl (Machine)"].exercise is None

    # The same file again: listed as already imported, and confirming creates nothing.
    response = upload(athlete_client, samples.strong_leg_day())
    assert "Leg day: already imported" in response.content.decode()
    assert "Nothing new to import" in response.content.decode()
    athlete_client.post(reverse("import_confirm"), {"payload": payload})  # an old preview
    assert LegWorkout.objects.count() == 1
    assert ImportedRecord.objects.count() == 1


def test_pounds_when_the_athlete_says_so(athlete_client):
    response = athlete_client.post(
        reverse("import_upload"),
        {"file": SimpleUploadedFile("s.csv", samples.strong_leg_day()), "pounds": "on"},
    )
    assert "Back squat 2×5 @ 47.63 kg" in response.content.decode()


def test_sessions_without_rpe_or_duration_are_asked_for(athlete_client, athlete):
    data = samples.strong_old_csv(
        [
            {
                "Date": "2026-10-05 17:30:12",
                "Workout Name": "Legs",
                "Exercise Name": "Leg Press",
                "Set Order": "1",
                "Weight": "100",
                "Weight Unit": "kg",
                "Reps": "10",
            }
        ]
    )
    response = upload(athlete_client, data)
    page = response.content.decode()
    assert "The file has no RPE" in page and "The file has no duration" in page
    payload = response.context["form"]["payload"].value()
    response = athlete_client.post(reverse("import_confirm"), {"payload": payload})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not LegWorkout.objects.exists()
    athlete_client.post(
        reverse("import_confirm"), {"payload": payload, "rpe_0": "7", "minutes_0": "50"}
    )
    workout = LegWorkout.objects.get()
    assert (workout.rpe, workout.minutes) == (7, 50)
    assert local(workout.ended_at).strftime("%Y-%m-%d %H:%M") == "2026-10-05 18:20"


def test_bad_rows_are_listed_and_the_good_ones_import(athlete_client):
    date = "2026-10-05 17:30:12"
    data = samples.strong_csv(
        [
            samples.strong_row(date, "Squat (Barbell)", rpe="8"),
            samples.strong_row(date, "Squat (Barbell)", reps="-3", rpe="8"),
            samples.strong_row("2026-13-45 99:00:00", "Squat (Barbell)", rpe="8"),
        ]
    )
    response = upload(athlete_client, data)
    errors = [str(e) for e in response.context["errors"]]
    assert errors[0].startswith("line 3: reps must be a whole number")
    assert errors[1].startswith("line 4: start '2026-13-45 99:00:00' is not a date")
    athlete_client.post(
        reverse("import_confirm"), {"payload": response.context["form"]["payload"].value()}
    )
    assert ExerciseLine.objects.get().sets == 1


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"Date,Exercise Name,Reps\n",
        "Date,Workout Name,Exercise Name,Weight,Reps\n2026,é".encode("latin-1"),
        b'Date,Workout Name,Exercise Name,Weight,Reps\n"' + b"x" * 200_000 + b'"',
    ],
)
def test_unreadable_uploads_are_form_errors_not_500s(athlete_client, data):
    response = upload(athlete_client, data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not LegWorkout.objects.exists()


def test_an_unterminated_quote_is_a_named_row(athlete_client):
    data = b'Date,Workout Name,Exercise Name,Weight,Reps\n"2026-10-05 17:30:12,Legs'
    response = upload(athlete_client, data)
    assert [str(e) for e in response.context["errors"]] == ["line 2: no exercise name"]


def test_a_file_over_the_limit_is_refused(athlete_client):
    from imports import forms

    big = b"x" * (forms.MAX_UPLOAD_BYTES + 1)
    response = upload(athlete_client, big)
    assert "larger than 5 MB" in response.content.decode()


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(athlete_client):
    from imports import views

    body = b"x" * (views.MAX_REQUEST_BYTES + 1)
    response = athlete_client.generic(
        "POST", reverse("import_upload"), body, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode()


def test_names_are_escaped_and_the_export_never_starts_a_formula(athlete_client, athlete):
    hostile = '=HYPERLINK("http://x") <img src=x onerror=alert(1)> squat'
    data = samples.strong_csv(
        [samples.strong_row("2026-10-05 17:30:12", hostile, rpe="8", title="<b>Legs</b>")]
    )
    response = upload(athlete_client, data)
    page = response.content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>Legs</b>" not in page
    athlete_client.post(
        reverse("import_confirm"), {"payload": response.context["form"]["payload"].value()}
    )
    assert ExerciseLine.objects.get().custom_name == hostile
    export = athlete_client.get(reverse("account_export_csv"))
    text = zipfile.ZipFile(io.BytesIO(export.content)).read("exercise_lines.csv").decode()
    assert "'=HYPERLINK" in text
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))


def test_a_tampered_or_foreign_preview_is_refused(athlete_client, athlete, client):
    response = upload(athlete_client, samples.strong_leg_day())
    payload = response.context["form"]["payload"].value()
    tampered = payload[:-3] + ("abc" if not payload.endswith("abc") else "xyz")
    response = athlete_client.post(reverse("import_confirm"), {"payload": tampered})
    assert response.status_code == 302 and response["Location"] == reverse("import_upload")
    from tests.factories import make_user

    client.force_login(make_user(username="mallory"))
    client.post(reverse("import_confirm"), {"payload": payload})
    assert not LegWorkout.objects.exists()


def test_an_expired_preview_is_refused(athlete_client, monkeypatch):
    response = upload(athlete_client, samples.strong_leg_day())
    payload = response.context["form"]["payload"].value()
    later = time.time() + PAYLOAD_MAX_AGE + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = athlete_client.post(reverse("import_confirm"), {"payload": payload}, follow=True)
    assert "expired" in response.content.decode()
    assert not LegWorkout.objects.exists()


def test_one_failing_session_saves_none(athlete_client, monkeypatch):
    """One import is one transaction: a failure in the second leg day leaves no first one."""
    data = (
        samples.strong_leg_day()
        + samples.strong_csv(
            [samples.strong_row("2026-10-07 17:30:12", "Leg Press", rpe="7", title="Second")]
        ).split(b"\n", 1)[1]
    )
    response = upload(athlete_client, data)
    assert len(response.context["form"].sessions) == 2
    from recovery import services as recovery_services

    real = recovery_services.workout_create
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(recovery_services, "workout_create", flaky)
    with pytest.raises(RuntimeError):
        athlete_client.post(
            reverse("import_confirm"), {"payload": response.context["form"]["payload"].value()}
        )
    assert not LegWorkout.objects.exists() and not ImportedRecord.objects.exists()


def test_a_hand_logged_leg_day_with_the_same_end_is_not_doubled(athlete_client, athlete):
    make_workout(athlete, ended_at=datetime(2026, 10, 5, 18, 35, 12, tzinfo=BERLIN))
    response = upload(athlete_client, samples.strong_leg_day())
    assert "Leg day: already imported" in response.content.decode()


# --- Runs ------------------------------------------------------------------------------------


def test_a_watch_file_prefills_the_run_form_and_says_how_it_compares(athlete_client, athlete):
    ended = timezone.now() - timedelta(hours=30)
    workout = make_workout(athlete, ended_at=ended, rpe=8, minutes=60)
    start = timezone.now() - timedelta(hours=2)
    response = upload(athlete_client, samples.fit(start, minutes=45, hr=150), name="run.bin")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["minutes"] == 45
    assert form.initial["avg_hr"] == 150
    assert form.initial["workout"] == workout.pk
    assert "How did your legs feel?" in response.content.decode()
    check = response.context["check"]
    assert check is not None and any("longer than the plan's cap" in d for d in check.differences)

    data = {
        "import_token": form.initial["import_token"],
        "form_token": form["form_token"].value(),
        "workout": str(workout.pk),
        "started_at": local(form.initial["started_at"]).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "45",
        "distance_km": str(form.initial["distance_km"]),
        "avg_hr": "150",
        "rpe": "4",
        "outcome": "completed",
        "legs_felt": "heavy",
        "max_heart_rate": "190",
    }
    response = athlete_client.post(reverse("import_run"), data, follow=True)
    run = RecoveryRun.objects.get()
    assert (run.minutes, run.avg_hr, run.legs_felt, run.workout) == (45, 150, "heavy", workout)
    assert run.distance_km is not None
    page = response.content.decode()
    assert "Differed from the plan" in page and "above the easy zone" in page
    athlete.refresh_from_db()
    assert athlete.max_heart_rate == 190

    # The same run again, from another kind of file: nothing to import.
    response = upload(athlete_client, samples.gpx(start, minutes=45))
    assert "already in Legday" in response.content.decode()
    response = athlete_client.post(reverse("import_run"), {**data, "form_token": ""}, follow=True)
    assert RecoveryRun.objects.count() == 1


def test_a_run_that_kept_to_the_plan_says_so(athlete_client, athlete):
    make_workout(athlete, ended_at=timezone.now() - timedelta(days=3), rpe=5, minutes=40)
    start = (timezone.now() - timedelta(hours=3)).replace(hour=10)
    if start > timezone.now():
        start -= timedelta(days=1)
    response = upload(athlete_client, samples.tcx(start, minutes=20))
    assert response.context["check"].kept
    assert "Kept to the plan." in response.content.decode()


def test_a_run_form_with_a_forged_token_saves_nothing(athlete_client, athlete):
    response = upload(athlete_client, samples.gpx(timezone.now() - timedelta(hours=2)))
    form = response.context["form"]
    data = {
        "import_token": "forged",
        "started_at": local(form.initial["started_at"]).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "25",
        "rpe": "3",
        "outcome": "completed",
        "legs_felt": "fine",
    }
    response = athlete_client.post(reverse("import_run"), data)
    assert response.status_code == 200
    assert "expired or was altered" in response.content.decode()
    assert not RecoveryRun.objects.exists()


def test_the_preview_costs_the_same_queries_for_one_session_or_many(
    athlete_client, django_assert_num_queries
):
    def export(sessions: int) -> bytes:
        return samples.strong_csv(
            [
                samples.strong_row(f"2026-10-{day:02d} 17:30:00", "Squat (Barbell)", rpe="8")
                for day in range(1, sessions + 1)
            ]
        )

    upload(athlete_client, export(1))  # the session and user are loaded once, before counting
    with django_assert_num_queries(6) as one:  # the menu's roles included
        upload(athlete_client, export(1))
    with django_assert_num_queries(len(one.captured_queries)):
        upload(athlete_client, export(20))


def test_the_settings_page_sets_and_forgets_the_maximum_heart_rate(athlete_client, athlete):
    page = athlete_client.get(reverse("settings")).content.decode()
    assert 'id="heart-rate"' in page and reverse("import_heart_rate") in page
    response = athlete_client.post(
        reverse("import_heart_rate"), {"max_heart_rate": "188"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("settings") + "#heart-rate"
    assert "Maximum heart rate saved." in response.content.decode()
    assert 'value="188"' in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.max_heart_rate == 188

    response = athlete_client.post(
        reverse("import_heart_rate"), {"max_heart_rate": "20"}, follow=True
    )
    assert "Maximum heart rate not saved: Ensure this value is greater than or equal to 100." in (
        response.content.decode()
    )
    athlete_client.post(reverse("import_heart_rate"), {"max_heart_rate": ""})
    athlete.refresh_from_db()
    assert athlete.max_heart_rate is None
