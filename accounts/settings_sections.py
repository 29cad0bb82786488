"""Extra sections of the settings page, filled in by the apps above ``accounts``.

``accounts`` knows nothing of the apps above it: an app that has something to show on
``/accounts/settings/`` registers a section here (in its ``AppConfig.ready``) -- a template
and a function that builds its context from the request. The settings view renders every
registered section, in registration order, below its own form. A section's forms post to its
own app's views, which redirect back to the settings page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

ContextBuilder = Callable[[HttpRequest], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    template_name: str
    context: ContextBuilder


@dataclass(frozen=True)
class RenderedSection:
    """What the settings template includes: ``template_name`` with ``section`` = ``context``."""

    template_name: str
    context: dict[str, Any]


_sections: dict[str, Section] = {}


def register(key: str, *, template_name: str, context: ContextBuilder) -> None:
    """Add a section to the settings page (idempotent per ``key``)."""
    _sections[key] = Section(template_name=template_name, context=context)


def sections_for(request: HttpRequest) -> list[RenderedSection]:
    """Every registered section with its context for ``request``."""
    return [
        RenderedSection(template_name=section.template_name, context=section.context(request))
        for section in _sections.values()
    ]
