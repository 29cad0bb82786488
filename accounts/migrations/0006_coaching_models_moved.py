"""CoachLink, AccessLogEntry and LinkInvitation now belong to coaching (its 0001): remove
them from accounts' state only; their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_access_log_keeps_deleted_coach_sign_ins'),
        ('coaching', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveIndex(
                model_name='accesslogentry',
                name='accesslog_athlete_recent',
            ),
            migrations.RemoveIndex(
                model_name='coachlink',
                name='coachlink_athlete_status',
            ),
            migrations.RemoveConstraint(
                model_name='coachlink',
                name='coachlink_coach_is_not_athlete',
            ),
            migrations.RemoveConstraint(
                model_name='coachlink',
                name='coachlink_one_open_link_per_pair',
            ),
            migrations.RemoveConstraint(
                model_name='coachlink',
                name='coachlink_status_valid',
            ),
            migrations.RemoveConstraint(
                model_name='coachlink',
                name='coachlink_initiated_by_valid',
            ),
            migrations.RemoveConstraint(
                model_name='coachlink',
                name='coachlink_timestamps_match_status',
            ),
            migrations.RemoveIndex(
                model_name='linkinvitation',
                name='invitation_sender_status',
            ),
            migrations.RemoveIndex(
                model_name='linkinvitation',
                name='invitation_waiting_lookup',
            ),
            migrations.RemoveConstraint(
                model_name='linkinvitation',
                name='invitation_status_valid',
            ),
            migrations.RemoveConstraint(
                model_name='linkinvitation',
                name='invitation_sender_side_valid',
            ),
            migrations.RemoveField(
                model_name='coachlink',
                name='athlete',
            ),
            migrations.RemoveField(
                model_name='coachlink',
                name='coach',
            ),
            migrations.RemoveField(
                model_name='coachlink',
                name='ended_by',
            ),
            migrations.RemoveField(
                model_name='linkinvitation',
                name='link',
            ),
            migrations.RemoveField(
                model_name='linkinvitation',
                name='sender',
            ),
            migrations.DeleteModel(
                name='AccessLogEntry',
            ),
            migrations.DeleteModel(
                name='CoachLink',
            ),
            migrations.DeleteModel(
                name='LinkInvitation',
            ),
            ],
            database_operations=[],
        ),
    ]
