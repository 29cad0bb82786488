from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "recovery/landing.html")
    return render(request, "recovery/dashboard.html")
