"""Reference data: county 20 Dalarna and its 15 municipalities (SCB codes)."""

from django.db import migrations

DALARNA = [
    ("2021", "Vansbro"),
    ("2023", "Malung-Sälen"),
    ("2026", "Gagnef"),
    ("2029", "Leksand"),
    ("2031", "Rättvik"),
    ("2034", "Orsa"),
    ("2039", "Älvdalen"),
    ("2061", "Smedjebacken"),
    ("2062", "Mora"),
    ("2080", "Falun"),
    ("2081", "Borlänge"),
    ("2082", "Säter"),
    ("2083", "Hedemora"),
    ("2084", "Avesta"),
    ("2085", "Ludvika"),
]


def load(apps, schema_editor):
    Region = apps.get_model("platforms", "Region")
    Municipality = apps.get_model("platforms", "Municipality")
    region, _ = Region.objects.get_or_create(code="20", defaults={"name": "Dalarnas län"})
    for code, name in DALARNA:
        Municipality.objects.get_or_create(code=code, defaults={"name": name, "region": region})


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
