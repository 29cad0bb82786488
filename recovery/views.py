"""Athlete pages: dashboard, leg workouts, check-ins and recovery runs.

Views are thin: parse input with a form, call one selector or service, render.
Every object is looked up through ``accounts.access`` so a foreign or missing
record is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import own_records
from accounts.http import AuthenticatedHtmxHttpRequest, AuthenticatedHttpRequest, HtmxHttpRequest
from accounts.roles import roles_of
from recovery import page_cache, services, stored_plans
from recovery.forms import (
    CheckInForm,
    ExerciseLineFormSet,
    LegWorkoutForm,
    RecoveryRunForm,
    formset_is_eccentric_heavy,
    formset_with_extra_line,
)
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn
from recovery.planner import SessionInput
from recovery.planning import (
    PlannedSession,
    athlete_dashboard_data,
    check_in_input,
    plan_for_athlete,
)
from recovery.queries import workouts_with_details

if TYPE_CHECKING:
    from recovery.forms import ExerciseLineFormSetType

PAGE_SIZE = 20
LINES_PREFIX = "lines"


MAX_ID_DIGITS = 18  # every 18-digit number fits a 64-bit primary key


def _id_param(request: HttpRequest, name: str) -> int | None:
    """An optional numeric id from the query string; anything else is a 404."""
    raw = request.GET.get(name)
    if not raw:
        return None
    # Bounded before int(): a 4,301-digit string would raise ValueError (a 500).
    if len(raw) > MAX_ID_DIGITS or not (raw.isascii() and raw.isdigit()):
        raise Http404(f"Bad {name} id.")
    return int(raw)


def _paginated_list(request: HttpRequest, queryset: QuerySet[Model], template: str) -> HttpResponse:
    """A page of ``queryset`` (newest first, PAGE_SIZE rows) rendered with ``template``."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page})


def _confirm_delete(
    request: HttpRequest,
    obj: Model,
    *,
    kind: str,
    delete: Callable[[], None],
    done_url: str,
    cancel_url: str,
    **extra: str,
) -> HttpResponse:
    """GET: ask before deleting ``obj``; POST: call ``delete`` and go to ``done_url``."""
    if request.method == "POST":
        delete()
        messages.success(request, f"{kind[0].upper()}{kind[1:]} deleted.")
        return redirect(done_url)
    return render(
        request,
        "recovery/confirm_delete.html",
        {"object": obj, "kind": kind, "cancel_url": cancel_url, **extra},
    )


@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "recovery/landing.html")
    athlete = request.user
    landing = roles_of(athlete).landing_url  # a coach with no leg days of their own
    if landing is not None and not request.htmx:
        return redirect(landing)
    now = timezone.now()

    def context() -> dict[str, object]:
        data = athlete_dashboard_data(athlete=athlete, now=now)
        return {"data": data, "planned": data.planned, "checkin_form": CheckInForm(athlete=athlete)}

    if request.htmx:
        return render(request, "recovery/dashboard.html#plan", context())
    revision, has_leg_day = stored_plans.revision_of(athlete=athlete, now=now)
    if not has_leg_day:  # the welcome page: cheap, and it greets by name
        return render(request, "recovery/dashboard.html", context())
    body = page_cache.fragment(
        request,
        key=lambda: ("dashboard", athlete.pk, revision, athlete.timezone),
        draw=lambda: render_to_string(
            "recovery/dashboard.html#body", {**context(), **page_cache.render_context()}, request
        ),
    )
    return render(request, "recovery/dashboard.html", {"body": body})


# --- Leg workouts ---------------------------------------------------------------------------


def _own_workout(request: AuthenticatedHttpRequest, pk: int) -> LegWorkout:
    workouts: QuerySet[LegWorkout] = own_records(request.user, LegWorkout.objects.all())
    return get_object_or_404(workouts_with_details(workouts), pk=pk)


@login_required
@require_safe
def workout_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    workouts = own_records(request.user, LegWorkout.objects.all())
    return _paginated_list(
        request, workouts.prefetch_related("lines__exercise"), "recovery/workout_list.html"
    )


@login_required
@require_safe
def workout_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workout = _own_workout(request, pk)
    planned = plan_for_athlete(athlete=request.user, now=timezone.now(), focus=workout.ended_at)
    runs = workout.runs.all()
    return render(
        request,
        "recovery/workout_detail.html",
        {"workout": workout, "planned": planned, "runs": runs},
    )


