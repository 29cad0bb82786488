"""`/healthz` for load balancers: 200 when the database and the cache answer, 503 otherwise.

It is answered by the first middleware, before the HTTPS redirect, the host check, sessions
and authentication, so a plain-HTTP probe to an app server's own address works. It shows no
data: a word, and the status code.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

PATH = "/healthz"


def reachable() -> bool:
    """The database runs a query and the cache stores and returns a value."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        probe = f"healthz-{uuid.uuid4().hex}"
        cache.set(probe, "1", timeout=5)
        ok = cache.get(probe) == "1"
        cache.delete(probe)
        return ok
    except Exception:  # any failure to reach either is "unavailable", never a 500
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        healthy = reachable()
        response = HttpResponse(
            "ok" if healthy else "unavailable",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        return response
