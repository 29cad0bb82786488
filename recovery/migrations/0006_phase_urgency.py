from django.db import migrations, models


def forget_stored_plans(apps, schema_editor):
    """Stored plans are a cache: drop them, each is recomputed on its next read."""
    apps.get_model("recovery", "StoredPlan").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0005_run_watch_fields"),
    ]

    operations = [
        migrations.RunPython(forget_stored_plans, migrations.RunPython.noop),
        migrations.AddField(
            model_name="planphase",
            name="urgency",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
    ]
