"""Athlete pages: dashboard, leg workouts, check-ins and recovery runs.

Views are thin: parse input with a form, call one selector or service, render.
Every object is looked up through ``accounts.access`` so a foreign or missing
record is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import own_records
from recovery import services
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
from recovery.planning import athlete_dashboard_data, check_in_input, plan_for_athlete
from recovery.queries import workouts_with_details

PAGE_SIZE = 20
LINES_PREFIX = "lines"


MAX_ID_DIGITS = 18  # every 18-digit number fits a 64-bit primary key


def _id_param(request, name: str) -> int | None:
    """An optional numeric id from the query string; anything else is a 404."""
    raw = request.GET.get(name)
    if not raw:
        return None
    # Bounded before int(): a 4,301-digit string would raise ValueError (a 500).
    if len(raw) > MAX_ID_DIGITS or not (raw.isascii() and raw.isdigit()):
        raise Http404(f"Bad {name} id.")
    return int(raw)


def _paginated_list(request, queryset, template: str):
    """A page of ``queryset`` (newest first, PAGE_SIZE rows) rendered with ``template``."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page})


def _confirm_delete(request, obj, *, kind: str, delete, done_url: str, cancel_url: str, **extra):
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


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "recovery/landing.html")
    data = athlete_dashboard_data(athlete=request.user, now=timezone.now())
    context = {
        "data": data,
        "planned": data.planned,
        "checkin_form": CheckInForm(athlete=request.user),
    }
    if request.htmx:
        return render(request, "recovery/dashboard.html#plan", context)
    return render(request, "recovery/dashboard.html", context)


# --- Leg workouts ---------------------------------------------------------------------------


def _own_workout(request, pk: int) -> LegWorkout:
    return get_object_or_404(
        workouts_with_details(own_records(request.user, LegWorkout.objects)), pk=pk
    )


@login_required
@require_GET
def workout_list(request):
    workouts = own_records(request.user, LegWorkout.objects).prefetch_related("lines__exercise")
    return _paginated_list(request, workouts, "recovery/workout_list.html")


@login_required
@require_GET
def workout_detail(request, pk: int):
    workout = _own_workout(request, pk)
    planned = plan_for_athlete(athlete=request.user, now=timezone.now(), focus=workout.ended_at)
    runs = workout.runs.all()
    return render(
        request,
        "recovery/workout_detail.html",
        {"workout": workout, "planned": planned, "runs": runs},
    )


def _workout_form_page(request, workout: LegWorkout | None):
    instance = workout or LegWorkout(athlete=request.user)
    data = request.POST if request.method == "POST" else None
    form = LegWorkoutForm(data, instance=instance, athlete=request.user)
    if request.method == "POST" and "add_line" in request.POST:
        lines = formset_with_extra_line(ExerciseLineFormSet, request.POST, instance=instance)
        if request.htmx:
            return render(request, "recovery/workout_form.html#lines", {"lines": lines})
    else:
        lines = ExerciseLineFormSet(data, instance=instance, prefix=LINES_PREFIX)
        saving = request.method == "POST" and "preview" not in request.POST
        if saving and form.is_valid() and lines.is_valid():
            saved = services.workout_save(form=form, lines_formset=lines)
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
def workout_create(request):
    return _workout_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def workout_edit(request, pk: int):
    return _workout_form_page(request, _own_workout(request, pk))


