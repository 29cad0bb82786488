"""Forms for logging leg days, check-ins and recovery runs.

Forms validate; views never re-check. Datetime fields are read in the user's own
time zone (activated by ``accounts.middleware.UserTimezoneMiddleware``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.form_tokens import OneTimeTokenMixin
from recovery import rules, services
from recovery.localtime import AMBIGUOUS_HELP, NonexistentLocalTime, resolve_local
from recovery.models import Exercise, ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn

if TYPE_CHECKING:
    from django.http import QueryDict

    from accounts.models import User

    # django-stubs makes ModelForm and the formsets generic; Django's classes cannot be
    # subscripted, so the parameters exist for the type checker only.
    _ModelForm = forms.ModelForm[Any]
    _WorkoutChoiceField = forms.ModelChoiceField[LegWorkout]
    # What ExerciseLineFormSet (below) makes, for annotations.
    ExerciseLineFormSetType = forms.BaseInlineFormSet[ExerciseLine, LegWorkout, "ExerciseLineForm"]
else:
    _ModelForm = forms.ModelForm
    _WorkoutChoiceField = forms.ModelChoiceField

# A few minutes of clock drift between phone and server is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_EXERCISE_LINES = 20

# Words for the CR-10 scale that agree with the plan's "RPE 3-4 is easy" (the talk test).
RPE_DESCRIPTIONS = {
    1: "very light",
    2: "light",
    3: "easy, chatting freely",
    4: "easy, still chatting",
    5: "moderate",
    6: "somewhat hard",
    7: "hard",
    8: "very hard",
    9: "very, very hard",
    10: "maximal",
}
# Nothing older is a real training log, and far-off years overflow time zone arithmetic.
EARLIEST_YEAR = 2000
EARLIEST_YEAR_MESSAGE = f"Pick a date from the year {EARLIEST_YEAR} onwards."
# A first leg day's RPE before the athlete says otherwise: a middle-to-hard session.
FIRST_SESSION_RPE_GUESS = 7
RPE_CHOICES = [(n, f"{n} – {RPE_DESCRIPTIONS[n]}") for n in range(rules.RPE_MIN, rules.RPE_MAX + 1)]
SORENESS_CHOICES = [
    (n, f"{n} – {rules.soreness_band(n)}")
    for n in range(rules.SORENESS_MIN, rules.SORENESS_MAX + 1)
]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the user's own zone, read by `recovery.localtime`'s rule: a
    repeated time is its first occurrence, a skipped one is a form error."""

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            result = value
        else:
            try:
                parsed = parse_datetime(str(value).strip())
            except ValueError:
                invalid = self.error_messages["invalid"]
                raise forms.ValidationError(invalid, code="invalid") from None
            if parsed is None:  # not ISO 8601: the field's input formats, or a form error
                parsed = cast(datetime, forms.fields.BaseTemporalField.to_python(self, value))
            result = parsed
        if timezone.is_aware(result):
            return result
        if result.year < EARLIEST_YEAR:  # also keeps zone arithmetic away from year 1
            raise forms.ValidationError(EARLIEST_YEAR_MESSAGE, code="too_early")
        try:
            return resolve_local(result, timezone.get_current_timezone())
        except NonexistentLocalTime as error:
            raise forms.ValidationError(str(error), code="nonexistent") from None


