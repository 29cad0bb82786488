"""The JSON API, version 1, at ``/api/v1/`` (django-ninja; OpenAPI at ``/api/v1/openapi.json``,
interactive docs at ``/api/v1/docs``).

Every route reads through the one access gate: an athlete's own rows through
``accounts.access.own_records``, another athlete's through ``coaching.access`` (which also
logs the coach's read). Writes go through ``recovery.services``, validated by the same forms
as the web pages, in the athlete's time zone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.openapi.docs import Swagger

from accounts.access import own_records
from accounts.models import User
from coaching.access import record_coach_views, visible_athlete_or_404
from coaching.dashboard import coach_dashboard_page
from integrations.api_auth import RateLimited, SessionCsrfAuth, TokenAuth
from recovery import services
from recovery.advice import plan_as_dict
from recovery.forms import (
    MAX_EXERCISE_LINES,
    CheckInForm,
    ExerciseLineFormSet,
    LegWorkoutForm,
    RecoveryRunForm,
)
from recovery.models import Exercise, LegWorkout, RecoveryRun, SorenessCheckIn
from recovery.planning import plan_for_athlete
from recovery.queries import workouts_with_details

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**63 - 1
LINES_PREFIX = "lines"

api = NinjaAPI(
    title="Legday API",
    version="1.0",
    description=(
        "Your recovery-run plan, leg workouts, check-ins and runs; for coaches, the rows of "
        "their dashboard. Authenticate with a personal access token from your settings page "
        "(`Authorization: Bearer ldp_…`; read tokens may only GET) or, in the browser, your "
        "session (writes need the `X-CSRFToken` header). Times without an offset are read in "
        "your time zone; times returned carry the athlete's offset."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionCsrfAuth()],
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Too many requests: slow down and retry later."}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


# --- Schemas ---------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field; `lines.N.field` for exercise lines, `__all__` for the "
        "whole record."
    )


class Window(Schema):
    start: str
    end: str


class TimelinePoint(Schema):
    hours_after: int
    at: str
    soreness: float


class PlanOut(Schema):
    """The plan, exactly as `manage.py plan --json` prints it."""

    status: str
    cause: str
    reason: str
    earliest_start: str
    recommended_start: str
    duration_min: list[int] | None
    rpe: list[int] | None
    warmup: str
    cooldown: str
    stop_rule: str
    fuel: str
    talk_test: str
    walk: str | None
    soreness_now: float
    soreness_source: str
    quality_run_from: str | None
    run_windows: list[Window]
    curve_adjusted: bool
    peak_hours_after: float
    timeline: list[TimelinePoint]


class LineIn(Schema):
    exercise: str | None = Field(None, description="A catalogue name, e.g. `Back squat`.")
    custom_name: str = Field("", description="Any other exercise (when `exercise` is empty).")
    sets: int
    reps: int
    weight_kg: Decimal | None = None


class LineOut(Schema):
    exercise: str | None
    custom_name: str
    sets: int
    reps: int
    weight_kg: Decimal | None


class WorkoutIn(Schema):
    ended_at: datetime
    minutes: int
    rpe: int
    notes: str = ""
    lines: list[LineIn] = Field([], max_length=MAX_EXERCISE_LINES)


class WorkoutOut(Schema):
    id: int
    ended_at: datetime
    minutes: int
    rpe: int
    notes: str
    eccentric_heavy: bool
    lines: list[LineOut]


class CheckInIn(Schema):
    at: datetime
    soreness: int
    quads: int | None = None
    hamstrings: int | None = None
    glutes: int | None = None
    calves: int | None = None
    legs_heavy: bool = False
    pain: bool = False
    note: str = ""


class CheckInOut(CheckInIn):
    id: int
    workout_id: int | None


class RunIn(Schema):
    workout_id: int | None = Field(None, description="The leg day this run followed.")
    started_at: datetime
    minutes: int
    rpe: int
    outcome: str = Field("completed", description="`completed`, `stopped_early` or `walked`.")
    legs_felt: str = Field("fine", description="`fresh`, `fine`, `heavy` or `painful`.")
    note: str = ""


class RunOut(RunIn):
    id: int


class AthleteRowOut(Schema):
    id: int
    username: str
    display_name: str
    timezone: str
    status: str = Field(
        description="`wait`, `go`, `next_day`, `walk_instead`, `recovered` "
        "or `none` (no leg day yet)."
    )
    summary: str
    needs_attention: bool
    latest_workout_ended_at: datetime | None
    latest_soreness: int | None
    latest_check_in_at: datetime | None
    earliest_start: datetime | None
    recommended_start: datetime | None


class Page(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


# --- Helpers ---------------------------------------------------------------------------------


class FormInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@api.exception_handler(FormInvalid)
def form_invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Not saved: see errors.", "errors": exc.errors}, status=422
    )


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as a form's input: None and False (an unticked box) left out, True ticked,
    datetimes as they are (the form reads a naive one in the current zone), the rest as text."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        else:
            data[key] = value if isinstance(value, datetime) else str(value)
    return data


def _errors(form: Any, prefix: str = "") -> dict[str, list[str]]:
    return {
        f"{prefix}{field}": [str(m) for m in messages] for field, messages in form.errors.items()
    }


def _local(moment: datetime | None, user: User) -> datetime | None:
    return None if moment is None else moment.astimezone(user.zone)


def _page(queryset: QuerySet[Any], page: Page) -> QuerySet[Any]:
    return queryset[page.offset : page.offset + page.limit]


def _workout_out(workout: LegWorkout, user: User) -> dict[str, Any]:
    return {
        "id": workout.pk,
        "ended_at": _local(workout.ended_at, user),
        "minutes": workout.minutes,
        "rpe": workout.rpe,
        "notes": workout.notes,
        "eccentric_heavy": workout.eccentric_heavy,
        "lines": [
            {
                "exercise": line.exercise.name if line.exercise else None,
                "custom_name": line.custom_name,
                "sets": line.sets,
                "reps": line.reps,
                "weight_kg": line.weight_kg,
            }
            for line in workout.lines.all()
        ],
    }


def _check_in_out(check_in: SorenessCheckIn, user: User) -> dict[str, Any]:
    return {
        "id": check_in.pk,
        "workout_id": check_in.workout_id,
        "at": _local(check_in.at, user),
        "soreness": check_in.soreness,
        "quads": check_in.quads,
        "hamstrings": check_in.hamstrings,
        "glutes": check_in.glutes,
        "calves": check_in.calves,
        "legs_heavy": check_in.legs_heavy,
        "pain": check_in.pain,
        "note": check_in.note,
    }


def _run_out(run: RecoveryRun, user: User) -> dict[str, Any]:
    return {
        "id": run.pk,
        "workout_id": run.workout_id,
        "started_at": _local(run.started_at, user),
        "minutes": run.minutes,
        "rpe": run.rpe,
        "outcome": run.outcome,
        "legs_felt": run.legs_felt,
        "note": run.note,
    }


# --- The plan --------------------------------------------------------------------------------

NO_PLAN = "No leg day logged yet: no plan."


@api.get(
    "/plan",
    response={200: PlanOut, 404: Message},
    url_name="plan",
    summary="Your current plan",
    description="The same JSON object as `manage.py plan --user YOU --json`.",
)
def plan(request: HttpRequest) -> Any:
    user = _user(request)
    planned = plan_for_athlete(athlete=user, now=timezone.now())
    if planned is None:
        return Status(404, {"detail": NO_PLAN})
    return plan_as_dict(planned.plan)


# --- Leg workouts ----------------------------------------------------------------------------


@api.get("/workouts", response=list[WorkoutOut], url_name="workouts", summary="Your leg workouts")
def workouts(request: HttpRequest, page: Query[Page]) -> Any:
    user = _user(request)
    rows = workouts_with_details(own_records(user, LegWorkout.objects.all()))
    return [_workout_out(w, user) for w in _page(rows, page)]


def _line_data(lines: list[LineIn]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The lines as formset input; unknown catalogue names are errors of their own."""
    names = {line.exercise.casefold() for line in lines if line.exercise}
    catalogue = {e.name.casefold(): e.pk for e in Exercise.objects.all()} if names else {}
    data: dict[str, Any] = {
        f"{LINES_PREFIX}-TOTAL_FORMS": len(lines),
        f"{LINES_PREFIX}-INITIAL_FORMS": 0,
        f"{LINES_PREFIX}-MIN_NUM_FORMS": 0,
        f"{LINES_PREFIX}-MAX_NUM_FORMS": MAX_EXERCISE_LINES,
    }
    errors: dict[str, list[str]] = {}
    for n, line in enumerate(lines):
        exercise = None
        if line.exercise:
            exercise = catalogue.get(line.exercise.casefold())
            if exercise is None:
                errors[f"lines.{n}.exercise"] = [
                    f"{line.exercise!r} is not in the catalogue: send it as custom_name."
                ]
        for field, value in (
            ("exercise", exercise),
            ("custom_name", line.custom_name),
            ("sets", line.sets),
            ("reps", line.reps),
            ("weight_kg", line.weight_kg),
        ):
            data[f"{LINES_PREFIX}-{n}-{field}"] = value
    return data, errors


