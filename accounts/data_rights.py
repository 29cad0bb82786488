"""Everything Legday holds about a person, gathered from every app.

``accounts`` knows nothing of the other apps' models: each app registers an exporter
for its sections here (in its ``AppConfig.ready``), and the export views ask the
registry. An exporter returns ``{section: [row, ...]}`` with flat rows of JSON
values (str, int, float, bool, None), so the same data serves the JSON download and
the CSV zip. The schema is documented in ``docs/data-export.md``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

Row = dict[str, object]
Exporter = Callable[[object], dict[str, list[Row]]]

_exporters: dict[str, Exporter] = {}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def register(app_label: str, exporter: Exporter) -> None:
    """Add ``app_label``'s sections to every export (idempotent per app)."""
    _exporters[app_label] = exporter


def export_sections(user) -> dict[str, list[Row]]:
    """Every registered section for ``user``, in registration order."""
    sections: dict[str, list[Row]] = {}
    for app_label, exporter in _exporters.items():
        for name, rows in exporter(user).items():
            if name in sections:
                raise ValueError(f"{app_label} exports section {name!r} twice")
            sections[name] = rows
    return sections


def csv_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def sections_as_csv_zip(sections: dict[str, list[Row]]) -> bytes:
    """One CSV file per section (header row from the section's first row) in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sections.items():
            out = io.StringIO()
            columns = list(rows[0]) if rows else []
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([csv_cell(row.get(column)) for column in columns])
            archive.writestr(f"{name}.csv", out.getvalue())
    return buffer.getvalue()
