"""The floor for `make bench`: a bare page behind the whole middleware stack.

Mounted only when LEGDAY_BENCH_FLOOR=1 (never in a normal deployment). Each page's requests
per second are reported as a ratio to this view's, measured in the same run, so a busy or
slow machine shifts both alike.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
