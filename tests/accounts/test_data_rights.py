"""Data rights: the export holds every kind of row Legday keeps about a person, and
deleting the account leaves none of them (issue 10, finding 6)."""

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.data_rights import csv_cell, sections_as_csv_zip
from accounts.models import SignInRecord
from coaching.models import AccessLogEntry, CoachLink, LinkInvitation
from recovery.models import ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn
from tests.factories import DEFAULT_PASSWORD, make_coach_link, make_user
from tests.recovery.factories import make_check_in, make_line, make_run, make_workout

pytestmark = pytest.mark.django_db
User = get_user_model()
ROOT = Path(__file__).resolve().parents[2]


def full_person(client):
    """An athlete (who also coaches) with one row of every kind, and the other parties."""
    now = timezone.now().replace(microsecond=0)
    person = make_user(username="pat", first_name="Pat")
    coach = make_user(username="cora", first_name="Cora")
    athlete = make_user(username="abe", first_name="Abe")
    workout = make_workout(person, ended_at=now - timedelta(hours=5), notes="squats")
    make_line(workout, exercise="Back squat", sets=5, reps=5)
    make_check_in(person, at=now - timedelta(hours=1), soreness=4, note="tight quads")
    make_run(person, workout=workout, minutes=20, note="easy")
    make_coach_link(coach=coach, athlete=person)  # pat is coached
    make_coach_link(coach=person, athlete=athlete)  # pat coaches
    AccessLogEntry.objects.create(coach=coach, athlete=person, page="dashboard", path="/coach/")
    AccessLogEntry.objects.create(coach=person, athlete=athlete, page="plan", path="/coach/x/")
    LinkInvitation.objects.create(sender=person, sender_side="athlete", identifier="ghost@x.io")
    TOTP.activate(person, generate_totp_secret())
    client.post(reverse("account_login"), {"login": "pat", "password": DEFAULT_PASSWORD})
    if "_auth_user_id" not in client.session:  # TOTP asks for a code: sign in directly
        client.force_login(person)
    # The other parties' own rows, which must survive pat's deletion.
    make_workout(coach, ended_at=now - timedelta(hours=7))
    AccessLogEntry.objects.create(coach=coach, athlete=athlete, page="dashboard", path="/coach/")
    return person, coach, athlete


def test_export_holds_every_kind_of_row(client):
    person, _, _ = full_person(client)
    client.force_login(person)
    data = client.get(reverse("account_export")).json()
    assert data["schema_version"] == 1
    assert data["profile"][0]["username"] == "pat"
    assert data["email_addresses"][0]["email"] == person.email
    assert [a["type"] for a in data["two_factor"]] == ["totp"]
    assert [w["notes"] for w in data["workouts"]] == ["squats"]
    assert [line["exercise"] for line in data["exercise_lines"]] == ["Back squat"]
    assert [c["note"] for c in data["check_ins"]] == ["tight quads"]
    assert [r["note"] for r in data["recovery_runs"]] == ["easy"]
    roles = {(link["my_role"], link["other_party"]) for link in data["coach_links"]}
    assert roles == {("athlete", "cora"), ("coach", "abe")}
    assert [(v["coach"], v["page"]) for v in data["coach_views_of_my_data"]] == [
        ("cora", "dashboard")
    ]
    assert [(v["athlete"], v["page"]) for v in data["my_views_as_coach"]] == [("abe", "plan")]
    assert [i["to"] for i in data["invitations_sent"]] == ["ghost@x.io"]
    assert len(data["sign_ins"]) >= 1
    assert "athlete" not in json.dumps(data["profile"])  # nobody else's profile


def test_schema_document_names_every_section(client):
    person, _, _ = full_person(client)
    client.force_login(person)
    data = client.get(reverse("account_export")).json()
    schema = (ROOT / "docs" / "data-export.md").read_text()
    for section in data:
        assert f"`{section}`" in schema, section


def test_csv_zip_has_one_file_per_section(client):
    person, _, _ = full_person(client)
    client.force_login(person)
    response = client.get(reverse("account_export_csv"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "workouts.csv" in archive.namelist()
    assert "coach_views_of_my_data.csv" in archive.namelist()
    rows = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode())))
    assert rows[0]["note"] == "tight quads"


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
def test_csv_cells_never_start_a_formula(cell):
    assert csv_cell(cell).startswith("'")
    content = sections_as_csv_zip({"notes": [{"note": cell}]})
    text = zipfile.ZipFile(io.BytesIO(content)).read("notes.csv").decode()
    for line in text.splitlines()[1:]:
        assert not line.lstrip('"').startswith(("=", "+", "-", "@"))


def test_deleting_the_person_removes_everything_of_theirs(client):
    person, coach, athlete = full_person(client)
    client.force_login(person)
    response = client.post(reverse("account_delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    pk = person.pk
    assert not User.objects.filter(pk=pk).exists()
    for model, field in [
        (LegWorkout, "athlete"),
        (SorenessCheckIn, "athlete"),
        (RecoveryRun, "athlete"),
        (LinkInvitation, "sender"),
        (SignInRecord, "user"),
        (EmailAddress, "user"),
        (Authenticator, "user"),
    ]:
        assert not model.objects.filter(**{f"{field}_id": pk}).exists(), model.__name__
    assert not ExerciseLine.objects.filter(workout__athlete_id=pk).exists()
    assert not CoachLink.objects.filter(coach_id=pk).exists()
    assert not CoachLink.objects.filter(athlete_id=pk).exists()
    assert not AccessLogEntry.objects.filter(athlete_id=pk).exists()
    # No row anywhere still points at the deleted account.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is User and field.concrete:
                assert not model._default_manager.filter(**{field.attname: pk}).exists(), (
                    f"{model.__name__}.{field.name}"
                )
    # The other parties keep their own rows; the athlete pat coached keeps the record
    # that pat viewed their data, shown as a deleted account.
    assert LegWorkout.objects.filter(athlete=coach).exists()
    assert AccessLogEntry.objects.filter(coach=coach, athlete=athlete).exists()
    kept = AccessLogEntry.objects.get(athlete=athlete, page="plan")
    assert kept.coach is None
    assert kept.coach_name == "deleted account"


def test_athletes_see_a_deleted_coach_as_deleted_account(client):
    athlete = make_user(username="abe")
    coach = make_user(username="cora", first_name="Cora")
    AccessLogEntry.objects.create(coach=coach, athlete=athlete, page="dashboard", path="/coach/")
    coach.delete()
    client.force_login(athlete)
    page = client.get(reverse("sharing")).text
    assert "Coach deleted account viewed your dashboard" in " ".join(page.split())
    export = client.get(reverse("account_export")).json()
    assert export["coach_views_of_my_data"][0]["coach"] == "deleted account"


def test_accounts_imports_nothing_from_other_apps():
    for path in (ROOT / "accounts").rglob("*.py"):
        text = path.read_text()
        assert "from recovery" not in text and "import recovery" not in text, path
