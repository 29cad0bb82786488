"""Ids from the query string are bounded before int(): absurd ones are 404s, not 500s."""

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HUGE = "9" * 4301  # int() of more than 4,300 digits raises ValueError


@pytest.mark.parametrize(
    ("path", "name"),
    [("/workouts/preview/", "workout"), ("/checkins/preview/", "check_in")],
)
@pytest.mark.parametrize("raw", [HUGE, "1" * 19, "١٢", "12abc"])
def test_bad_id_in_query_is_404(athlete_client, path, name, raw):
    response = athlete_client.post(f"{path}?{name}={raw}", {}, headers=HTMX)
    assert response.status_code == 404


def test_unknown_but_plausible_id_is_404(athlete_client):
    response = athlete_client.post("/workouts/preview/?workout=123456789012345678", {})
    assert response.status_code == 404
