"""Every view that takes a password is never cached and keeps its POST values out of error
reports, as Django's own auth views do (``@never_cache``, ``@sensitive_post_parameters``).

Legday's delete-account view decorates itself; allauth's sign-in and sign-up come decorated,
and ``accounts.urls`` wraps the allauth password views that are not.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from tests.factories import make_user

pytestmark = pytest.mark.django_db

SECRET = "the-secret-typed-into-the-form"
PASSWORD_FIELDS = ("password", "oldpassword", "password1", "password2")
NEVER_CACHE = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}

SIGNED_IN = ["account_delete", "account_change_password", "account_set_password"]
SIGNED_IN += ["account_reauthenticate"]
SIGNED_OUT = ["account_login", "account_signup"]


def url_of(name: str) -> str:
    if name == "account_reset_password_from_key":
        return reverse(name, kwargs={"uidb36": "1", "key": "set-password"})
    return reverse(name)


def client_for(name: str) -> Client:
    client = Client()
    if name in SIGNED_IN:
        client.force_login(make_user())
    return client


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("name", [*SIGNED_IN, *SIGNED_OUT, "account_reset_password_from_key"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_password_pages_are_never_cached(name, method):
    client = client_for(name)
    data = dict.fromkeys(PASSWORD_FIELDS, SECRET) if method == "post" else None
    response = getattr(client, method)(url_of(name), data)
    assert cache_directives(response) >= NEVER_CACHE


@pytest.mark.parametrize("name", [*SIGNED_IN, *SIGNED_OUT, "account_reset_password_from_key"])
def test_posted_passwords_are_hidden_from_error_reports(name):
    response = client_for(name).post(url_of(name), dict.fromkeys(PASSWORD_FIELDS, SECRET))
    request = response.wsgi_request
    assert request.sensitive_post_parameters  # "__ALL__" or the password fields
    reported = SafeExceptionReporterFilter().get_post_parameters(request)
    assert SECRET not in reported.values()


def test_delete_account_marks_every_post_parameter_sensitive():
    """The custom view follows Django's auth views: every POST value, not a named few."""
    client = client_for("account_delete")
    response = client.post(reverse("account_delete"), {"password": SECRET})
    assert response.status_code == 200  # wrong password: the form again
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    assert cache_directives(response) >= NEVER_CACHE
    assert cache_directives(client.get(reverse("account_delete"))) >= NEVER_CACHE
