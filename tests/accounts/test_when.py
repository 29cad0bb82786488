"""The ``when`` filter prints exactly what Django's ``date`` filter prints."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]


def formats_in_templates() -> set[str]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        found |= {
            a or b for a, b in re.findall(r"\|when:(?:\"([^\"]*)\"|'([^']*)')", path.read_text())
        }
    return found


FORMATS = sorted(formats_in_templates() | {"N j, Y", "P", "D jS M", "Y-m-d"})  # + fallbacks


def test_the_templates_use_when_and_no_longer_date():
    assert len(formats_in_templates()) >= 8
    for path in TEMPLATES.rglob("*.html"):
        assert "|date:" not in path.read_text(), path


def render(source: str, moment: object, zone: str) -> str:
    with timezone.override(ZoneInfo(zone)):
        return Template(source).render(Context({"moment": moment}))


@pytest.mark.parametrize("fmt", FORMATS)
@given(
    moment=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
)
def test_when_prints_what_date_prints(fmt, moment, zone):
    assert render(f'{{{{ moment|when:"{fmt}" }}}}', moment, zone) == render(
        f'{{{{ moment|date:"{fmt}" }}}}', moment, zone
    )


@pytest.mark.parametrize("value", [None, "", date(2026, 12, 6)])
def test_when_of_no_moment_or_a_date(value):
    assert render('{{ moment|when:"D j M" }}', value, "UTC") == render(
        '{{ moment|date:"D j M" }}', value, "UTC"
    )
