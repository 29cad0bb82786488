"""Seed the catalogue of common lower-body lifts."""

from django.db import migrations

# (name, eccentric_heavy): eccentric-heavy lifts stress muscles while they lengthen
# under load, which causes more delayed-onset soreness.
CATALOGUE = [
    ("Back squat", False),
    ("Front squat", False),
    ("Goblet squat", False),
    ("Conventional deadlift", False),
    ("Romanian deadlift", True),
    ("Nordic hamstring curl", True),
    ("Walking lunge", True),
    ("Reverse lunge", True),
    ("Bulgarian split squat", True),
    ("Step-up", False),
    ("Leg press", False),
    ("Leg extension", False),
    ("Lying leg curl", False),
    ("Hip thrust", False),
    ("Standing calf raise", False),
    ("Box jump", False),
    ("Depth jump", True),
]


def add_catalogue(apps, schema_editor):
    Exercise = apps.get_model("recovery", "Exercise")
    for name, eccentric_heavy in CATALOGUE:
        Exercise.objects.update_or_create(name=name, defaults={"eccentric_heavy": eccentric_heavy})


def remove_catalogue(apps, schema_editor):
    Exercise = apps.get_model("recovery", "Exercise")
    Exercise.objects.filter(name__in=[name for name, _ in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
