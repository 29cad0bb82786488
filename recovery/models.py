"""Leg workouts, their exercise lines, soreness check-ins and recovery runs.

Every range rule lives twice on purpose: in the form (a friendly error) and as a
database CheckConstraint (no path can store an RPE of 11). The numbers come from
``recovery.rules``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from recovery import rules

RPE_VALIDATORS = [MinValueValidator(rules.RPE_MIN), MaxValueValidator(rules.RPE_MAX)]
MINUTES_VALIDATORS = [
    MinValueValidator(rules.SESSION_MINUTES_MIN),
    MaxValueValidator(rules.SESSION_MINUTES_MAX),
]
SORENESS_VALIDATORS = [
    MinValueValidator(rules.SORENESS_MIN),
    MaxValueValidator(rules.SORENESS_MAX),
]
MAX_SETS = 50
MAX_REPS = 200
MAX_WEIGHT_KG = 1000
MAX_RUN_DISTANCE_KM = 200  # longer than any recovery run; a bad file, not a run
HEART_RATE_MIN = 30  # beats per minute: lower is a sensor glitch, not a runner
HEART_RATE_MAX = 250
SORENESS_REGIONS = ("quads", "hamstrings", "glutes", "calves")


def _between(field: str, low: int, high: int) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def _null_or_between(field: str, low: int, high: int) -> Q:
    return Q(**{f"{field}__isnull": True}) | _between(field, low, high)


class Exercise(models.Model):
    """A lower-body lift from the catalogue."""

    name = models.CharField(max_length=80, unique=True)
    eccentric_heavy = models.BooleanField(
        default=False,
        help_text="Long, loaded lowering phases (e.g. Romanian deadlift): more soreness.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegWorkout(models.Model):
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leg_workouts"
    )
    ended_at = models.DateTimeField("finished at", db_index=True)
    minutes = models.PositiveSmallIntegerField("duration (min)", validators=MINUTES_VALIDATORS)
    rpe = models.PositiveSmallIntegerField("session RPE", validators=RPE_VALIDATORS)
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ended_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-ended_at"], name="workout_athlete_recent")]
        constraints = [
            models.CheckConstraint(
                condition=_between("rpe", rules.RPE_MIN, rules.RPE_MAX), name="workout_rpe_range"
            ),
            models.CheckConstraint(
                condition=_between("minutes", rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX),
                name="workout_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Leg day {self.ended_at:%Y-%m-%d %H:%M} ({self.minutes} min, RPE {self.rpe})"

    def get_absolute_url(self) -> str:
        return reverse("workout_detail", kwargs={"pk": self.pk})

    @property
    def load(self) -> int:
        """Session load in arbitrary units (session RPE x minutes)."""
        return self.rpe * self.minutes

    @property
    def eccentric_heavy(self) -> bool:
        """True when any line is an eccentric-heavy lift (uses prefetched lines)."""
        return any(line.exercise and line.exercise.eccentric_heavy for line in self.lines.all())


class ExerciseLine(models.Model):
    workout = models.ForeignKey(LegWorkout, on_delete=models.CASCADE, related_name="lines")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, null=True, blank=True)
    custom_name = models.CharField("other exercise", max_length=80, blank=True)
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    reps = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)]
    )
    weight_kg = models.DecimalField(
        "kg",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT_KG)],
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=_between("sets", 1, MAX_SETS), name="line_sets_range"),
            models.CheckConstraint(condition=_between("reps", 1, MAX_REPS), name="line_reps_range"),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True)
                | Q(weight_kg__gte=0, weight_kg__lte=MAX_WEIGHT_KG),
                name="line_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(exercise__isnull=False) | ~Q(custom_name=""),
                name="line_names_an_exercise",
            ),
        ]

    def __str__(self) -> str:
        weight = f" @ {self.weight_kg:g} kg" if self.weight_kg is not None else ""
        return f"{self.name}: {self.sets} x {self.reps}{weight}"

    @property
    def name(self) -> str:
        return self.exercise.name if self.exercise is not None else self.custom_name


class SorenessCheckIn(models.Model):
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    workout = models.ForeignKey(
        LegWorkout,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
        help_text="The athlete's most recent leg workout before this check-in.",
    )
    at = models.DateTimeField("checked in at", db_index=True)
    soreness = models.PositiveSmallIntegerField(
        "overall soreness (0-10)", validators=SORENESS_VALIDATORS
    )
    quads = models.PositiveSmallIntegerField(null=True, blank=True, validators=SORENESS_VALIDATORS)
    hamstrings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SORENESS_VALIDATORS
    )
    glutes = models.PositiveSmallIntegerField(null=True, blank=True, validators=SORENESS_VALIDATORS)
    calves = models.PositiveSmallIntegerField(null=True, blank=True, validators=SORENESS_VALIDATORS)
    legs_heavy = models.BooleanField("legs feel heavy", default=False)
    pain = models.BooleanField(
        "pain (sharp, or more than soreness)",
        default=False,
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text="When it was last saved: of two in one minute, this one counts."
    )

    class Meta:
        ordering = ["-at", "-updated_at", "-pk"]
        verbose_name = "soreness check-in"
        indexes = [models.Index(fields=["athlete", "-at"], name="checkin_athlete_recent")]
        constraints = [
            models.CheckConstraint(
                condition=_between("soreness", rules.SORENESS_MIN, rules.SORENESS_MAX),
                name="checkin_soreness_range",
            ),
            *(
                models.CheckConstraint(
                    condition=_null_or_between(region, rules.SORENESS_MIN, rules.SORENESS_MAX),
                    name=f"checkin_{region}_range",
                )
                for region in SORENESS_REGIONS
            ),
        ]

    def __str__(self) -> str:
        return f"Soreness {self.soreness}/10 at {self.at:%Y-%m-%d %H:%M}"

    @property
    def regions(self) -> list[tuple[str, int]]:
        return [
            (region, getattr(self, region))
            for region in SORENESS_REGIONS
            if getattr(self, region) is not None
        ]


class RunOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed as planned"
    STOPPED_EARLY = "stopped_early", "Stopped early"
    WALKED = "walked", "Switched to walking"


class LegsFelt(models.TextChoices):
    FRESH = "fresh", "Fresh"
    FINE = "fine", "Fine"
    HEAVY = "heavy", "Heavy"
    PAINFUL = "painful", "Painful"


class RecoveryRun(models.Model):
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_runs"
    )
    workout = models.ForeignKey(
        LegWorkout,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        help_text="The leg workout this run followed.",
    )
    started_at = models.DateTimeField("started at", db_index=True)
    minutes = models.PositiveSmallIntegerField("duration (min)", validators=MINUTES_VALIDATORS)
    rpe = models.PositiveSmallIntegerField("RPE", validators=RPE_VALIDATORS)
    outcome = models.CharField(max_length=20, choices=RunOutcome, default=RunOutcome.COMPLETED)
    legs_felt = models.CharField(
        "legs felt", max_length=10, choices=LegsFelt, default=LegsFelt.FINE
    )
    note = models.CharField(max_length=500, blank=True)
    distance_km = models.DecimalField(
        "distance (km)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RUN_DISTANCE_KM)],
    )
    avg_hr = models.PositiveSmallIntegerField(
        "average heart rate (bpm)",
        null=True,
        blank=True,
        validators=[MinValueValidator(HEART_RATE_MIN), MaxValueValidator(HEART_RATE_MAX)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-started_at"], name="run_athlete_recent")]
        constraints = [
            models.CheckConstraint(
                condition=_between("rpe", rules.RPE_MIN, rules.RPE_MAX), name="run_rpe_range"
            ),
            models.CheckConstraint(
                condition=_between("minutes", rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX),
                name="run_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=RunOutcome.values), name="run_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(legs_felt__in=LegsFelt.values), name="run_legs_felt_valid"
            ),
            models.CheckConstraint(
                condition=Q(distance_km__isnull=True)
                | Q(distance_km__gte=0, distance_km__lte=MAX_RUN_DISTANCE_KM),
                name="run_distance_range",
            ),
            models.CheckConstraint(
                condition=_null_or_between("avg_hr", HEART_RATE_MIN, HEART_RATE_MAX),
                name="run_avg_hr_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Recovery run {self.started_at:%Y-%m-%d %H:%M} ({self.minutes} min)"


# --- Stored plans: a cache of the decision for the dashboards ---------------------------------


class StoredPlan(models.Model):
    """The athlete's plan decision as of their latest change, kept so that dashboards read the
    status, starts and dose at any moment without running the soreness model.

    A cache, never a source of truth: ``recovery.stored_plans`` writes it after every change
    made through ``recovery.services`` and recomputes it on read when it is missing, made in
    another zone or with other rules, marked stale (rows saved outside the services), or past
    ``valid_until``. With no leg day logged, ``ended_at`` is null and there are no phases.
    """

    athlete = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_plan",
    )
    made_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    stale = models.BooleanField(default=False)
    # A new random number on every refresh and every stale mark: the version of the athlete's
    # data that cached pages are keyed on (recovery.page_cache). Unlike ``made_at`` it changes
    # even when two writes share a timestamp or two servers' clocks disagree.
    revision = models.BigIntegerField(default=0)
    zone = models.CharField(max_length=64)
    rules_digest = models.CharField(max_length=16)
    # The outlook (see recovery.planner.Outlook); its phases are PlanPhase rows.
    ended_at = models.DateTimeField(null=True)
    target_start = models.DateTimeField(null=True)
    reports = models.JSONField(default=list)  # [[at, until, alarm], ...] in ISO 8601 UTC
    # What the coach dashboard shows and sorts by, besides the status.
    last_leg_day_at = models.DateTimeField(null=True)
    latest_check_in_at = models.DateTimeField(null=True)
    latest_soreness = models.PositiveSmallIntegerField(null=True)
    latest_pain = models.BooleanField(default=False)
    latest_legs_heavy = models.BooleanField(default=False)
    last_run_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["last_leg_day_at"], name="storedplan_last_leg_day"),
            models.Index(fields=["latest_soreness"], name="storedplan_latest_soreness"),
        ]

    def __str__(self) -> str:
        return f"Stored plan of {self.athlete_id} made {self.made_at:%Y-%m-%d %H:%M}"


class PlanPhase(models.Model):
    """One stretch of a stored plan's decision: from ``start`` until ``end`` the status and cause
    hold, and so does the dose of an easy run started then. The coach dashboard filters and
    sorts on the phase containing ``now``."""

    plan = models.ForeignKey(StoredPlan, on_delete=models.CASCADE, related_name="phases")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=16)
    urgency = models.PositiveSmallIntegerField()  # the status's rank (recovery.statuses.URGENCY)
    cause = models.CharField(max_length=16)
    sore = models.BooleanField()
    legs_heavy = models.BooleanField()

    class Meta:
        ordering = ["plan", "start"]
        indexes = [models.Index(fields=["plan", "start", "end"], name="planphase_plan_span")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="phase_not_empty")
        ]

    def __str__(self) -> str:
        return f"{self.status} from {self.start:%Y-%m-%d %H:%M}"
