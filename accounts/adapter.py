"""Legday's policies for django-allauth: one identity per login string, the account
lockout, the client IP behind trusted proxies, and display-name rules."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.internal.httpkit import clean_client_ip
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from accounts import lockout
from accounts.roles import roles_of
from accounts.validators import validate_not_staff_like

TAKEN = "That name or address is already in use."


def login_string_taken(value: str, *, exclude_user=None) -> bool:
    """Whether ``value`` already names an account, as username or email, in any case."""
    users = get_user_model()._default_manager.all()
    addresses = EmailAddress.objects.all()
    if exclude_user is not None and exclude_user.pk:
        users = users.exclude(pk=exclude_user.pk)
        addresses = addresses.exclude(user=exclude_user)
    value = value.strip()
    return (
        users.filter(username__iexact=value).exists()
        or users.filter(email__iexact=value).exists()
        or addresses.filter(email__iexact=value).exists()
    )


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        validate_not_staff_like(username)
        if not shallow and login_string_taken(username):
            raise forms.ValidationError(TAKEN, code="login_taken")
        return username

    def validate_unique_email(self, email):
        # Sign-up: the address may not be anyone's username or email, in any case.
        email = super().validate_unique_email(email)
        if login_string_taken(email):
            raise forms.ValidationError(TAKEN, code="login_taken")
        return email

    def get_login_redirect_url(self, request):
        # A coach who logs no leg days lands on their athletes (a ?next= still wins).
        return roles_of(request.user).landing_url or super().get_login_redirect_url(request)

    def pre_authenticate(self, request, **credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        self._login_failed_rl_usage = lockout.consume(request, lockout.key_for_login(login))

    def get_client_ip(self, request):
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # Fewer X-Forwarded-For hops than trusted proxies: the request did not come
            # through the proxy chain, so only the connection's own address is known.
            return clean_client_ip(request.META.get("REMOTE_ADDR", ""))
