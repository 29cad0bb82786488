"""Give every existing account an allauth EmailAddress row for its email, unverified.

Nobody's address was ever verified before django-allauth, so none is trusted now:
receiving coach invitations waits until the owner confirms it. Passwords are
untouched (same hashers, same column), so everyone signs in as before.
"""

from django.db import migrations
from django.db.models.functions import Lower


def create_email_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(
        EmailAddress.objects.annotate(lower=Lower("email")).values_list("lower", flat=True)
    )
    rows = []
    for user in User.objects.exclude(email="").only("pk", "email").iterator():
        if user.email.lower() in have:
            continue
        have.add(user.email.lower())
        rows.append(EmailAddress(user_id=user.pk, email=user.email, verified=False, primary=True))
    EmailAddress.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_coach_links"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(create_email_addresses, migrations.RunPython.noop),
    ]
