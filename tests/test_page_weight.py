"""The athlete's dashboard, first load: the page and every stylesheet, script and image it
links, compressed as the server sends them, stay under FIRST_LOAD_BUDGET_KB (issue: glance)."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db
FIRST_LOAD_BUDGET_KB = 120
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"?#]+)')


def compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_the_dashboards_first_load_is_under_the_budget(athlete_client, athlete, settings):
    for days in range(30, 0, -3):
        make_workout(athlete, ended_at=timezone.now() - timedelta(days=days, hours=-18))
    make_check_in(athlete, at=timezone.now() - timedelta(hours=5), soreness=4)
    response = athlete_client.get("/")
    assert response.status_code == 200
    html = response.content
    assets = sorted(set(ASSET.findall(html.decode())))
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    sizes = {"page": compressed_size(html)}
    for url in assets:
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        assert path, f"{url} is linked but not found"
        with open(path, "rb") as file:
            sizes[url] = compressed_size(file.read())
    total_kb = sum(sizes.values()) / 1024
    print(f"first load: {total_kb:.1f} KB compressed", sizes)
    assert total_kb < FIRST_LOAD_BUDGET_KB, sizes
