"""Reference data: what work-integrating social enterprises offer the public sector.

Places for people (sold to municipalities and Arbetsförmedlingen) and the services public
buyers most often buy from them. The everyday words are what buyers type into the search.
More kinds can be added in the admin.
"""

from django.db import migrations

PLACES = [
    (
        "arbetstraning",
        "Arbetsträningsplatser",
        "Work training places",
        "arbetsträning, arbetsträna, work training, work experience",
    ),
    (
        "praktik",
        "Praktikplatser",
        "Work placements",
        "praktik, praktikplats, placement, internship, arbetspraktik",
    ),
    (
        "daglig-verksamhet",
        "Daglig verksamhet (LSS)",
        "Daily activity (LSS)",
        "daglig verksamhet, daily activity, LSS, sysselsättning",
    ),
    (
        "handledd-anstallning",
        "Handledd anställning",
        "Supervised employment",
        "lönebidrag, introduktionsjobb, supported employment, subsidised employment, anställning med stöd",
    ),
    (
        "arbetsprovning",
        "Arbetsprövning och kartläggning",
        "Work assessment",
        "arbetsprövning, kartläggning, work assessment, vocational assessment",
    ),
    (
        "sysselsattning",
        "Sysselsättning och social gemenskap",
        "Occupation and social activity",
        "sysselsättning, öppen verksamhet, meningsfull sysselsättning, occupation",
    ),
]

SERVICES = [
    (
        "stadning",
        "Städning och lokalvård",
        "Cleaning",
        "städning, städ, lokalvård, storstädning, fönsterputs, cleaning, janitorial",
    ),
    (
        "catering",
        "Catering och måltider",
        "Catering and meals",
        "catering, måltider, lunch, mat, fika, café, kafé, restaurang, food, meals",
    ),
    (
        "hundpensionat",
        "Hundpensionat och hunddagis",
        "Dog boarding and day care",
        "hundpensionat, hunddagis, hundpassning, djurpensionat, dog boarding, dog day care, kennel",
    ),
    (
        "tradgard",
        "Trädgård och grönyteskötsel",
        "Gardening and grounds",
        "trädgård, trädgårdsskötsel, grönyteskötsel, gräsklippning, snöskottning, gardening, landscaping",
    ),
    (
        "atervinning",
        "Återvinning och återbruk",
        "Recycling and reuse",
        "återvinning, återbruk, second hand, loppis, insamling, recycling, reuse",
    ),
    (
        "hantverk",
        "Hantverk och tillverkning",
        "Crafts and manufacturing",
        "hantverk, snickeri, sömnad, textil, tillverkning, crafts, carpentry, joinery",
    ),
    (
        "fastighetsskotsel",
        "Fastighetsskötsel",
        "Property maintenance",
        "fastighetsskötsel, vaktmästeri, fastighetsservice, property maintenance, caretaking",
    ),
    ("tvatt", "Tvätt och textilvård", "Laundry", "tvätt, tvätteri, mangling, laundry"),
    (
        "flytt-transport",
        "Flytt, transport och bud",
        "Removals, transport and delivery",
        "flytt, flytthjälp, transport, bud, budning, removals, delivery, courier",
    ),
    (
        "mobelrenovering",
        "Möbelrenovering och reparation",
        "Furniture renovation and repair",
        "möbelrenovering, reparation, cykelreparation, repair, furniture",
    ),
    (
        "kontorsservice",
        "Kontorsservice och administration",
        "Office services",
        "kontorsservice, skanning, utskick, administration, office services, mailing",
    ),
    (
        "odling",
        "Odling och livsmedel",
        "Growing and food production",
        "odling, grönsaker, bageri, livsmedel, growing, vegetables, bakery",
    ),
]


def load(apps, schema_editor):
    OfferKind = apps.get_model("enterprises", "OfferKind")
    for category, rows in (("places", PLACES), ("service", SERVICES)):
        for position, (code, name, name_en, synonyms) in enumerate(rows):
            OfferKind.objects.get_or_create(
                code=code,
                defaults={
                    "category": category,
                    "name": name,
                    "name_en": name_en,
                    "synonyms": synonyms,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0007_offers_to_public_sector")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
