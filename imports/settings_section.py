"""The "Imports and heart rate" section of ``/accounts/settings/`` (registered with
``accounts.settings_sections`` in ``ImportsConfig.ready``)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from accounts.models import User
from imports.forms import MaxHeartRateForm


def settings_context(request: HttpRequest) -> dict[str, Any]:
    user = cast(User, request.user)
    return {"form": MaxHeartRateForm(initial={"max_heart_rate": user.max_heart_rate})}
