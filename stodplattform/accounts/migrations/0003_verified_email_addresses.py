"""Every existing person gets allauth's verified, primary e-mail address row.

Their addresses were known to be theirs (people come by invitation), and allauth
reads this table for password resets and e-mail changes.
"""

from django.db import migrations


def add_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
            for user in User.objects.exclude(pk__in=have).only("pk", "email")
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_people_and_access"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(add_addresses, migrations.RunPython.noop)]
