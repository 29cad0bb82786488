"""Subclasses of django-allauth's forms (ACCOUNT_FORMS in settings)."""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm
from allauth.core import context
from django import forms

from accounts import lockout
from accounts.adapter import TAKEN, login_string_taken

KEEP_SIGNED_IN_DAYS = 30


class SignInForm(LoginForm):
    """Username or email; "keep me signed in" keeps the session for 30 days."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        if "remember" in self.fields:
            self.fields["remember"].label = f"Keep me signed in ({KEEP_SIGNED_IN_DAYS} days)"

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        if self.cleaned_data.get("remember"):
            request.session.set_expiry(KEEP_SIGNED_IN_DAYS * 24 * 60 * 60)
            request.session["keep_signed_in"] = True
        return response


class ChangePasswordForm(AllauthChangePasswordForm):
    """The current password is checked through the account lockout."""

    def clean_oldpassword(self):
        password = self.cleaned_data.get("oldpassword", "")
        if not lockout.check_password(context.request, self.user, password):
            raise forms.ValidationError("That password is not right.", code="incorrect")
        return password


class AddEmailForm(AllauthAddEmailForm):
    """A new address may not be another account's username or email, in any case."""

    def clean_email(self):
        email = super().clean_email()
        if login_string_taken(email, exclude_user=self.user):
            raise forms.ValidationError(TAKEN, code="login_taken")
        return email
