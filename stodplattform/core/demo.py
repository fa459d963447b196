"""Demo data: the support platform of Västerbergslagen as the seed text describes it.

Facts come from the seed (names of the platform, its members' roles and the six
enterprises); every other text is marked as an example (``is_example``) and no
real person, organisation number or personal contact is invented.
"""

from django.db import transaction

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.enterprises.models import Enterprise, EnterpriseManager, Industry, Status
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

PASSWORD = "demo-stod-2026"

EXAMPLE = "Exempeltext i demodata. "

PLATFORM_TEXT = (
    "Samarkand driver en kompetens- och stödplattform för utveckling av arbetsintegrerande "
    "sociala företag i Ludvika och Smedjebacken. Plattformen stödjer personer och organisationer "
    "som vill starta och utveckla sociala företag, med bland annat finansiering, affärsutveckling, "
    "administration och handledarstöd. Målet är fler bärkraftiga sociala företag i Västerbergslagen. "
    "Arbetet görs framför allt av en operativ HR-resurs från Samarkand, med finansiering från "
    "samordningsförbundet Finsam. Samarkand träffar verksamhetsledarna från de sociala företagen "
    "gemensamt en gång i månaden."
)

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

STEERING = [
    ("naringslivschef.ludvika", "Näringslivschef", "Ludvika kommun"),
    ("ame.ludvika", "Representant för arbetsmarknadsenheten", "Ludvika kommun"),
    ("ame.smedjebacken", "Representant för arbetsmarknadsenheten", "Smedjebackens kommun"),
    ("arbetsformedlingen", "Representant", "Arbetsförmedlingen"),
    ("forbundschef.finsam", "Förbundschef", "Samordningsförbundet (Finsam)"),
]


def _user(local: str, name: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=f"{local}@example.org", defaults={"full_name": name, **extra}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


@transaction.atomic
def load_demo() -> None:
    admin = _user("admin", "Systemadministratör (demo)", is_staff=True, is_superuser=True)
    with acting_as(admin):
        _load()


def _load() -> None:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    industries = {i.code: i for i in Industry.objects.all()}

    vbl = Platform.objects.create(
        name="Stödplattformen Västerbergslagen",
        slug="vasterbergslagen",
        operator="Samarkand",
        funder="Samordningsförbundet (Finsam)",
        contact_email="info@samarkand.example",
        description=PLATFORM_TEXT,
    )
    vbl.municipalities.set([municipalities["2085"], municipalities["2061"]])

    coordinator = _user("samordnare", "Samordnare, Samarkand (demo)")
    Membership.objects.create(
        platform=vbl,
        user=coordinator,
        role=Role.COORDINATOR,
        organisation="Samarkand",
        title="Operativ HR-resurs",
    )
    for local, title, organisation in STEERING:
        Membership.objects.create(
            platform=vbl,
            user=_user(local, f"{title}, {organisation} (demo)"),
            role=Role.STEERING,
            organisation=organisation,
            title=title,
        )
    Membership.objects.create(
        platform=vbl,
        user=_user("stodperson", "Adjungerad stödperson (demo)"),
        role=Role.COOPTED,
        title="Adjungerad operativ stödperson",
        show_publicly=False,
    )

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
        )
        enterprise.industries.set([industries[c] for c in sni])
        EnterpriseManager.objects.create(
            enterprise=enterprise,
            user=_user(f"verksamhetsledare.{slug.split('-')[0]}", f"Verksamhetsledare, {name} (demo)"),
        )

    other = Platform.objects.create(
        name="Exempelplattformen Falun–Borlänge",
        slug="falun-borlange",
        operator="Exempeloperatören (demo)",
        funder="Exempelfinansiären (demo)",
        contact_email="kontakt@falun-borlange.example",
        description=EXAMPLE
        + "En andra, påhittad stödplattform som visar att plattformarnas uppgifter hålls isär.",
    )
    other.municipalities.set([municipalities["2080"], municipalities["2081"]])
    Membership.objects.create(
        platform=other,
        user=_user("samordnare.falun", "Samordnare, Falun–Borlänge (demo)"),
        role=Role.COORDINATOR,
        organisation="Exempeloperatören",
    )
    for slug, name, code, sni, text in [
        ("exempelkafeet-falun", "Exempelkaféet i Falun", "2080", ["56.100"], "Ett påhittat kafé."),
        (
            "exempelsnickeriet-borlange",
            "Exempelsnickeriet i Borlänge",
            "2081",
            ["16.230"],
            "Ett påhittat snickeri.",
        ),
    ]:
        enterprise = Enterprise.objects.create(
            platform=other,
            name=name,
            slug=slug,
            municipality=municipalities[code],
            city=municipalities[code].name,
            status=Status.ACTIVE,
            description=EXAMPLE + text,
            is_example=True,
        )
        enterprise.industries.set([industries[c] for c in sni])

    observer = _user("uppfoljare", "Regional uppföljare (demo)")
    for platform in (vbl, other):
        Membership.objects.create(
            platform=platform, user=observer, role=Role.OBSERVER, organisation="Region Dalarna (exempel)"
        )


# (role, e-mail, what to try) printed by ./serve
LOGINS = [
    ("Samordnare / coordinator", "samordnare@example.org"),
    ("Styrgrupp / steering", "naringslivschef.ludvika@example.org"),
    ("Adjungerad / co-opted", "stodperson@example.org"),
    (
        "Verksamhetsledare / manager (Återvinningsbutiken)",
        "verksamhetsledare.atervinningsbutiken@example.org",
    ),
    ("Verksamhetsledare / manager (Luddes Hundcenter)", "verksamhetsledare.luddes@example.org"),
    ("Regional uppföljare / observer", "uppfoljare@example.org"),
    ("Annan plattform / other platform", "samordnare.falun@example.org"),
    ("Systemadministratör / superuser (/admin/)", "admin@example.org"),
]
