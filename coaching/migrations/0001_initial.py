"""The coaching models move here from accounts without moving a row.

CoachLink, AccessLogEntry and LinkInvitation keep their tables (``accounts_*``, see each
model's ``db_table``): this migration only tells Django's state that coaching owns them
(``SeparateDatabaseAndState`` with no database operations), and renames their content types
so admin permissions and log entries follow. ``accounts`` 0006 removes them from its state.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models




def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model__in=MOVED).update(app_label="coaching")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="coaching", model__in=MOVED).update(app_label="accounts")


MOVED = ["coachlink", "accesslogentry", "linkinvitation"]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0005_access_log_keeps_deleted_coach_sign_ins"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='CoachLink',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('pending', 'Pending'), ('active', 'Active'), ('ended', 'Ended')], default='pending', max_length=8)),
                    ('initiated_by', models.CharField(choices=[('athlete', 'Athlete'), ('coach', 'Coach')], max_length=8)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('accepted_at', models.DateTimeField(blank=True, null=True)),
                    ('ended_at', models.DateTimeField(blank=True, null=True)),
                    ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links_as_athlete', to=settings.AUTH_USER_MODEL)),
                    ('coach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links_as_coach', to=settings.AUTH_USER_MODEL)),
                    ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'accounts_coachlink',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='LinkInvitation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('sender_side', models.CharField(choices=[('athlete', 'Athlete'), ('coach', 'Coach')], max_length=8)),
                    ('identifier', models.CharField(max_length=254)),
                    ('status', models.CharField(choices=[('waiting', 'Waiting'), ('delivered', 'Delivered'), ('withdrawn', 'Withdrawn')], default='waiting', max_length=10)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('link', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coaching.coachlink')),
                    ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent_invitations', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'accounts_linkinvitation',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='AccessLogEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('page', models.CharField(max_length=32)),
                    ('path', models.CharField(max_length=500)),
                    ('at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coach_views', to=settings.AUTH_USER_MODEL)),
                    ('coach', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'access log entry',
                    'verbose_name_plural': 'access log entries',
                    'db_table': 'accounts_accesslogentry',
                    'ordering': ['-at'],
                    'indexes': [models.Index(fields=['athlete', '-at'], name='accesslog_athlete_recent')],
                },
            ),
            migrations.AddIndex(
                model_name='coachlink',
                index=models.Index(fields=['athlete', 'status'], name='coachlink_athlete_status'),
            ),
            migrations.AddConstraint(
                model_name='coachlink',
                constraint=models.CheckConstraint(condition=models.Q(('coach', models.F('athlete')), _negated=True), name='coachlink_coach_is_not_athlete'),
            ),
            migrations.AddConstraint(
                model_name='coachlink',
                constraint=models.UniqueConstraint(condition=models.Q(('status', 'ended'), _negated=True), fields=('coach', 'athlete'), name='coachlink_one_open_link_per_pair'),
            ),
            migrations.AddConstraint(
                model_name='coachlink',
                constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'active', 'ended'])), name='coachlink_status_valid'),
            ),
            migrations.AddConstraint(
                model_name='coachlink',
                constraint=models.CheckConstraint(condition=models.Q(('initiated_by__in', ['athlete', 'coach'])), name='coachlink_initiated_by_valid'),
            ),
            migrations.AddConstraint(
                model_name='coachlink',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('accepted_at__isnull', True), ('ended_at__isnull', True), ('status', 'pending')), models.Q(('accepted_at__isnull', False), ('ended_at__isnull', True), ('status', 'active')), models.Q(('ended_at__isnull', False), ('status', 'ended')), _connector='OR'), name='coachlink_timestamps_match_status'),
            ),
            migrations.AddIndex(
                model_name='linkinvitation',
                index=models.Index(fields=['sender', 'status'], name='invitation_sender_status'),
            ),
            migrations.AddIndex(
                model_name='linkinvitation',
                index=models.Index(fields=['status', 'identifier'], name='invitation_waiting_lookup'),
            ),
            migrations.AddConstraint(
                model_name='linkinvitation',
                constraint=models.CheckConstraint(condition=models.Q(('status__in', ['waiting', 'delivered', 'withdrawn'])), name='invitation_status_valid'),
            ),
            migrations.AddConstraint(
                model_name='linkinvitation',
                constraint=models.CheckConstraint(condition=models.Q(('sender_side__in', ['athlete', 'coach'])), name='invitation_sender_side_valid'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
