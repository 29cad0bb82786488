"""Forms on the sharing page: invite a coach, request an athlete."""

from django import forms

from accounts.identity import identifies_user


class _LinkIdentifierForm(forms.Form):
    """One field: the other person's email address or username."""

    self_error = "You cannot link to yourself."

    identifier = forms.CharField(
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_identifier(self) -> str:
        identifier = self.cleaned_data["identifier"].strip()
        if identifies_user(identifier, self.user):
            raise forms.ValidationError(self.self_error, code="self_link")
        return identifier


class CoachInviteForm(_LinkIdentifierForm):
    prefix = "invite"
    self_error = "That is you. Invite someone else as your coach."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].label = "Coach's email or username"
        self.fields["identifier"].help_text = "They see your data only after they accept."


class AthleteRequestForm(_LinkIdentifierForm):
    prefix = "request"
    self_error = "That is you. You always see your own data."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].label = "Athlete's email or username"
        self.fields["identifier"].help_text = "You see their data only after they accept."
