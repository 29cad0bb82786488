"""The settings page's calendar and API token sections, and the views their forms post to."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from integrations import services
from integrations.models import ApiToken, FeedToken
from integrations.settings_section import NEW_TOKEN_SESSION_KEY
from tests.factories import make_coach_link, make_user
from tests.integrations.conftest import TokenClient, make_token

pytestmark = pytest.mark.django_db


def settings_page(client) -> str:
    response = client.get(reverse("settings"))
    assert response.status_code == 200
    return response.text


def test_the_feed_address_is_made_on_the_first_visit(athlete_client, athlete):
    assert not FeedToken.objects.exists()
    page = settings_page(athlete_client)
    secret = FeedToken.objects.get(user=athlete).secret
    webcal = f"webcal://testserver/calendar/{secret}.ics"
    assert f'value="{webcal}"' in page and "readonly" in page
    assert f'href="{webcal}"' in page
    assert f"http://testserver/calendar/{secret}.ics" in page
    assert settings_page(athlete_client).count(secret) == page.count(secret)  # same address
    assert FeedToken.objects.count() == 1


def test_the_copy_button_is_progressive(athlete_client):
    page = settings_page(athlete_client)
    assert 'data-copy-target="feed-url" hidden' in page  # shown by the script only
    assert "/static/integrations/copy.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_the_coach_feed_shows_only_to_coaches(athlete_client, athlete, coach, client):
    assert "athletes.ics" not in settings_page(athlete_client)
    make_coach_link(coach=coach, athlete=athlete)
    client.force_login(coach)
    secret = services.feed_token_for(user=coach).secret
    assert f"webcal://testserver/calendar/{secret}/athletes.ics" in settings_page(client)


def test_regenerating_the_address(athlete_client, athlete):
    old = services.feed_token_for(user=athlete).secret
    response = athlete_client.post(reverse("feed_regenerate"))
    assert response.status_code == 302
    assert response["Location"] == reverse("settings") + "#calendar"
    new = FeedToken.objects.get(user=athlete).secret
    assert new != old
    page = settings_page(athlete_client)
    assert new in page and old not in page
    assert "old one no longer works" in page


def test_creating_a_token_shows_it_once(athlete_client, athlete):
    response = athlete_client.post(
        reverse("api_token_create"), {"name": "  Watch   face ", "scope": "write"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("settings") + "#api-tokens"
    token = ApiToken.objects.get(user=athlete)
    assert (token.name, token.scope) == ("Watch face", "write")
    page = settings_page(athlete_client)
    raw = page.split('id="new-token" value="')[1].split('"')[0]
    assert raw.startswith(token.prefix) and services.hash_api_token(raw) == token.secret_hash
    assert TokenClient(raw).get("/api/v1/workouts").status_code == 200
    again = settings_page(athlete_client)
    assert raw not in again
    assert "Watch face" in again and token.prefix in again
    assert NEW_TOKEN_SESSION_KEY not in athlete_client.session


def test_the_new_token_never_reaches_a_cookie(athlete_client):
    athlete_client.post(reverse("api_token_create"), {"name": "cli", "scope": "read"})
    cookies = json.dumps({k: v.value for k, v in athlete_client.cookies.items()})
    raw_hash = ApiToken.objects.get().secret_hash
    assert "ldp_" not in cookies and raw_hash not in cookies


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "   ", "scope": "read"}, "This field is required"),
        ({"name": "x" * 61, "scope": "read"}, "at most 60 characters"),
        ({"name": "ok", "scope": "admin"}, "Select a valid choice"),
    ],
)
def test_a_bad_token_form_creates_nothing(athlete_client, data, message):
    response = athlete_client.post(reverse("api_token_create"), data, follow=True)
    assert message in response.text
    assert not ApiToken.objects.exists()


def test_the_number_of_active_tokens_is_capped(athlete_client, athlete, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVE_API_TOKENS", 2)
    for name in ("a", "b"):
        make_token(athlete, name=name)
    response = athlete_client.post(
        reverse("api_token_create"), {"name": "c", "scope": "read"}, follow=True
    )
    assert "Revoke one you no longer use first" in response.text
    assert ApiToken.objects.count() == 2


def test_revoking_asks_first_then_kills_the_token(athlete_client, athlete):
    raw = make_token(athlete, name="old script")
    token = ApiToken.objects.get()
    url = reverse("api_token_revoke", args=[token.pk])
    confirm = athlete_client.get(url)
    assert confirm.status_code == 200
    assert "Revoke the token “old script”?" in confirm.text
    assert ApiToken.objects.get().revoked_at is None
    response = athlete_client.post(url)
    assert response["Location"] == reverse("settings") + "#api-tokens"
    assert ApiToken.objects.get().revoked_at is not None
    assert TokenClient(raw).get("/api/v1/workouts").status_code == 401
    page = settings_page(athlete_client)  # shows the message, then the list without it
    assert "Token “old script” revoked" in page
    assert "<strong>old script</strong>" not in settings_page(athlete_client)
    assert athlete_client.post(url).status_code == 404  # already revoked


def test_nobody_else_can_revoke_a_token(client, athlete):
    make_token(athlete)
    token = ApiToken.objects.get()
    client.force_login(make_user(username="olga"))
    url = reverse("api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_settings_query_count_is_bounded(athlete_client, athlete, django_assert_max_num_queries):
    for n in range(5):
        make_token(athlete, name=f"t{n}")
    settings_page(athlete_client)  # the first visit also creates the feed address
    with django_assert_max_num_queries(8):  # 6 today: session, user, MFA, feed, coaching, tokens
        settings_page(athlete_client)
