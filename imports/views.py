"""The import pages: upload a file; review what it holds; import it.

A lifting export goes upload -> preview (what will be created, what is skipped and why, an
RPE or duration input for each session whose file lacks it) -> import (one transaction). A
watch file goes upload -> the run form, prefilled from the file, asking how the legs felt and
saying whether the run kept to the plan -> save. Nothing is stored before the athlete
confirms; every write goes through ``imports.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from imports import services
from imports.formats import MAX_UPLOAD_BYTES, FileRefused, Format
from imports.forms import (
    EXPIRED,
    MAX_PAYLOAD_CHARS,
    MaxHeartRateForm,
    ReviewForm,
    RunImportForm,
    UploadForm,
    sign_run,
    sign_sessions,
    unsign_sessions,
)
from imports.lifting_csv import parse_lifting_csv
from imports.plan_check import PlanCheck, check_run
from imports.watch_files import parse_watch_file
from recovery.planning import plan_for_athlete
from recovery.queries import latest_workout_before

UPLOAD_TEMPLATE = "imports/upload.html"
# A request body larger than this is refused before Django reads it (the file plus the form).
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


def _declared_length(request: AuthenticatedHttpRequest) -> int:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST" and _declared_length(request) > MAX_REQUEST_BYTES:
        form = UploadForm()
        too_large = f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        return render(request, UPLOAD_TEMPLATE, {"form": form, "too_large": too_large}, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        format, data = form.cleaned_data["file"]
        try:
            if format.is_watch_file:
                return _run_review(request, data, format)
            return _lifting_preview(request, data, format, pounds=form.cleaned_data["pounds"])
        except FileRefused as refused:
            form.add_error("file", str(refused))
    return render(request, UPLOAD_TEMPLATE, {"form": form})


def _lifting_preview(
    request: AuthenticatedHttpRequest, data: bytes, format: Format, *, pounds: bool
) -> HttpResponse:
    athlete = request.user
    parsed = parse_lifting_csv(
        data,
        format=format,
        tz=athlete.zone,
        now=timezone.now(),
        catalogue=services.catalogue(),
        pounds=pounds,
    )
    there = services.already_there(athlete=athlete, sessions=parsed.sessions)
    new = [s for s in parsed.sessions if s.key not in there]
    already = [s for s in parsed.sessions if s.key in there]
    payload = sign_sessions(user=athlete, format=format, sessions=new)
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise FileRefused(
            f"This file holds {len(new)} new leg days, too many to review on one page: import "
            "it with `manage.py import` (see the README), or export a shorter period."
        )
    form = ReviewForm(initial={"payload": payload}, sessions=new)
    return _review_page(request, form, format=format, already=already, parsed=parsed)


def _review_page(
    request: AuthenticatedHttpRequest,
    form: ReviewForm,
    *,
    format: Format,
    already: Any = (),
    parsed: Any = None,
) -> HttpResponse:
    return render(
        request,
        "imports/review.html",
        {
            "form": form,
            "format": format,
            "already": already,
            "skipped": parsed.skipped if parsed else [],
            "errors": parsed.errors if parsed else [],
        },
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import the reviewed leg days: all in one transaction, or none."""
    athlete = request.user
    try:
        format, sessions = unsign_sessions(
            request.POST.get("payload", ""), user=athlete, tz=athlete.zone
        )
    except signing.BadSignature:
        messages.error(request, EXPIRED)
        return redirect("import_upload")
    form = ReviewForm(request.POST, sessions=sessions)
    if not form.is_valid():
        return _review_page(request, form, format=format)
    try:
        result = services.lifting_import(
            athlete=athlete, sessions=form.completed_sessions(), source=format
        )
    except IntegrityError:  # the same preview confirmed twice at once: the other one saved it
        messages.info(request, "These leg days were already imported.")
        return redirect("workout_list")
    created, already = len(result.created), len(result.already)
    if created:
        messages.success(
            request,
            f"Imported {created} leg day{'s' if created != 1 else ''}"
            + (f" ({already} already there)" if already else "")
            + ". Here is your plan.",
        )
    else:
        messages.info(request, "Nothing new to import: these leg days are already in Legday.")
    return redirect("home")


# --- Runs ------------------------------------------------------------------------------------


def _plan_check(request: AuthenticatedHttpRequest, form: RunImportForm) -> PlanCheck | None:
    """Whether the run as typed kept to the plan (None while the form has errors)."""
    if not form.is_valid():
        return None
    cleaned = form.cleaned_data
    planned = plan_for_athlete(athlete=request.user, now=cleaned["started_at"])
    return check_run(
        plan=None if planned is None else planned.plan,
        started_at=cleaned["started_at"],
        minutes=cleaned["minutes"],
        avg_hr=cleaned["avg_hr"],
        max_hr=cleaned["max_heart_rate"],
        tz=request.user.zone,
    )


def _run_review(request: AuthenticatedHttpRequest, data: bytes, format: Format) -> HttpResponse:
    athlete = request.user
    run = parse_watch_file(data, format=format, now=timezone.now())
    started = timezone.localtime(run.started_at, athlete.zone).replace(second=0, microsecond=0)
    if services.run_already_there(athlete=athlete, key=run.key, started_at=started):
        raise FileRefused(
            f"The run of {started:%a %d %b %Y %H:%M} is already in Legday: nothing to import."
        )
    workout = latest_workout_before(athlete=athlete, moment=started)
    initial = {
        "import_token": sign_run(user=athlete, key=run.key, format=format),
        "started_at": started,
        "minutes": run.minutes,
        "distance_km": run.distance_km,
        "avg_hr": run.avg_hr,
        "workout": workout.pk if workout else None,
    }
    form = RunImportForm(initial=initial, athlete=athlete)
    planned = plan_for_athlete(athlete=athlete, now=started)
    check = check_run(
        plan=None if planned is None else planned.plan,
        started_at=started,
        minutes=run.minutes,
        avg_hr=run.avg_hr,
        max_hr=athlete.max_heart_rate,
        tz=athlete.zone,
    )
    return render(
        request, "imports/run_form.html", {"form": form, "check": check, "format": format}
    )


@login_required
@require_POST
def run_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = request.user
    form = RunImportForm(request.POST, athlete=athlete)
    check = _plan_check(request, form)
    if check is None:
        return render(request, "imports/run_form.html", {"form": form, "check": None})
    form.claim_token()
    cleaned = form.cleaned_data
    key, format = cleaned["import_token"]
    values = form.values()
    try:
        saved = services.run_import(athlete=athlete, key=key, source=format, values=values)
    except IntegrityError:
        saved = None
    if saved is None:
        messages.info(request, "This run was already imported.")
        return redirect("run_list")
    services.max_heart_rate_set(athlete=athlete, value=cleaned["max_heart_rate"])
    if check.kept:
        messages.success(request, f"Run imported. {check.summary}")
    else:
        messages.warning(request, f"Run imported. {check.summary}")
    return redirect("run_list")


@login_required
@require_POST
def heart_rate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The settings page's heart-rate section: save (or forget) the maximum heart rate."""
    form = MaxHeartRateForm(request.POST)
    if form.is_valid():
        value = form.cleaned_data["max_heart_rate"]
        services.max_heart_rate_set(athlete=request.user, value=value)
        messages.success(
            request,
            "Maximum heart rate saved." if value is not None else "Maximum heart rate removed.",
        )
    else:
        errors = "; ".join(str(e) for e in form.errors.get("max_heart_rate", []))
        messages.error(request, f"Maximum heart rate not saved: {errors}")
    return redirect(reverse("settings") + "#heart-rate")
