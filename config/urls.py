from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.bench import floor

# The admin's sign-in goes through Legday's (throttled, MFA-aware) sign-in page.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("import/", include("imports.urls")),
    path("", include("integrations.urls")),
    path("", include("coaching.urls")),
    path("", include("recovery.urls")),
]

if settings.BENCH_FLOOR:  # make bench only: see config/bench.py
    urlpatterns.insert(0, path("_bench/floor/", floor, name="bench_floor"))
