"""The export names the calendar feed and API tokens, never their secrets; deleting the
account removes them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations import services
from integrations.models import ApiToken, FeedToken
from tests.factories import DEFAULT_PASSWORD
from tests.integrations.conftest import TokenClient, make_token

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_the_export_lists_tokens_without_secrets(athlete_client, athlete):
    secret = services.feed_token_for(user=athlete).secret
    raw = make_token(athlete, name="watch", scope="write")
    revoked = make_token(athlete, name="old")
    TokenClient(raw).get("/api/v1/runs")
    services.api_token_revoke(token=ApiToken.objects.get(name="old"), now=timezone.now())
    response = athlete_client.get(reverse("account_export"))
    data = response.json()
    assert len(data["calendar_feed"]) == 1
    tokens = {t["name"]: t for t in data["api_tokens"]}
    assert tokens["watch"]["scope"] == "write" and tokens["watch"]["last_used_at"]
    assert tokens["old"]["revoked_at"] is not None
    archive = zipfile.ZipFile(io.BytesIO(athlete_client.get(reverse("account_export_csv")).content))
    assert {"calendar_feed.csv", "api_tokens.csv"} <= set(archive.namelist())
    text = response.content.decode() + "".join(
        archive.read(name).decode() for name in archive.namelist()
    )
    for hidden in (secret, raw, revoked, *ApiToken.objects.values_list("secret_hash", flat=True)):
        assert hidden not in text
    schema = (ROOT / "docs" / "data-export.md").read_text()
    assert "`calendar_feed`" in schema and "`api_tokens`" in schema


def test_deleting_the_account_removes_feed_and_tokens(athlete_client, athlete):
    secret = services.feed_token_for(user=athlete).secret
    raw = make_token(athlete)
    response = athlete_client.post(reverse("account_delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert not FeedToken.objects.exists() and not ApiToken.objects.exists()
    assert athlete_client.get(reverse("calendar_feed", args=[secret])).status_code == 404
    assert TokenClient(raw).get("/api/v1/runs").status_code == 401
    assert json.dumps(list(ApiToken.objects.values())) == "[]"
