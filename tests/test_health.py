"""`/healthz`: 200 when the database and cache answer, 503 otherwise; anonymous, no redirect,
no host check, no data."""

from __future__ import annotations

import pytest

from config import health

pytestmark = pytest.mark.django_db


def test_healthy_is_200_ok_and_shows_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert client.head("/healthz").status_code == 200


def test_a_probe_over_plain_http_from_any_host_gets_no_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["legday.example.com"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # others still checked


def test_an_unreachable_database_or_cache_is_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"unavailable")
    monkeypatch.undo()
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)
    assert client.get("/healthz").status_code == 503


def test_only_the_exact_path_and_safe_methods(client):
    assert client.post("/healthz").status_code == 404  # not a page: only probes are answered
    assert client.get("/healthz/").status_code == 404
