"""Forms of the import pages: the upload, the review of leg days, the imported run.

What was read from a file travels from the preview to the import inside the page, signed with
the site's secret for this user (``django.core.signing``) and valid for ``PAYLOAD_MAX_AGE``:
the athlete cannot alter it, another account cannot use it, and nothing is stored until they
confirm.
"""

from __future__ import annotations

import dataclasses
from datetime import tzinfo
from typing import Any

from django import forms
from django.core import signing

from accounts.models import MAX_HEART_RATE_RANGE, User
from imports.formats import MAX_UPLOAD_BYTES, FileRefused, Format, detect
from imports.lifting_csv import LiftSession, session_from_data, session_to_data
from recovery import rules
from recovery.forms import RPE_CHOICES, RecoveryRunForm

PAYLOAD_MAX_AGE = 60 * 60  # seconds between the preview and the import
# A signed preview larger than this (compressed) is too big for one page: use the CLI.
MAX_PAYLOAD_CHARS = 1_500_000
EXPIRED = "This preview has expired or was altered. Upload the file again."


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export or activity file",
        help_text=(
            "A Strong or Hevy CSV export, or a GPX, TCX or FIT file from your watch "
            f"(at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)."
        ),
    )

    pounds = forms.BooleanField(
        label="My Strong app weighs in pounds",
        required=False,
        help_text="Strong's current export does not say which unit its weights are in.",
    )

    def clean_file(self) -> tuple[Format, bytes]:
        upload = self.cleaned_data["file"]
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            return detect(data), data
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None


def _salt(user: User, kind: str) -> str:
    return f"imports.{kind}.{user.pk}"


def sign_sessions(*, user: User, format: Format, sessions: list[LiftSession]) -> str:
    return signing.dumps(
        {"format": format.value, "sessions": [session_to_data(s) for s in sessions]},
        salt=_salt(user, "lifting"),
        compress=True,
    )


def unsign_sessions(token: str, *, user: User, tz: tzinfo) -> tuple[Format, list[LiftSession]]:
    """The sessions signed into a preview, or ``signing.BadSignature``."""
    if len(token) > MAX_PAYLOAD_CHARS:
        raise signing.BadSignature("too large")
    data = signing.loads(token, salt=_salt(user, "lifting"), max_age=PAYLOAD_MAX_AGE)
    try:
        sessions = [session_from_data(s, tz=tz) for s in data["sessions"]]
        return Format(data["format"]), sessions
    except (KeyError, TypeError, ValueError) as error:  # only if the secret key leaked
        raise signing.BadSignature("malformed") from error


class ReviewForm(forms.Form):
    """The signed sessions, and the RPE or duration of each one whose file had none."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, sessions: list[LiftSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for index, session in enumerate(sessions):
            if session.rpe is None:
                self.fields[f"rpe_{index}"] = forms.TypedChoiceField(
                    label="Session RPE",
                    choices=[("", "Choose…"), *RPE_CHOICES],
                    coerce=int,
                    help_text="The file has no RPE: how hard did the whole session feel?",
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
            if session.minutes is None:
                self.fields[f"minutes_{index}"] = forms.IntegerField(
                    label="Duration (min)",
                    min_value=rules.SESSION_MINUTES_MIN,
                    max_value=rules.SESSION_MINUTES_MAX,
                    help_text="The file has no duration: how long did you lift?",
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                )

    def rows(self) -> list[tuple[LiftSession, list[forms.BoundField]]]:
        """Each session with the inputs it needs (its RPE, its duration: none if the file had
        both)."""
        return [
            (
                session,
                [self[name] for name in (f"rpe_{i}", f"minutes_{i}") if name in self.fields],
            )
            for i, session in enumerate(self.sessions)
        ]

    def completed_sessions(self) -> list[LiftSession]:
        """The sessions with the typed RPEs and durations filled in (a valid form)."""
        done = []
        for index, session in enumerate(self.sessions):
            rpe = self.cleaned_data.get(f"rpe_{index}", session.rpe)
            minutes = self.cleaned_data.get(f"minutes_{index}", session.minutes)
            done.append(dataclasses.replace(session, rpe=rpe, minutes=minutes))
        return done


def _max_heart_rate_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Your maximum heart rate (optional)",
        required=False,
        min_value=MAX_HEART_RATE_RANGE[0],
        max_value=MAX_HEART_RATE_RANGE[1],
        help_text="With it, Legday checks that a run's average heart rate stayed in the easy zone.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MaxHeartRateForm(forms.Form):
    """The settings page's heart-rate section (empty: forget it)."""

    max_heart_rate = _max_heart_rate_field()


def sign_run(*, user: User, key: str, format: Format) -> str:
    return signing.dumps({"key": key, "format": format.value}, salt=_salt(user, "run"))


class RunImportForm(RecoveryRunForm):
    """The run form, prefilled from the watch file, with the athlete's maximum heart rate."""

    import_token = forms.CharField(widget=forms.HiddenInput)
    max_heart_rate = _max_heart_rate_field()

    class Meta(RecoveryRunForm.Meta):
        labels = {**RecoveryRunForm.Meta.labels, "legs_felt": "How did your legs feel?"}

    # What the file says first, then what only the athlete knows.
    field_order = [
        "started_at",
        "minutes",
        "distance_km",
        "avg_hr",
        "legs_felt",
        "rpe",
        "outcome",
        "workout",
        "note",
        "max_heart_rate",
    ]

    def __init__(self, *args: Any, athlete: User, **kwargs: Any) -> None:
        super().__init__(*args, athlete=athlete, **kwargs)
        self.athlete = athlete
        self.fields["legs_felt"].widget = forms.RadioSelect(
            choices=self.fields["legs_felt"].choices  # type: ignore[attr-defined]
        )
        if not self.is_bound:
            self.initial.setdefault("max_heart_rate", athlete.max_heart_rate)
            self.initial["legs_felt"] = None

    def clean_import_token(self) -> tuple[str, Format]:
        try:
            data = signing.loads(
                self.cleaned_data["import_token"],
                salt=_salt(self.athlete, "run"),
                max_age=PAYLOAD_MAX_AGE,
            )
            return str(data["key"]), Format(data["format"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(EXPIRED) from None