class LocalDateTimeInput(forms.DateTimeInput):
    """An HTML datetime-local input, read in the user's own time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def not_in_future(value: datetime) -> datetime:
    """A moment that has happened (and not in a year no training log can hold)."""
    if value.year < EARLIEST_YEAR:
        raise forms.ValidationError(EARLIEST_YEAR_MESSAGE)
    if value.year > timezone.now().year + 1 or value > timezone.now() + FUTURE_TOLERANCE:
        raise forms.ValidationError("This is in the future. Log it once it has happened.")
    return value


class PreviewableForm(_ModelForm):
    """A model form that can be read for a live preview (``preview=True``), never saved.

    A preview validates every field, the model's range validators included, but leaves to the
    save what needs the database: one query per constraint (each mirrors a range already
    checked) and per foreign key (the form's choice field has already found the row).
    """

    def __init__(self, *args: Any, preview: bool = False, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        if not self.preview:
            super()._post_clean()  # type: ignore[misc]  # private in the stubs
            return
        opts = self._meta
        exclude = set(self._get_validation_exclusions())  # type: ignore[attr-defined]
        exclude |= {f.name for f in self.instance._meta.fields if f.is_relation}
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class AthleteOwnedForm(PreviewableForm):
    """A model form whose instance belongs to ``athlete`` (set here, never from input)."""

    def __init__(self, *args: Any, athlete: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.athlete = athlete

    def default_initial(self, field: str, value: object) -> None:
        """Prefill ``field`` on a new record (a new instance puts None into ``initial``).

        ``value`` may be a callable, evaluated only when the default is needed.
        """
        if not self.instance.pk and self.initial.get(field) is None:
            self.initial[field] = value() if callable(value) else value


def this_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class LegWorkoutForm(OneTimeTokenMixin, AthleteOwnedForm):
    instance: LegWorkout

    def values(self) -> services.WorkoutValues:
        """The validated workout, as `recovery.services` takes it."""
        cleaned = self.cleaned_data
        return services.WorkoutValues(
            ended_at=cleaned["ended_at"],
            minutes=cleaned["minutes"],
            rpe=cleaned["rpe"],
            notes=cleaned["notes"],
        )

    after_resubmit = "workout_list"
    rpe = forms.TypedChoiceField(
        label="Session RPE",
        choices=RPE_CHOICES,
        coerce=int,
        help_text="How hard the whole session felt, 1 to 10.",
    )

    class Meta:
        model = LegWorkout
        fields = ("ended_at", "minutes", "rpe", "notes")
        field_classes = {"ended_at": LocalDateTimeField}
        widgets = {
            "ended_at": LocalDateTimeInput(),
            "minutes": forms.NumberInput(
                attrs={"min": rules.SESSION_MINUTES_MIN, "max": rules.SESSION_MINUTES_MAX}
            ),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"ended_at": f"When you finished lifting. {AMBIGUOUS_HELP}"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_initial("ended_at", this_minute)
        self.default_initial("minutes", 60)
        if not self.is_bound and not self.instance.pk and self.initial.get("rpe") is None:
            last = (
                LegWorkout.objects.filter(athlete=self.instance.athlete)
                .order_by("-ended_at", "-pk")
                .values_list("rpe", flat=True)
                .first()
            )
            if last is None:
                self.initial["rpe"] = FIRST_SESSION_RPE_GUESS
                self.fields["rpe"].help_text = (
                    f"{FIRST_SESSION_RPE_GUESS} is only a guess to start from: pick how hard "
                    "the whole session felt, 1 to 10."
                )
            else:
                self.initial["rpe"] = last
                self.fields[
                    "rpe"
                ].help_text = (
                    "Starts at your last leg day's value: change it to how hard this one felt."
                )

    def clean_ended_at(self) -> datetime:
        return not_in_future(self.cleaned_data["ended_at"])


class ExerciseLineForm(PreviewableForm):
    instance: ExerciseLine

    def values(self) -> services.ExerciseLineValues:
        """The validated line, as `recovery.services` takes it."""
        cleaned = self.cleaned_data
        return services.ExerciseLineValues(
            exercise=cleaned["exercise"],
            custom_name=cleaned["custom_name"],
            sets=cleaned["sets"],
            reps=cleaned["reps"],
            weight_kg=cleaned["weight_kg"],
        )

    class Meta:
        model = ExerciseLine
        fields = ("exercise", "custom_name", "sets", "reps", "weight_kg")
        labels = {"exercise": "Exercise", "custom_name": "…or another", "weight_kg": "kg"}
        widgets = {
            "sets": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "reps": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "weight_kg": forms.NumberInput(attrs={"min": 0, "step": "0.5", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exercise = cast("forms.ModelChoiceField[Exercise]", self.fields["exercise"])
        exercise.empty_label = "Choose…"
        # The section is optional: sets and reps are needed only once an exercise is named
        # (checked in clean), so the form does not star them.
        for name in ("sets", "reps"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("exercise") and not cleaned.get("custom_name"):
            raise forms.ValidationError("Choose an exercise or type its name.")
        for name, what in (("sets", "sets"), ("reps", "reps per set")):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, f"Enter the number of {what}.")
        return cleaned


ExerciseLineFormSet = forms.inlineformset_factory(
    LegWorkout,
    ExerciseLine,
    form=ExerciseLineForm,
    extra=1,
    can_delete=True,
    max_num=MAX_EXERCISE_LINES,
    absolute_max=MAX_EXERCISE_LINES,
    validate_max=True,
)


def formset_is_eccentric_heavy(formset: ExerciseLineFormSetType) -> bool:
    """True if any kept line of a valid formset is an eccentric-heavy lift."""
    return any(
        form.cleaned_data.get("exercise") is not None
        and form.cleaned_data["exercise"].eccentric_heavy
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    )


def formset_with_extra_line(
    formset_class: type[ExerciseLineFormSetType],
    data: QueryDict,
    *,
    instance: LegWorkout,
    prefix: str = "lines",
) -> ExerciseLineFormSetType:
    """A bound formset with one more empty line (the "Add exercise" button)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key) or 0)
    except ValueError:
        total = 0  # a tampered management form; the formset reports it as an error
    data[key] = str(min(total + 1, MAX_EXERCISE_LINES))
    formset = formset_class(data, instance=instance, prefix=prefix)
    formset.errors  # noqa: B018 - validate now so the page shows the typed values
    if total < MAX_EXERCISE_LINES and formset.forms:
        # Keyboard focus goes to the new line (without JavaScript: the page reloads).
        formset.forms[-1].fields["exercise"].widget.attrs["autofocus"] = True
    return formset


