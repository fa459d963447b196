"""The shared cache's table (settings.CACHES["default"], a DatabaseCache) comes with `migrate`.

Saving a model that public pages show bumps the public cache's generation in this table
(core/pagecache.py), so it must exist before any data is written: by load_demo on a fresh
database, by the admin or by a data migration. `createcachetable` stays harmless to run.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_idempotency_key")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
