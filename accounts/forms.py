"""Legday's own account forms. allauth builds its sign-up form on SignupDetailsForm, so this
module must not import ``allauth.account.forms`` (see ``accounts.auth_forms``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model

from accounts import lockout
from accounts.timezones import timezone_choices, timezone_names
from accounts.validators import validate_display_name

if TYPE_CHECKING:
    from accounts.http import AuthenticatedHttpRequest

User = get_user_model()


class TimezoneField(forms.ChoiceField):
    """A short time zone picker: common zones first, canonical names only.

    static/js/legday.js adds a search box above it, and preselects the browser's zone where
    the widget has ``data-browser-timezone`` and nothing is chosen yet.
    """

    def __init__(self, *, ask: bool = False, **kwargs: Any) -> None:
        """``ask``: start with nothing chosen ("Choose your time zone…"), never a silent UTC."""
        choices: list[Any] = list(timezone_choices())
        if ask:
            choices = [("", "Choose your time zone…"), *choices]
            kwargs.setdefault("error_messages", {"required": "Choose your time zone."})
        self.base_choices = choices
        kwargs.setdefault("choices", choices)
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("help_text", "Your plan's clock times are shown in this zone.")
        super().__init__(**kwargs)
        self.widget.attrs["data-timezone-picker"] = "true"

    def keep_current(self, value: str | None) -> None:
        """Offer ``value`` (an account's zone saved under an older name) so a save keeps it."""
        if value and value not in timezone_names():
            label = value.replace("_", " ")
            self.choices = [("Your current zone", [(value, label)]), *self.base_choices]


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Optional. Shown to coaches you share with.")
        kwargs.setdefault("validators", [validate_display_name])
        super().__init__(**kwargs)


class SignupDetailsForm(forms.Form):
    """Legday's extra sign-up fields (allauth's sign-up form is built on this)."""

    first_name = DisplayNameField()
    timezone = TimezoneField(ask=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # static/js/legday.js preselects the browser's zone while nothing is chosen.
        self.fields["timezone"].widget.attrs["data-browser-timezone"] = "true"
        if "email" in self.fields:
            self.fields["email"].help_text = "For password resets and coach invitations."

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["first_name", "timezone"])
        messages.success(request, f"Welcome to Legday, {user.display_name}!")


class SettingsForm(forms.ModelForm):
    first_name = DisplayNameField()
    timezone = TimezoneField()

    class Meta:
        model = User
        fields = ("first_name", "timezone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        timezone = self.fields["timezone"]
        assert isinstance(timezone, TimezoneField)
        timezone.keep_current(self.instance.timezone)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your password to confirm. This cannot be undone.",
    )

    def __init__(self, *args: Any, request: AuthenticatedHttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not lockout.check_password(self.request, self.request.user, password):
            raise forms.ValidationError("That password is not right.")
        return password
