"""Demo enterprises: the six social enterprises of Ludvika and Smedjebacken in the seed text.

Their names and trades come from the seed; descriptions are marked as examples
(``is_example``) and no organisation number or personal contact is invented.
"""

import datetime

from django.utils import timezone

from stodplattform.accounts.demo import EXAMPLE, user
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

from .models import Enterprise, Industry, OfferKind, OpeningException, OpeningHours, Status, Synonym

# (slug, name, municipality code, industry codes, description, goods, services, sells to public sector)
ENTERPRISES = [
    (
        "atervinningsbutiken",
        "Återvinningsbutiken",
        "2085",
        ["47.792"],
        "En second hand-butik som tar emot och säljer begagnade möbler, kläder och husgeråd.",
        "Begagnade möbler\nKläder\nHusgeråd",
        "Hämtning av skänkta saker",
        False,
    ),
    (
        "luddes-hundcenter",
        "Luddes Hundcenter",
        "2085",
        ["96.090"],
        "Ett hundcenter med hunddagis och kurser för hundägare.",
        "",
        "Hunddagis\nHundkurser",
        False,
    ),
    (
        "disponentparken-i-grangesberg",
        "Disponentparken i Grängesberg",
        "2085",
        ["81.300", "56.100"],
        "En park i Grängesberg med kafé, som sköts av det sociala företaget.",
        "Fika och lättare luncher",
        "Parkskötsel\nLokal för möten och kalas",
        True,
    ),
    (
        "vaderbacken-i-smedjebacken",
        "Väderbacken i Smedjebacken",
        "2061",
        ["81.100"],
        "Ett socialt företag i Smedjebacken som utför tjänster åt privatpersoner, företag och kommun.",
        "",
        "Fastighetsskötsel\nFlytt- och bärhjälp\nEnklare snickeri",
        True,
    ),
    (
        "odla-po-angen-i-ludvika",
        "Odla Po-ängen i Ludvika",
        "2085",
        ["01.130"],
        "En odling i Ludvika där grönsaker och plantor odlas och säljs.",
        "Grönsaker efter säsong\nPlantor",
        "Trädgårdsskötsel",
        True,
    ),
    (
        "hantverkstan-i-smedjebacken",
        "Hantverkstan i Smedjebacken",
        "2061",
        ["32.990"],
        "En verkstad i Smedjebacken där hantverk tillverkas och säljs.",
        "Textilhantverk\nTrähantverk",
        "Beställningsarbeten",
        False,
    ),
]


# What each offers the public sector (OfferKind codes, enterprises/migrations/0008_offer_kinds.py).
OFFERS = {
    "atervinningsbutiken": ["arbetstraning", "praktik", "atervinning", "flytt-transport"],
    "luddes-hundcenter": ["arbetstraning", "praktik", "hundpensionat"],
    "disponentparken-i-grangesberg": ["arbetstraning", "daglig-verksamhet", "catering", "tradgard"],
    "vaderbacken-i-smedjebacken": ["arbetstraning", "handledd-anstallning", "fastighetsskotsel", "stadning"],
    "odla-po-angen-i-ludvika": ["daglig-verksamhet", "praktik", "odling", "tradgard"],
    "hantverkstan-i-smedjebacken": ["daglig-verksamhet", "hantverk"],
    "exempelkafeet-falun": ["arbetstraning", "catering"],
    "exempelsnickeriet-borlange": ["praktik", "hantverk"],
}

LOGINS = [
    (
        "Verksamhetsledare / manager (Återvinningsbutiken)",
        "verksamhetsledare.atervinningsbutiken@example.org",
    ),
    ("Verksamhetsledare / manager (Luddes Hundcenter)", "verksamhetsledare.luddes@example.org"),
]

OTHER_PLATFORM = [
    ("exempelkafeet-falun", "Exempelkaféet i Falun", "2080", ["56.100"], "Ett påhittat kafé."),
    (
        "exempelsnickeriet-borlange",
        "Exempelsnickeriet i Borlänge",
        "2081",
        ["16.230"],
        "Ett påhittat snickeri.",
    ),
]


