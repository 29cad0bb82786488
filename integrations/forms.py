from __future__ import annotations

from django import forms

from integrations.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=60,
        help_text="What it is for, e.g. “watch face” or “backup script”.",
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read: your plan and your logs. Read and write: also log workouts, "
        "check-ins and runs.",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name