def _preview(request, form, lines, workout: LegWorkout | None):
    """The plan for the values typed so far, or None while the form has errors."""
    if not (form.is_valid() and lines.is_valid()):
        return None
    cleaned = form.cleaned_data
    typed = SessionInput(
        ended_at=cleaned["ended_at"],
        rpe=cleaned["rpe"],
        minutes=cleaned["minutes"],
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
def workout_preview(request):
    """htmx: the plan card and chart for the workout form's current values. Saves nothing."""
    workout_id = _id_param(request, "workout")
    workout = _own_workout(request, workout_id) if workout_id is not None else None
    instance = workout or LegWorkout(athlete=request.user)
    form = LegWorkoutForm(request.POST, instance=instance, athlete=request.user)
    lines = ExerciseLineFormSet(request.POST, instance=instance, prefix=LINES_PREFIX)
    planned = _preview(request, form, lines, workout)
    return render(
        request,
        "recovery/workout_form.html#preview",
        {"form": form, "lines": lines, "planned": planned, "workout": workout},
    )


@login_required
@require_http_methods(["GET", "POST"])
def workout_delete(request, pk: int):
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


def _own_check_in(request, pk: int) -> SorenessCheckIn:
    return get_object_or_404(own_records(request.user, SorenessCheckIn.objects), pk=pk)


@login_required
@require_GET
def checkin_list(request):
    check_ins = own_records(request.user, SorenessCheckIn.objects).select_related("workout")
    return _paginated_list(request, check_ins, "recovery/checkin_list.html")


def _checkin_form_page(request, check_in: SorenessCheckIn | None):
    instance = check_in or SorenessCheckIn(athlete=request.user)
    form = CheckInForm(request.POST or None, instance=instance, athlete=request.user)
    saving = request.method == "POST" and "preview" not in request.POST
    if saving and form.is_valid():
        services.checkin_save(form=form)
        messages.success(request, "Check-in saved. Your plan is up to date.")
        return redirect("home")
    planned = _checkin_preview(request, form, check_in) if request.method == "POST" else None
    return render(
        request,
        "recovery/checkin_form.html",
        {"form": form, "check_in": check_in, "planned": planned},
    )


def _checkin_preview(request, form, check_in: SorenessCheckIn | None):
    """The plan as if the typed check-in were saved (None while the form has errors)."""
    if not form.is_valid():
        return None
    unsaved = form.save(commit=False)
    unsaved.pk = None  # being typed: it counts as the newest of its minute
    return plan_for_athlete(
        athlete=request.user,
        now=max(timezone.now(), unsaved.at),
        typed_check_in=check_in_input(unsaved),
        exclude_check_in_pk=check_in.pk if check_in else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_create(request):
    return _checkin_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_edit(request, pk: int):
    return _checkin_form_page(request, _own_check_in(request, pk))


@login_required
@require_POST
def checkin_preview(request):
    """htmx: the plan as if this check-in were saved. Saves nothing."""
    check_in_id = _id_param(request, "check_in")
    check_in = _own_check_in(request, check_in_id) if check_in_id is not None else None
    instance = check_in or SorenessCheckIn(athlete=request.user)
    form = CheckInForm(request.POST, instance=instance, athlete=request.user)
    planned = _checkin_preview(request, form, check_in)
    return render(
        request,
        "recovery/checkin_form.html#preview",
        {"form": form, "planned": planned, "check_in": check_in},
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_delete(request, pk: int):
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


def _own_run(request, pk: int) -> RecoveryRun:
    return get_object_or_404(own_records(request.user, RecoveryRun.objects), pk=pk)


@login_required
@require_GET
def run_list(request):
    runs = own_records(request.user, RecoveryRun.objects).select_related("workout")
    return _paginated_list(request, runs, "recovery/run_list.html")


def _run_form_page(request, run: RecoveryRun | None):
    instance = run or RecoveryRun(athlete=request.user)
    form = RecoveryRunForm(request.POST or None, instance=instance, athlete=request.user)
    if request.method == "POST" and form.is_valid():
        services.run_save(form=form)
        messages.success(request, "Recovery run saved.")
        return redirect("run_list")
    return render(request, "recovery/run_form.html", {"form": form, "run": run})


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request):
    return _run_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def run_edit(request, pk: int):
    return _run_form_page(request, _own_run(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def run_delete(request, pk: int):
    run = _own_run(request, pk)
    return _confirm_delete(
        request,
        run,
        kind="recovery run",
        delete=lambda: services.run_delete(run=run),
        done_url=reverse("run_list"),
        cancel_url=reverse("run_list"),
    )
