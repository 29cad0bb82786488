"""Account URLs: Legday's own pages, then django-allauth's (sign-up, sign-in, email,
password, MFA), all under /accounts/."""

from allauth.account import urls as allauth_account_urls
from allauth.account import views as allauth_views
from django.urls import include, path
from django.views.decorators.http import require_POST

from accounts import views

# Sign-out is POST only (a link or prefetch must not sign anyone out).
logout = require_POST(allauth_views.logout)

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("export/", views.export, name="account_export"),
    path("export/csv/", views.export_csv, name="account_export_csv"),
    path("delete/", views.delete_account, name="account_delete"),
    path("logout/", logout, name="account_logout"),
    *(p for p in allauth_account_urls.urlpatterns if p.name != "account_logout"),
    path("2fa/", include("allauth.mfa.urls")),
]
