"""The JSON API: each route for each role, tokens and their scopes, the session with CSRF,
validation through the forms, the rate limit, and the OpenAPI document."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from coaching.models import AccessLogEntry
from integrations import api_auth, services
from integrations.models import ApiToken
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn
from tests.factories import make_coach_link, make_user
from tests.integrations.conftest import TokenClient, make_token
from tests.recovery.factories import make_check_in, make_line, make_run, make_workout

pytestmark = pytest.mark.django_db

API = "/api/v1"
READ_ROUTES = ["/plan", "/workouts", "/checkins", "/runs", "/coach/athletes"]


def post(client, path: str, body: dict, **extra):
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json", **extra)


def local(hours_ago: float) -> str:
    """An ISO 8601 time with an offset, ``hours_ago`` hours before now."""
    moment = timezone.now() - timedelta(hours=hours_ago)
    return moment.astimezone(timezone.get_fixed_timezone(0)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


# --- Authentication --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*READ_ROUTES, "/coach/athletes/1/plan"])
def test_anonymous_gets_401(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("path", ["/workouts", "/checkins", "/runs"])
def test_anonymous_writes_get_401_and_save_nothing(client, path):
    assert post(client, path, {}).status_code == 401


def test_unknown_and_revoked_tokens_are_refused(athlete, read_token):
    assert TokenClient("ldp_not-a-token").get(f"{API}/workouts").status_code == 401
    assert TokenClient("something-else").get(f"{API}/workouts").status_code == 401
    token = ApiToken.objects.get(user=athlete)
    services.api_token_revoke(token=token, now=timezone.now())
    response = TokenClient(read_token).get(f"{API}/workouts")
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown or revoked token."


def test_a_bad_token_never_falls_back_to_the_session(client, athlete):
    client.force_login(athlete)
    response = client.get(f"{API}/workouts", HTTP_AUTHORIZATION="Bearer ldp_wrong")
    assert response.status_code == 401


def test_a_deactivated_users_token_is_refused(athlete, reader):
    athlete.is_active = False
    athlete.save()
    assert reader.get(f"{API}/workouts").status_code == 401


def test_tokens_are_stored_hashed_and_note_their_use(athlete, read_token, reader):
    token = ApiToken.objects.get(user=athlete)
    assert token.secret_hash == services.hash_api_token(read_token)
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert read_token not in stored
    assert read_token.startswith(token.prefix)
    assert token.last_used_at is None
    assert reader.get(f"{API}/workouts").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_token_cannot_write(athlete, reader):
    response = post(reader, "/checkins", {"at": local(1), "soreness": 3})
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    assert not SorenessCheckIn.objects.exists()


def test_the_session_works_and_writes_need_csrf(athlete):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(athlete)
    assert browser.get(f"{API}/checkins").status_code == 200
    refused = post(browser, "/checkins", {"at": local(1), "soreness": 3})
    assert refused.status_code == 403
    assert not SorenessCheckIn.objects.exists()
    browser.get(reverse("settings"))  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = post(browser, "/checkins", {"at": local(1), "soreness": 3}, HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201


# --- Rate limit ------------------------------------------------------------------------------


def test_each_token_is_rate_limited(athlete, monkeypatch):
    monkeypatch.setattr(api_auth, "RATES", {api_auth.ACTION: "2/1m/key"})
    first, second = make_token(athlete), make_token(athlete)
    client = TokenClient(first)
    assert [client.get(f"{API}/runs").status_code for _ in range(2)] == [200, 200]
    limited = client.get(f"{API}/runs")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert TokenClient(second).get(f"{API}/runs").status_code == 200


def test_the_limit_is_a_named_constant():
    assert api_auth.RATES[api_auth.ACTION] == f"{api_auth.API_REQUESTS_PER_MINUTE}/1m/key"


# --- The plan --------------------------------------------------------------------------------


def test_the_plan_is_the_clis_json(athlete, reader, monkeypatch):
    now = timezone.now().replace(microsecond=0)
    workout = make_workout(athlete, ended_at=now - timedelta(hours=3))
    make_line(workout, exercise="Romanian deadlift")
    make_check_in(athlete, at=now - timedelta(hours=1), soreness=4)
    monkeypatch.setattr(timezone, "now", lambda: now)
    response = reader.get(f"{API}/plan")
    out = io.StringIO()
    call_command("plan", "--user", athlete.username, "--now", now.isoformat(), "--json", stdout=out)
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_no_leg_day_no_plan(reader):
    response = reader.get(f"{API}/plan")
    assert response.status_code == 404
    assert "No leg day" in response.json()["detail"]


# --- Lists: only the caller's own rows -------------------------------------------------------


def test_lists_hold_only_the_callers_rows(athlete, reader):
    other = make_user(username="olga")
    mine = make_workout(athlete, notes="mine", lines=[{"exercise": "Back squat"}])
    make_check_in(athlete, at=mine.ended_at + timedelta(hours=1), soreness=3, note="mine")
    make_run(athlete, workout=mine, note="mine")
    theirs = make_workout(other, notes="theirs")
    make_check_in(other, at=theirs.ended_at + timedelta(hours=1), soreness=3, note="theirs")
    make_run(other, workout=theirs, note="theirs")
    workouts = reader.get(f"{API}/workouts").json()
    assert [w["notes"] for w in workouts] == ["mine"]
    assert workouts[0]["lines"][0]["exercise"] == "Back squat"
    assert workouts[0]["ended_at"].endswith(("+01:00", "+02:00"))  # the athlete's offset
    assert [c["note"] for c in reader.get(f"{API}/checkins").json()] == ["mine"]
    assert [r["note"] for r in reader.get(f"{API}/runs").json()] == ["mine"]


def test_lists_are_paged(athlete, reader):
    for hours in (3, 30, 60):
        make_workout(athlete, ended_at=timezone.now() - timedelta(hours=hours))
    page = reader.get(f"{API}/workouts?limit=2&offset=1").json()
    assert len(page) == 2
    assert reader.get(f"{API}/workouts?limit=0").status_code == 422
    assert reader.get(f"{API}/workouts?limit=201").status_code == 422


def test_workout_list_query_count_is_constant(athlete, reader, django_assert_max_num_queries):
    make_workout(athlete, lines=[{"exercise": "Back squat"}])
    with django_assert_max_num_queries(5) as few:
        reader.get(f"{API}/workouts")
    for hours in range(10, 20):
        make_workout(athlete, ended_at=timezone.now() - timedelta(hours=hours), lines=[{}, {}])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(reader.get(f"{API}/workouts").json()) == 11


# --- Writes: validated by the forms, saved by the services -----------------------------------


def test_create_a_workout_with_lines(athlete, writer):
    response = post(
        writer,
        "/workouts",
        {
            "ended_at": local(2),
            "minutes": 55,
            "rpe": 8,
            "lines": [
                {"exercise": "romanian deadlift", "sets": 3, "reps": 8, "weight_kg": "90.5"},
                {"custom_name": "Sled push", "sets": 4, "reps": 1},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["eccentric_heavy"] is True
    assert [line["exercise"] or line["custom_name"] for line in body["lines"]] == [
        "Romanian deadlift",
        "Sled push",
    ]
    workout = LegWorkout.objects.get(athlete=athlete)
    assert (workout.minutes, workout.rpe, workout.lines.count()) == (55, 8, 2)


def test_a_naive_time_is_read_in_the_athletes_zone(athlete, writer):
    response = post(writer, "/workouts", {"ended_at": "2026-03-28T10:00", "minutes": 60, "rpe": 7})
    assert response.status_code == 201
    assert response.json()["ended_at"] == "2026-03-28T10:00:00+01:00"
    saved = LegWorkout.objects.get(athlete=athlete).ended_at
    assert saved == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)


def test_a_skipped_local_time_is_refused(writer):
    # Berlin skips 02:00-03:00 on 29 March 2026.
    response = post(writer, "/checkins", {"at": "2026-03-29T02:30", "soreness": 3})
    assert response.status_code == 422
    assert "does not exist" in response.json()["errors"]["at"][0]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/workouts", {"ended_at": "2026-01-01T10:00", "minutes": 60, "rpe": 11}, "rpe"),
        ("/workouts", {"ended_at": "2026-01-01T10:00", "minutes": 0, "rpe": 5}, "minutes"),
        ("/workouts", {"ended_at": "2999-01-01T10:00", "minutes": 60, "rpe": 5}, "ended_at"),
        (
            "/workouts",
            {
                "ended_at": "2026-01-01T10:00",
                "minutes": 60,
                "rpe": 5,
                "lines": [{"exercise": "Moon squat", "sets": 3, "reps": 5}],
            },
            "lines.0.exercise",
        ),
        (
            "/workouts",
            {
                "ended_at": "2026-01-01T10:00",
                "minutes": 60,
                "rpe": 5,
                "lines": [{"sets": 3, "reps": 5}],
            },
            "lines.0.__all__",
        ),
        ("/checkins", {"at": "2026-01-01T10:00", "soreness": 12}, "soreness"),
        (
            "/runs",
            {"started_at": "2026-01-01T10:00", "minutes": 20, "rpe": 3, "outcome": "x"},
            "outcome",
        ),
    ],
)
def test_invalid_input_is_a_422_naming_the_field(writer, path, body, field):
    response = post(writer, path, body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not LegWorkout.objects.exists() and not SorenessCheckIn.objects.exists()
    assert not RecoveryRun.objects.exists()


def test_at_most_twenty_lines(writer):
    line = {"exercise": "Back squat", "sets": 3, "reps": 5}
    body = {"ended_at": local(2), "minutes": 60, "rpe": 7, "lines": [line] * 21}
    assert post(writer, "/workouts", body).status_code == 422
    assert not LegWorkout.objects.exists()


def test_a_checkin_is_tied_to_the_latest_workout(athlete, writer):
    workout = make_workout(athlete, ended_at=timezone.now() - timedelta(hours=5))
    response = post(writer, "/checkins", {"at": local(1), "soreness": 4, "legs_heavy": True})
    assert response.status_code == 201
    assert response.json()["workout_id"] == workout.pk
    assert SorenessCheckIn.objects.get(athlete=athlete).legs_heavy is True


def test_a_run_after_the_callers_own_workout(athlete, writer):
    workout = make_workout(athlete, ended_at=timezone.now() - timedelta(hours=5))
    body = {"workout_id": workout.pk, "started_at": local(1), "minutes": 20, "rpe": 3}
    response = post(writer, "/runs", body)
    assert response.status_code == 201
    assert RecoveryRun.objects.get(athlete=athlete).workout == workout


def test_a_run_cannot_name_someone_elses_workout(athlete, writer):
    theirs = make_workout(make_user(username="olga"), ended_at=timezone.now() - timedelta(hours=5))
    body = {"workout_id": theirs.pk, "started_at": local(1), "minutes": 20, "rpe": 3}
    response = post(writer, "/runs", body)
    assert response.status_code == 422
    assert "Select a valid choice" in response.json()["errors"]["workout"][0]
    assert not RecoveryRun.objects.exists()


def test_a_malformed_body_is_a_422(writer):
    response = writer.post(f"{API}/checkins", "not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert post(writer, "/checkins", {"at": "yesterday", "soreness": 3}).status_code == 422


# --- Coaches ---------------------------------------------------------------------------------


def test_coach_rows_list_consenting_athletes_and_are_logged(coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    make_coach_link(coach=coach, athlete=make_user(username="ex"), status="ended")
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    client = TokenClient(make_token(coach))
    rows = client.get(f"{API}/coach/athletes").json()
    assert [(row["username"], row["status"]) for row in rows] == [("ana", "wait")]
    assert rows[0]["recommended_start"] is not None
    client.get(f"{API}/coach/athletes")
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.coach, entry.athlete, entry.page) == (coach, athlete, "api_dashboard")


def test_a_coach_without_athletes_gets_no_rows(coach):
    assert TokenClient(make_token(coach)).get(f"{API}/coach/athletes").json() == []
    assert not AccessLogEntry.objects.exists()


def test_a_coach_reads_a_consenting_athletes_plan(coach, athlete):
    make_coach_link(coach=coach, athlete=athlete)
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    response = TokenClient(make_token(coach)).get(f"{API}/coach/athletes/{athlete.pk}/plan")
    assert response.status_code == 200
    assert response.json()["status"] == "wait"
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.coach, entry.athlete, entry.page) == (coach, athlete, "api_plan")


@pytest.mark.parametrize("status", ["pending", "ended", None])
def test_without_consent_the_athletes_plan_is_a_404(coach, athlete, status):
    if status:
        make_coach_link(coach=coach, athlete=athlete, status=status)
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    client = TokenClient(make_token(coach))
    assert client.get(f"{API}/coach/athletes/{athlete.pk}/plan").status_code == 404
    assert client.get(f"{API}/coach/athletes/999999/plan").status_code == 404
    assert client.get(f"{API}/coach/athletes/{2**70}/plan").status_code in (404, 422)
    assert not AccessLogEntry.objects.exists()


def test_an_athlete_reads_their_own_plan_by_id_unlogged(athlete, reader):
    make_workout(athlete, ended_at=timezone.now() - timedelta(hours=3))
    assert reader.get(f"{API}/coach/athletes/{athlete.pk}/plan").status_code == 200
    assert not AccessLogEntry.objects.exists()


# --- The OpenAPI document and the docs page --------------------------------------------------


def test_the_openapi_document_validates(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["info"]["version"] == "1.0"
    paths = set(spec["paths"])
    assert {"/api/v1/plan", "/api/v1/workouts", "/api/v1/checkins", "/api/v1/runs"} <= paths
    assert "/api/v1/coach/athletes/{athlete_id}/plan" in paths
    schemes = spec["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_the_docs_page_loads_its_assets_locally(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.text
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "Content-Security-Policy" in response.headers
    # Its assets are static files (collected and served by whitenoise like the site's own).
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{asset}"), asset
        assert f"/static/ninja/{asset}" in html
