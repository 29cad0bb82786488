"""The imports app's part of a person's data export."""

from __future__ import annotations

from typing import Any

from accounts.access import own_records
from imports.models import ImportedRecord


def imports_export(athlete: Any) -> dict[str, list[dict[str, Any]]]:
    """Which leg days and runs came from which kind of file; 1 query."""
    return {
        "imported_records": [
            {
                "source": record.source,
                "key": record.key,
                "workout_id": record.workout_id,
                "run_id": record.run_id,
                "imported_at": record.created_at.isoformat(),
            }
            for record in own_records(athlete, ImportedRecord.objects.all())
        ]
    }
