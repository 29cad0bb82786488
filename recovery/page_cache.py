"""Dashboards rendered at most once a minute for each version of the data they show.

The athlete's dashboard and the coach's list of athletes are read far more often than the data
behind them change, and most of their cost is drawing the same HTML again. `fragment` keeps the
rendered body in the cache under a key made of

- what the page shows: the viewer and the version of the data (the stored plan's
  ``revision``, a new random number on every write and every stale mark; for a coach, the
  version of their list, one row that every link change and every athlete's plan change
  moves, see `coaching.list_versions`);
- the minute: the verdict's "in 2 h 10 min", the chart's now-line and the quick check-in's
  default time move with the clock, so a body is served only within the minute it was drawn;
- the release: a digest of the code and templates, so a deploy never serves an old layout;
- the CSRF slot (below), so a new SECRET_KEY never serves a body drawn under the old one.

A write changes the version, so the next view draws the page again at once; what depends on
the clock alone is at most a minute old. Nothing per request is stored: the CSRF token is drawn
as a slot (a keyed digest of the SECRET_KEY, which no user input can spell and no page shows)
and each response puts the requester's own token in its place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

MINUTE = 60
_SOURCES = ("accounts", "coaching", "config", "imports", "integrations", "recovery", "templates")


@cache
def release() -> str:
    """A digest of the code and templates that draw pages (read once per process)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for top in _SOURCES:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def csrf_slot() -> str:
    """Where a cached body's CSRF token goes: letters and digits no escaping changes."""
    digest = salted_hmac("legday.page_cache.csrf_slot", "slot", algorithm="sha256")
    return "csrfslot" + digest.hexdigest()[:24]


def render_context() -> dict[str, Any]:
    """Context for drawing a body to be cached: ``{% csrf_token %}`` draws the slot."""
    return {"csrf_token": csrf_slot()}


def current_minute() -> int:
    """The minute a body is drawn in and served for (minutes since the epoch)."""
    return int(timezone.now().timestamp() // MINUTE)


def _key(parts: Iterable[object]) -> str:
    # The slot too: a new SECRET_KEY gives a new slot, which old bodies do not carry.
    raw = "\x1f".join(str(p) for p in (release(), csrf_slot(), current_minute(), *parts))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def fragment(
    request: HttpRequest,
    *,
    key: Callable[[], Iterable[object]],
    draw: Callable[[], str],
    prepare: Callable[[], object] | None = None,  # truthy: it changed the data
) -> SafeString:
    """The body for ``key()`` in this minute, drawn by ``draw`` (with `render_context`) when not
    cached.

    ``prepare``, if given, runs on a miss before the body is drawn: it brings the data up to
    date and returns whether it changed anything (recomputing stale plans moves the version).
    If it did, the key is read again, so that the body is stored under the version it shows
    and the next view finds it."""
    if not settings.PAGE_CACHE:
        if prepare is not None:
            prepare()
        html = draw()
    else:
        cache_key = _key(key())
        html = django_cache.get(cache_key)
        if html is None and prepare is not None and prepare():
            cache_key = _key(key())
            html = django_cache.get(cache_key)
        if html is None:
            html = draw()
            django_cache.set(cache_key, html, MINUTE)
    return mark_safe(html.replace(csrf_slot(), get_token(request)))