@api.post(
    "/workouts",
    response={201: WorkoutOut, 422: Invalid},
    url_name="workout_create",
    summary="Log a leg workout",
)
def workout_create(request: HttpRequest, body: WorkoutIn) -> Any:
    user = _user(request)
    line_data, errors = _line_data(body.lines)
    values = body.model_dump(exclude={"lines"})
    with timezone.override(user.zone):
        form = LegWorkoutForm(_form_data(values), instance=LegWorkout(athlete=user), athlete=user)
        lines = ExerciseLineFormSet(
            _form_data(line_data), instance=form.instance, prefix=LINES_PREFIX
        )
        form_ok, lines_ok = form.is_valid(), lines.is_valid()
    errors |= _errors(form)
    for n, line_form in enumerate(lines.forms):
        line_errors = _errors(line_form, f"lines.{n}.")
        if f"lines.{n}.exercise" in errors:  # already said: the name is not in the catalogue
            line_errors.pop(f"lines.{n}.__all__", None)
        errors |= line_errors
    if lines.non_form_errors():
        errors["lines"] = [str(m) for m in lines.non_form_errors()]
    if errors or not (form_ok and lines_ok):
        raise FormInvalid(errors)
    workout = services.workout_create(
        athlete=user,
        values=form.values(),
        lines=[f.values() for f in lines.forms if f.has_changed()],
    )
    saved = workouts_with_details(LegWorkout.objects.filter(pk=workout.pk)).get()
    return Status(201, _workout_out(saved, user))


