"""The dashboard's quick check-in draws its fields without crispy, with crispy's markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from recovery.forms import CheckInForm
from tests.factories import make_user

pytestmark = pytest.mark.django_db


class _Markup(HTMLParser):
    """Tags, attributes (a class as a set of names) and text; whitespace and order ignored."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[object] = []

    def handle_starttag(self, tag, attrs):
        attrs = sorted(
            (k, " ".join(sorted((v or "").split())) if k == "class" else v) for k, v in attrs
        )
        self.parts.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.parts.append(("end", tag))

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.parts.append(("text", text))


def markup(html: str) -> list[object]:
    parser = _Markup()
    parser.feed(html)
    return parser.parts


@pytest.mark.parametrize("name", list(CheckInForm.Meta.fields))
def test_each_quick_field_is_what_crispy_draws(name):
    form = CheckInForm(athlete=make_user(username="ana"))
    crispy = Template("{% load crispy_forms_tags %}{{ form|as_crispy_field }}").render(
        Context({"form": form[name]})
    )
    quick = Template('{% include "recovery/components/quick_field.html" %}').render(
        Context({"field": form[name]})
    )
    assert markup(quick) == markup(crispy)
    assert len(markup(quick)) >= 4  # a wrapper, a label and a widget at least
