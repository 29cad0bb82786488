"""Branded error pages with a way home, as served with DEBUG off (the test runner's default)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_branded_404_with_a_way_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert "We can't find that page" in html or "We can&#x27;t find that page" in html
    assert 'href="/">Back to Legday</a>' in html


@pytest.mark.parametrize(
    ("view", "status", "words"),
    [
        (lambda r: defaults.bad_request(r, ValueError()), 400, "didn"),
        (lambda r: defaults.permission_denied(r, PermissionDenied()), 403, "you can do here"),
        (lambda r: defaults.server_error(r), 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_offer_a_way_home(view, status, words):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    assert "Back to Legday" in html