# --- Check-ins -------------------------------------------------------------------------------


@api.get(
    "/checkins", response=list[CheckInOut], url_name="checkins", summary="Your soreness check-ins"
)
def checkins(request: HttpRequest, page: Query[Page]) -> Any:
    user = _user(request)
    rows = own_records(user, SorenessCheckIn.objects.all())
    return [_check_in_out(c, user) for c in _page(rows, page)]


@api.post(
    "/checkins",
    response={201: CheckInOut, 422: Invalid},
    url_name="checkin_create",
    summary="Check in: how sore are your legs?",
)
def checkin_create(request: HttpRequest, body: CheckInIn) -> Any:
    user = _user(request)
    with timezone.override(user.zone):
        form = CheckInForm(
            _form_data(body.model_dump()), instance=SorenessCheckIn(athlete=user), athlete=user
        )
        valid = form.is_valid()
    if not valid:
        raise FormInvalid(_errors(form))
    check_in = services.checkin_create(athlete=user, values=form.values())
    return Status(201, _check_in_out(check_in, user))


# --- Recovery runs ---------------------------------------------------------------------------


@api.get("/runs", response=list[RunOut], url_name="runs", summary="Your recovery runs")
def runs(request: HttpRequest, page: Query[Page]) -> Any:
    user = _user(request)
    rows = own_records(user, RecoveryRun.objects.all())
    return [_run_out(r, user) for r in _page(rows, page)]


@api.post(
    "/runs",
    response={201: RunOut, 422: Invalid},
    url_name="run_create",
    summary="Log a recovery run",
)
def run_create(request: HttpRequest, body: RunIn) -> Any:
    user = _user(request)
    values = body.model_dump()
    values["workout"] = values.pop("workout_id")
    with timezone.override(user.zone):
        form = RecoveryRunForm(_form_data(values), instance=RecoveryRun(athlete=user), athlete=user)
        valid = form.is_valid()
    if not valid:
        raise FormInvalid(_errors(form))
    run = services.run_create(athlete=user, values=form.values())
    return Status(201, _run_out(run, user))


# --- Coaches ---------------------------------------------------------------------------------

COACH_ROWS_PAGE = "api_dashboard"
COACH_PLAN_PAGE = "api_plan"


@api.get(
    "/coach/athletes",
    response=list[AthleteRowOut],
    url_name="coach_athletes",
    summary="Your athletes (coaches)",
    description="A row per athlete who lets you coach them, as on your dashboard: 50 a "
    "`page`, most urgent first. Each read "
    "is shown in the athletes' access logs.",
)
def coach_athletes(request: HttpRequest, page: int = 1) -> Any:
    coach = _user(request)
    now = timezone.now()
    data = coach_dashboard_page(coach=coach, now=now, number=max(1, min(page, 100_000)))
    record_coach_views(
        coach=coach,
        athletes=[row.athlete for row in data.rows],
        page=COACH_ROWS_PAGE,
        path=request.path,
    )
    out = []
    for row in data.rows:
        athlete, stored, seen = row.athlete, row.stored, row.glance
        out.append(
            {
                "id": athlete.pk,
                "username": athlete.username,
                "display_name": athlete.display_name,
                "timezone": athlete.timezone,
                "status": row.status,
                "summary": row.plan_summary,
                "needs_attention": row.needs_attention,
                "latest_workout_ended_at": _local(stored.last_leg_day_at, athlete),
                "latest_soreness": stored.latest_soreness,
                "latest_check_in_at": _local(stored.latest_check_in_at, athlete),
                "earliest_start": seen.earliest_start if seen else None,
                "recommended_start": seen.recommended_start if seen else None,
            }
        )
    return out


@api.get(
    "/coach/athletes/{athlete_id}/plan",
    response={200: PlanOut, 404: Message},
    url_name="coach_athlete_plan",
    summary="An athlete's current plan (coaches)",
    description="404 unless the athlete lets you coach them (or is you). Each read is shown "
    "in the athlete's access log.",
)
def coach_athlete_plan(request: HttpRequest, athlete_id: int) -> Any:
    viewer = _user(request)
    if not 0 < athlete_id <= MAX_ID:
        raise Http404("No such athlete.")
    athlete = visible_athlete_or_404(viewer=viewer, athlete_id=athlete_id)
    planned = plan_for_athlete(athlete=athlete, now=timezone.now())
    if athlete.pk != viewer.pk:
        record_coach_views(
            coach=viewer, athletes=[athlete], page=COACH_PLAN_PAGE, path=request.path
        )
    if planned is None:
        return Status(404, {"detail": NO_PLAN})
    return plan_as_dict(planned.plan)
