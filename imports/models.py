"""What was imported from which file, so importing the same file again creates nothing new."""

from django.conf import settings
from django.db import models

from recovery.models import LegWorkout, RecoveryRun


class ImportedRecord(models.Model):
    """One leg day or run created from a file. ``key`` names the session or run in its file
    (the same session in any export of it has the same key); deleting the workout or run
    deletes this record, so importing the file again brings it back."""

    class Source(models.TextChoices):
        STRONG = "strong", "Strong"
        HEVY = "hevy", "Hevy"
        GPX = "gpx", "GPX"
        TCX = "tcx", "TCX"
        FIT = "fit", "FIT"

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_records"
    )
    key = models.CharField(max_length=64)
    source = models.CharField(max_length=10, choices=Source)
    workout = models.ForeignKey(
        LegWorkout, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(
        RecoveryRun, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "key"], name="import_key_once"),
            models.CheckConstraint(
                condition=models.Q(workout__isnull=False) | models.Q(run__isnull=False),
                name="import_names_a_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} import {self.key[:12]}"
