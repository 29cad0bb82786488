import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def copy_created_at(apps, schema_editor):
    SorenessCheckIn = apps.get_model("recovery", "SorenessCheckIn")
    SorenessCheckIn.objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0002_exercise_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="sorenesscheckin",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                help_text="When it was last saved: of two in one minute, this one counts.",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_created_at, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="sorenesscheckin",
            options={"ordering": ["-at", "-updated_at", "-pk"], "verbose_name": "soreness check-in"},
        ),
    ]
