"""HEAD works wherever GET does (uptime monitors use it): every GET-only page allows it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_head_on_the_landing_page_is_200_with_no_body(client):
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    "url", ["/", "/workouts/", "/checkins/", "/runs/", "/sharing/", "/coach/", "/accounts/export/"]
)
def test_head_on_signed_in_pages_matches_get(athlete_client, url):
    assert athlete_client.head(url).status_code == athlete_client.get(url).status_code == 200
