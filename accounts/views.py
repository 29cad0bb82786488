from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts import data_rights, settings_sections
from accounts.forms import DeleteAccountForm, SettingsForm
from accounts.http import AuthenticatedHttpRequest
from accounts.mfa import user_has_mfa
from accounts.models import User


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("settings")
    context = {
        "form": form,
        "has_mfa": user_has_mfa(request.user),
        "sections": settings_sections.sections_for(request),
    }
    return render(request, "accounts/settings.html", context)


# Takes the password: like Django's own auth views, kept out of caches and error reports.
@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, "Your account and all its data have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


EXPORT_SCHEMA_VERSION = 1


def _export_name(user: User, extension: str) -> str:
    return f"legday-{user.pk}-{timezone.now():%Y%m%d}.{extension}"


@login_required
@require_safe
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything Legday holds about you, as JSON (docs/data-export.md)."""
    data = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        **data_rights.export_sections(request.user),
    }
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request.user, "json")}"'
    return response


@login_required
@require_safe
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same data as one CSV file per section, in a zip (for spreadsheets)."""
    archive = data_rights.sections_as_csv_zip(data_rights.export_sections(request.user))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request.user, "zip")}"'
    return response