def _line_changes(lines: ExerciseLineFormSetType) -> services.ExerciseLineChanges:
    """A valid lines formset read as ``formset.save()`` reads it: existing lines ticked for
    deletion or edited, and new rows that were filled in and not ticked."""
    changed: dict[int, services.ExerciseLineValues] = {}
    deleted: set[int] = set()
    for line_form in lines.initial_forms:
        pk = line_form.instance.pk
        if pk is None:  # not (or no longer) one of this workout's lines
            continue
        if line_form.cleaned_data.get("DELETE"):
            deleted.add(pk)
        elif line_form.has_changed():
            changed[pk] = line_form.values()
    added = [
        line_form.values()
        for line_form in lines.extra_forms
        if line_form.has_changed() and not line_form.cleaned_data.get("DELETE")
    ]
    return services.ExerciseLineChanges(added=added, changed=changed, deleted=deleted)


def _workout_form_page(
    request: AuthenticatedHtmxHttpRequest, workout: LegWorkout | None
) -> HttpResponse:
    instance = workout or LegWorkout(athlete=request.user)
    data = request.POST if request.method == "POST" else None
    form = LegWorkoutForm(data, instance=instance, athlete=request.user)
    lines: ExerciseLineFormSetType
    if request.method == "POST" and "add_line" in request.POST:
        lines = formset_with_extra_line(ExerciseLineFormSet, request.POST, instance=instance)
        if request.htmx:
            return render(request, "recovery/workout_form.html#lines", {"lines": lines})
    else:
        lines = ExerciseLineFormSet(data, instance=instance, prefix=LINES_PREFIX)
        saving = request.method == "POST" and "preview" not in request.POST
        if saving and form.is_valid() and lines.is_valid():
            form.claim_token()
            values, changes = form.values(), _line_changes(lines)
            if workout is None:
                saved = services.workout_create(
                    athlete=request.user, values=values, lines=changes.added
                )
            else:
                saved = services.workout_update(workout=workout, values=values, lines=changes)
            messages.success(request, "Leg day saved. Here is your plan.")
            return redirect("workout_detail", pk=saved.pk)
    planned = _preview(request, form, lines, workout) if request.method == "POST" else None
    return render(
        request,
        "recovery/workout_form.html",
        {"form": form, "lines": lines, "workout": workout, "planned": planned},
    )


