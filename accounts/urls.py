"""Account URLs: Legday's own pages, then django-allauth's (sign-up, sign-in, email,
password, MFA), all under /accounts/."""

from collections.abc import Iterator

from allauth.account import urls as allauth_account_urls
from allauth.account import views as allauth_views
from django.urls import URLPattern, include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import views

# Sign-out is POST only (a link or prefetch must not sign anyone out).
logout = require_POST(allauth_views.logout)

# allauth's views that take a password but miss never_cache and/or sensitive_post_parameters
# (its sign-in and sign-up have both; Legday's own delete view decorates itself).
TAKE_A_PASSWORD = {
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "account_reset_password_from_key",
}


def _allauth_patterns() -> Iterator[URLPattern]:
    """allauth's account URLs, less its sign-out, with the password views wrapped."""
    for pattern in allauth_account_urls.urlpatterns:
        if pattern.name == "account_logout":
            continue
        if pattern.name in TAKE_A_PASSWORD:
            view = sensitive_post_parameters()(never_cache(pattern.callback))
            pattern = URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)
        yield pattern


urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("export/", views.export, name="account_export"),
    path("export/csv/", views.export_csv, name="account_export_csv"),
    path("delete/", views.delete_account, name="account_delete"),
    path("logout/", logout, name="account_logout"),
    *_allauth_patterns(),
    path("2fa/", include("allauth.mfa.urls")),
]