class CheckInForm(OneTimeTokenMixin, AthleteOwnedForm):
    def values(self) -> services.CheckInValues:
        """The validated check-in, as `recovery.services` takes it."""
        cleaned = self.cleaned_data
        return services.CheckInValues(
            at=cleaned["at"],
            soreness=cleaned["soreness"],
            quads=cleaned["quads"],
            hamstrings=cleaned["hamstrings"],
            glutes=cleaned["glutes"],
            calves=cleaned["calves"],
            legs_heavy=cleaned["legs_heavy"],
            pain=cleaned["pain"],
            note=cleaned["note"],
        )

    instance: SorenessCheckIn
    after_resubmit = "checkin_list"
    soreness = forms.TypedChoiceField(
        label="How sore are your legs overall?",
        choices=[("", "Choose 0–10…"), *SORENESS_CHOICES],
        coerce=int,
        empty_value=None,
        help_text=" · ".join(
            f"{low} {name}" if low == high else f"{low}–{high} {name}"
            for low, high, name in rules.SORENESS_BANDS
        ),
    )

    class Meta:
        model = SorenessCheckIn
        fields = (
            "at",
            "soreness",
            "quads",
            "hamstrings",
            "glutes",
            "calves",
            "legs_heavy",
            "pain",
            "note",
        )
        field_classes = {"at": LocalDateTimeField}
        widgets = {
            "at": LocalDateTimeInput(),
            **{
                region: forms.NumberInput(
                    attrs={"min": rules.SORENESS_MIN, "max": rules.SORENESS_MAX}
                )
                for region in ("quads", "hamstrings", "glutes", "calves")
            },
        }
        labels = {"at": "When"}
        help_texts = {"at": AMBIGUOUS_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_initial("at", this_minute)

    def clean_at(self) -> datetime:
        return not_in_future(self.cleaned_data["at"])


class WorkoutChoiceField(_WorkoutChoiceField):
    """One of the athlete's leg days, named by when it ended (in their zone) and its load."""

    def label_from_instance(self, obj: LegWorkout) -> str:
        return (
            f"{timezone.localtime(obj.ended_at):%a %d %b %H:%M} · {obj.minutes} min, RPE {obj.rpe}"
        )


class RecoveryRunForm(OneTimeTokenMixin, AthleteOwnedForm):
    def values(self) -> services.RunValues:
        """The validated run, as `recovery.services` takes it."""
        cleaned = self.cleaned_data
        return services.RunValues(
            workout=cleaned["workout"],
            started_at=cleaned["started_at"],
            minutes=cleaned["minutes"],
            rpe=cleaned["rpe"],
            outcome=cleaned["outcome"],
            legs_felt=cleaned["legs_felt"],
            note=cleaned["note"],
            distance_km=cleaned.get("distance_km"),
            avg_hr=cleaned.get("avg_hr"),
        )

    instance: RecoveryRun
    after_resubmit = "run_list"
    rpe = forms.TypedChoiceField(
        label="How hard did it feel (RPE)?",
        choices=RPE_CHOICES,
        coerce=int,
    )

    class Meta:
        model = RecoveryRun
        fields = (
            "workout",
            "started_at",
            "minutes",
            "rpe",
            "outcome",
            "legs_felt",
            "note",
            "distance_km",
            "avg_hr",
        )
        field_classes = {"started_at": LocalDateTimeField, "workout": WorkoutChoiceField}
        help_texts = {"started_at": AMBIGUOUS_HELP}
        widgets = {
            "started_at": LocalDateTimeInput(),
            "minutes": forms.NumberInput(
                attrs={"min": rules.SESSION_MINUTES_MIN, "max": rules.SESSION_MINUTES_MAX}
            ),
        }
        labels = {"workout": "After which leg day?"}

    def __init__(self, *args: Any, athlete: User, **kwargs: Any) -> None:
        super().__init__(*args, athlete=athlete, **kwargs)
        workouts = LegWorkout.objects.filter(athlete=athlete).order_by("-ended_at")
        cast(WorkoutChoiceField, self.fields["workout"]).queryset = workouts
        self.default_initial("workout", lambda: workouts.values_list("pk", flat=True).first())
        self.default_initial("started_at", this_minute)
        self.default_initial("rpe", rules.RECOVERY_RUN_RPE[0])

    def clean_started_at(self) -> datetime:
        return not_in_future(self.cleaned_data["started_at"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        workout, started_at = cleaned.get("workout"), cleaned.get("started_at")
        if workout and started_at and started_at < workout.ended_at:
            self.add_error("started_at", "The run must start after the leg day it followed.")
        return cleaned