@login_required
@require_http_methods(["GET", "POST"])
def workout_create(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    return _workout_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def workout_edit(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    return _workout_form_page(request, _own_workout(request, pk))


def _preview(
    request: AuthenticatedHttpRequest,
    form: LegWorkoutForm,
    lines: ExerciseLineFormSetType,
    workout: LegWorkout | None,
) -> PlannedSession | None:
    """The plan for the values typed so far, or None while the form has errors."""
    if not (form.is_valid() and lines.is_valid()):
        return None
    values = form.values()
    typed = SessionInput(
        ended_at=values.ended_at,
        rpe=values.rpe,
        minutes=values.minutes,
        eccentric_heavy=formset_is_eccentric_heavy(lines),
    )
    return plan_for_athlete(
        athlete=request.user,
        now=timezone.now(),
        typed_session=typed,
        exclude_workout_pk=workout.pk if workout else None,
    )


@login_required
@require_POST
def workout_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: the plan card and chart for the workout form's current values. Saves nothing."""
    workout_id = _id_param(request, "workout")
    workout = _own_workout(request, workout_id) if workout_id is not None else None
    instance = workout or LegWorkout(athlete=request.user)
    form = LegWorkoutForm(request.POST, instance=instance, athlete=request.user, preview=True)
    lines = ExerciseLineFormSet(
        request.POST, instance=instance, prefix=LINES_PREFIX, form_kwargs={"preview": True}
    )
    planned = _preview(request, form, lines, workout)
    return render(
        request,
        "recovery/workout_form.html#preview",
        {"form": form, "lines": lines, "planned": planned, "workout": workout},
    )


@login_required
@require_http_methods(["GET", "POST"])
def workout_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workout = _own_workout(request, pk)
    return _confirm_delete(
        request,
        workout,
        kind="leg day",
        delete=lambda: services.workout_delete(workout=workout),
        done_url=reverse("workout_list"),
        cancel_url=workout.get_absolute_url(),
        consequence="Its exercise lines go with it; check-ins and runs stay in history.",
    )


# --- Soreness check-ins ---------------------------------------------------------------------


def _own_check_in(request: AuthenticatedHttpRequest, pk: int) -> SorenessCheckIn:
    check_ins: QuerySet[SorenessCheckIn] = own_records(request.user, SorenessCheckIn.objects.all())
    return get_object_or_404(check_ins, pk=pk)


@login_required
@require_safe
def checkin_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_ins = own_records(request.user, SorenessCheckIn.objects.all())
    return _paginated_list(
        request, check_ins.select_related("workout"), "recovery/checkin_list.html"
    )


def _checkin_form_page(
    request: AuthenticatedHttpRequest, check_in: SorenessCheckIn | None
) -> HttpResponse:
    instance = check_in or SorenessCheckIn(athlete=request.user)
    form = CheckInForm(request.POST or None, instance=instance, athlete=request.user)
    saving = request.method == "POST" and "preview" not in request.POST
    if saving and form.is_valid():
        form.claim_token()
        values = form.values()
        if check_in is None:
            services.checkin_create(athlete=request.user, values=values)
        else:
            services.checkin_update(check_in=check_in, values=values)
        messages.success(request, "Check-in saved. Your plan is up to date.")
        return redirect("home")
    planned = _checkin_preview(request, form, check_in) if request.method == "POST" else None
    return render(
        request,
        "recovery/checkin_form.html",
        {"form": form, "check_in": check_in, "planned": planned},
    )


def _checkin_preview(
    request: AuthenticatedHttpRequest, form: CheckInForm, check_in: SorenessCheckIn | None
) -> PlannedSession | None:
    """The plan as if the typed check-in were saved (None while the form has errors)."""
    if not form.is_valid():
        return None
    unsaved: SorenessCheckIn = form.save(commit=False)
    unsaved.pk = None  # being typed: it counts as the newest of its minute
    return plan_for_athlete(
        athlete=request.user,
        now=max(timezone.now(), unsaved.at),
        typed_check_in=check_in_input(unsaved),
        exclude_check_in_pk=check_in.pk if check_in else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _checkin_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _checkin_form_page(request, _own_check_in(request, pk))


@login_required
@require_POST
def checkin_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: the plan as if this check-in were saved. Saves nothing."""
    check_in_id = _id_param(request, "check_in")
    check_in = _own_check_in(request, check_in_id) if check_in_id is not None else None
    instance = check_in or SorenessCheckIn(athlete=request.user)
    form = CheckInForm(request.POST, instance=instance, athlete=request.user, preview=True)
    planned = _checkin_preview(request, form, check_in)
    return render(
        request,
        "recovery/checkin_form.html#preview",
        {"form": form, "planned": planned, "check_in": check_in},
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check_in = _own_check_in(request, pk)
    return _confirm_delete(
        request,
        check_in,
        kind="check-in",
        delete=lambda: services.checkin_delete(check_in=check_in),
        done_url=reverse("checkin_list"),
        cancel_url=reverse("checkin_list"),
    )


# --- Recovery runs --------------------------------------------------------------------------


def _own_run(request: AuthenticatedHttpRequest, pk: int) -> RecoveryRun:
    runs: QuerySet[RecoveryRun] = own_records(request.user, RecoveryRun.objects.all())
    return get_object_or_404(runs, pk=pk)


@login_required
@require_safe
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    runs = own_records(request.user, RecoveryRun.objects.all())
    return _paginated_list(request, runs.select_related("workout"), "recovery/run_list.html")


def _run_form_page(request: AuthenticatedHttpRequest, run: RecoveryRun | None) -> HttpResponse:
    instance = run or RecoveryRun(athlete=request.user)
    form = RecoveryRunForm(request.POST or None, instance=instance, athlete=request.user)
    if request.method == "POST" and form.is_valid():
        form.claim_token()
        if run is None:
            services.run_create(athlete=request.user, values=form.values())
        else:
            services.run_update(run=run, values=form.values())
        messages.success(request, "Recovery run saved.")
        return redirect("run_list")
    return render(request, "recovery/run_form.html", {"form": form, "run": run})


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _run_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def run_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _run_form_page(request, _own_run(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def run_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = _own_run(request, pk)
    return _confirm_delete(
        request,
        run,
        kind="recovery run",
        delete=lambda: services.run_delete(run=run),
        done_url=reverse("run_list"),
        cancel_url=reverse("run_list"),
    )
