"""Reference data: the SNI 2007 codes most common among work-integrating social enterprises.

More codes can be added in the admin.
"""

from django.db import migrations

INDUSTRIES = [
    (
        "01.130",
        "Odling av grönsaker, meloner, rot- och knölväxter",
        "Growing of vegetables, melons, roots and tubers",
    ),
    ("01.300", "Plant- och fröodling", "Plant propagation"),
    ("10.710", "Tillverkning av mjukt matbröd och färska bakverk", "Manufacture of bread and fresh pastry"),
    (
        "16.230",
        "Tillverkning av andra byggnads- och inredningssnickerier",
        "Manufacture of other builders' carpentry and joinery",
    ),
    ("32.990", "Övrig diverse tillverkning", "Other manufacturing n.e.c."),
    ("38.320", "Återvinning av källsorterat material", "Recovery of sorted materials"),
    ("43.341", "Måleriarbeten", "Painting"),
    ("47.792", "Övrig butikshandel med begagnade varor", "Other retail sale of second-hand goods in stores"),
    ("49.410", "Vägtransport, godstrafik", "Freight transport by road"),
    ("56.100", "Restaurangverksamhet", "Restaurants and mobile food service activities"),
    ("56.290", "Övrig cateringverksamhet", "Other food service activities"),
    ("81.100", "Fastighetsrelaterade stödtjänster", "Combined facilities support activities"),
    ("81.210", "Lokalvård", "General cleaning of buildings"),
    ("81.300", "Skötsel och underhåll av grönytor", "Landscape service activities"),
    ("88.990", "Övriga öppna sociala insatser", "Other social work activities without accommodation"),
    ("93.290", "Övrig fritidsverksamhet", "Other amusement and recreation activities"),
    (
        "95.290",
        "Reparation av andra hushållsartiklar och personliga artiklar",
        "Repair of other personal and household goods",
    ),
    ("96.090", "Övriga konsumenttjänster", "Other personal service activities n.e.c."),
]


def load(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    for code, name, name_en in INDUSTRIES:
        Industry.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
