from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin's sign-in goes through Legday's (throttled, MFA-aware) sign-in page.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("integrations.urls")),
    path("", include("coaching.urls")),
    path("", include("recovery.urls")),
]
