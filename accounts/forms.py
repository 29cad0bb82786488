from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from accounts.timezones import DEFAULT_TIMEZONE, timezone_choices

User = get_user_model()


class TimezoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", timezone_choices)
        kwargs.setdefault("initial", DEFAULT_TIMEZONE)
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("help_text", "Your plan's clock times are shown in this zone.")
        super().__init__(**kwargs)


class UniqueEmailMixin:
    """Emails are unique regardless of letter case."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = User._default_manager.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class SignUpForm(UniqueEmailMixin, UserCreationForm):
    email = forms.EmailField(help_text="For password resets and coach invitations.")
    timezone = TimezoneField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # static/js/legday.js preselects the browser's zone while the field is untouched.
        self.fields["timezone"].widget.attrs["data-browser-timezone"] = "true"

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "first_name", "timezone")
        labels = {"first_name": "Display name"}
        help_texts = {"first_name": "Optional. Shown to coaches you share with."}


class SettingsForm(UniqueEmailMixin, forms.ModelForm):
    timezone = TimezoneField()

    class Meta:
        model = User
        fields = ("first_name", "email", "timezone")
        labels = {"first_name": "Display name"}


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username or email",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your password to confirm. This cannot be undone.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right.")
        return password