# Search synonyms a platform starts with; its coordinators edit them (Start page → Search synonyms).
DEFAULT_SYNONYMS = [
    "loppis, second hand, secondhand, begagnat, återbruk",
    "kafé, café, cafe, kafe, fik, fika",
    "snickeri, snickare, träarbeten",
    "städning, lokalvård",
    "hunddagis, hundpassning",
    "trädgård, trädgårdsskötsel, grönyteskötsel",
    "catering, matleverans",
    "cykelverkstad, cykelreparation, cykelservice",
]


def load(context: dict) -> None:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    industries = {i.code: i for i in Industry.objects.all()}
    offer_kinds = {k.code: k for k in OfferKind.objects.all()}
    vbl = Platform.objects.get(slug="vasterbergslagen")
    now = timezone.now()
    enterprises = []
    for slug, name, code, sni, text, goods, services, public in ENTERPRISES:
        enterprise = Enterprise.objects.create(
            platform=vbl,
            name=name,
            slug=slug,
            municipality=municipalities[code],
            city="Grängesberg" if "grangesberg" in slug else municipalities[code].name,
            status=Status.ACTIVE,
            description=EXAMPLE + text,
            offers_goods=goods,
            offers_services=services,
            sells_to_public=public,
            is_example=True,
            # One showcase also in English, so that the English pages show what an English text does.
            description_en=(
                "Example text in the demo data. A second-hand shop where people in work training "
                "sort, repair and sell furniture, clothes and household goods."
                if slug == "atervinningsbutiken"
                else ""
            ),
            # Two profiles were last confirmed over a year ago, so the start page has something to flag.
            reviewed_at=now - datetime.timedelta(days=400 if len(enterprises) in (2, 4) else 30),
        )
        enterprise.industries.set([industries[c] for c in sni])
        enterprise.offers.set([offer_kinds[c] for c in OFFERS.get(slug, [])])
        if public:
            # Those that sell to the public sector sell to companies too.
            enterprise.sells_to_companies = True
            enterprise.save(update_fields=["sells_to_companies"])
        Membership.objects.create(
            platform=vbl,
            enterprise=enterprise,
            role=Role.MANAGER,
            user=user(f"verksamhetsledare.{slug.split('-')[0]}", f"Verksamhetsledare, {name} (demo)"),
        )
        enterprises.append(enterprise)

    add_showcase(enterprises[0], today=timezone.localdate())

    other = Platform.objects.get(slug="falun-borlange")
    for slug, name, code, sni, text in OTHER_PLATFORM:
        enterprise = Enterprise.objects.create(
            platform=other,
            name=name,
            slug=slug,
            municipality=municipalities[code],
            city=municipalities[code].name,
            status=Status.ACTIVE,
            description=EXAMPLE + text,
            is_example=True,
            reviewed_at=now,
        )
        enterprise.industries.set([industries[c] for c in sni])
        enterprise.offers.set([offer_kinds[c] for c in OFFERS.get(slug, [])])
    for platform in (vbl, other):
        for words in DEFAULT_SYNONYMS:
            Synonym.objects.create(platform=platform, words=words)
    context["enterprises"] = enterprises


def add_showcase(enterprise: Enterprise, *, today: datetime.date) -> None:
    """The second-hand shop's opening hours, an example address and two coming exceptions."""
    enterprise.street_address = "Exempelgatan 1"
    enterprise.postcode = "771 30"
    enterprise.contact_role = "Butiksansvarig (exempel)"
    enterprise.save(update_fields=["street_address", "postcode", "contact_role"])
    for weekday in range(5):
        OpeningHours.objects.create(
            enterprise=enterprise, weekday=weekday, opens=datetime.time(10), closes=datetime.time(18)
        )
    OpeningHours.objects.create(
        enterprise=enterprise, weekday=5, opens=datetime.time(10), closes=datetime.time(14)
    )
    christmas_eve = datetime.date(today.year, 12, 24)
    if christmas_eve < today:
        christmas_eve = christmas_eve.replace(year=today.year + 1)
    OpeningException.objects.create(enterprise=enterprise, date=christmas_eve, closed=True, note="Julafton")
    OpeningException.objects.create(
        enterprise=enterprise,
        date=today + datetime.timedelta(days=9),
        opens=datetime.time(12),
        closes=datetime.time(16),
        note="Inventering (exempel)",
    )
