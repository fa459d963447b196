"""Demo platforms and people: Västerbergslagen as the seed text describes it, and a second example.

Facts come from the seed (the platform, its operator and funder, the roles in its
steering group); everything else is marked as an example and no real person is
invented: every demo person is "<role> (demo)" at example.org.
"""

from stodplattform.accounts.demo import EXAMPLE, user

from .models import Membership, Municipality, Platform, Role

PLATFORM_TEXT = (
    "Samarkand driver en kompetens- och stödplattform för utveckling av arbetsintegrerande "
    "sociala företag i Ludvika och Smedjebacken. Plattformen stödjer personer och organisationer "
    "som vill starta och utveckla sociala företag, med bland annat finansiering, affärsutveckling, "
    "administration och handledarstöd. Målet är fler bärkraftiga sociala företag i Västerbergslagen. "
    "Arbetet görs framför allt av en operativ HR-resurs från Samarkand, med finansiering från "
    "samordningsförbundet Finsam. Samarkand träffar verksamhetsledarna från de sociala företagen "
    "gemensamt en gång i månaden."
)

STEERING = [
    ("naringslivschef.ludvika", "Näringslivschef", "Ludvika kommun"),
    ("ame.ludvika", "Representant för arbetsmarknadsenheten", "Ludvika kommun"),
    ("ame.smedjebacken", "Representant för arbetsmarknadsenheten", "Smedjebackens kommun"),
    ("arbetsformedlingen", "Representant", "Arbetsförmedlingen"),
    ("forbundschef.finsam", "Förbundschef", "Samordningsförbundet (Finsam)"),
]


LOGINS = [
    ("Samordnare / coordinator", "samordnare@example.org"),
    ("Styrgrupp / steering", "naringslivschef.ludvika@example.org"),
    ("Adjungerad / co-opted", "stodperson@example.org"),
    ("Regional uppföljare / observer", "uppfoljare@example.org"),
    ("Annan plattform / other platform", "samordnare.falun@example.org"),
]


def load(context: dict) -> None:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    vbl = Platform.objects.create(
        name="Stödplattformen Västerbergslagen",
        slug="vasterbergslagen",
        operator="Samarkand",
        funder="Samordningsförbundet (Finsam)",
        contact_email="info@samarkand.example",
        # From the series PTS keeps for fiction (070-174 06 05 – 070-174 06 99): nobody's number.
        contact_phone="070-174 06 10",
        description=PLATFORM_TEXT,
        colour="#0f5b4f",  # an example: a dark green on which white text reads well
    )
    vbl.municipalities.set([municipalities["2085"], municipalities["2061"]])
    coordinator = user("samordnare", "Samordnare, Samarkand (demo)")
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
            user=user(local, f"{title}, {organisation} (demo)"),
            role=Role.STEERING,
            organisation=organisation,
            title=title,
        )
    Membership.objects.create(
        platform=vbl,
        user=user("stodperson", "Adjungerad stödperson (demo)"),
        role=Role.COOPTED,
        title="Adjungerad operativ stödperson",
        show_publicly=False,
    )

    other = Platform.objects.create(
        name="Exempelplattformen Falun–Borlänge",
        slug="falun-borlange",
        operator="Exempeloperatören (demo)",
        funder="Exempelfinansiären (demo)",
        contact_email="kontakt@falun-borlange.example",
        colour="#7a1f2b",
        description=EXAMPLE
        + "En andra, påhittad stödplattform som visar att plattformarnas uppgifter hålls isär.",
    )
    other.municipalities.set([municipalities["2080"], municipalities["2081"]])
    Membership.objects.create(
        platform=other,
        user=user("samordnare.falun", "Samordnare, Falun–Borlänge (demo)"),
        role=Role.COORDINATOR,
        organisation="Exempeloperatören",
    )
    observer = user("uppfoljare", "Regional uppföljare (demo)")
    for platform in (vbl, other):
        Membership.objects.create(
            platform=platform, user=observer, role=Role.OBSERVER, organisation="Region Dalarna (exempel)"
        )
    context.update(platform=vbl, other_platform=other, coordinator=coordinator)
