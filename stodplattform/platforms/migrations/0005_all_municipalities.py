"""Reference data: all of Sweden's 290 municipalities and 21 counties with their SCB codes."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def load(apps, schema_editor):
    Region = apps.get_model("platforms", "Region")
    Municipality = apps.get_model("platforms", "Municipality")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        code = row["county_code"]
        if code not in regions:
            regions[code], _ = Region.objects.update_or_create(code=code, defaults={"name": row["county_name"]})
    for row in rows:
        Municipality.objects.update_or_create(
            code=row["municipality_code"],
            defaults={"name": row["municipality_name"], "region": regions[row["county_code"]]},
        )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0004_invitations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
