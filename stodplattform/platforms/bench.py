"""The benchmark's platforms: ``--platforms`` synthetic platforms over Sweden's municipalities.

Every platform's slug starts with BENCH_PREFIX, the marker of generated platforms. Each has
a coordinator, three steering-group members and a co-opted support person; one regional
observer follows all of them.
"""

from django.urls import reverse

from stodplattform.accounts.bench import BENCH_DOMAIN, make_people

from .models import Membership, Municipality, Platform, Role

BENCH_PREFIX = "bench-"

LOGINS = [
    ("coordinator", f"samordnare.1@{BENCH_DOMAIN}"),
    ("steering", f"styrgrupp.1.1@{BENCH_DOMAIN}"),
    ("coopted", f"adjungerad.1@{BENCH_DOMAIN}"),
    ("observer", f"uppfoljare@{BENCH_DOMAIN}"),
]

OPERATORS = [
    "Samordningsförbundet",
    "Kommunens arbetsmarknadsenhet",
    "Coompanion",
    "Studieförbundet",
    "Stiftelsen",
]
FUNDERS = ["Samordningsförbundet (Finsam)", "Europeiska socialfonden", "Regionen", "Kommunen"]
STEERING = [
    ("Näringslivschef", "kommun"),
    ("Representant för arbetsmarknadsenheten", "kommun"),
    ("Representant", "Arbetsförmedlingen"),
]


def real_rows() -> int:
    return Platform.objects.exclude(slug__startswith=BENCH_PREFIX).count()


def generated_rows() -> int:
    return Platform.objects.filter(slug__startswith=BENCH_PREFIX).count()


def generate(context: dict) -> None:
    rng, count = context["random"], context["platforms"]
    municipalities = list(Municipality.objects.order_by("code"))
    rng.shuffle(municipalities)
    # Each platform covers a handful of neighbouring-in-the-list municipalities, none shared.
    per = max(1, min(5, len(municipalities) // max(count, 1)))
    platforms, covered = [], []
    for n in range(1, count + 1):
        mine = municipalities[(n - 1) * per : n * per] or [rng.choice(municipalities)]
        main = mine[0]
        platforms.append(
            Platform(
                name=f"Stödplattformen {main.name} (syntetisk {n})",
                slug=f"{BENCH_PREFIX}{n}",
                operator=f"{rng.choice(OPERATORS)} i {main.name}",
                funder=rng.choice(FUNDERS),
                contact_email=f"kontakt.{n}@{BENCH_DOMAIN}",
                contact_phone=f"010-{n:03d} 00 00",
                description=(
                    "Syntetisk testdata för belastningsmätning. "
                    f"Plattformen stödjer arbetsintegrerande sociala företag i {', '.join(m.name for m in mine)} "
                    "med affärsutveckling, handledarstöd och hjälp att hitta finansiering."
                ),
            )
        )
        covered.append(mine)
    platforms = Platform.objects.bulk_create(platforms)
    through = Platform.municipalities.through
    through.objects.bulk_create(
        [
            through(platform=p, municipality=m)
            for p, mine in zip(platforms, covered, strict=True)
            for m in mine
        ]
    )

    people, roles = [], []
    for n, platform in enumerate(platforms, start=1):
        people.append((f"samordnare.{n}", f"Samordnare {n} (syntetisk)"))
        roles.append((platform, Role.COORDINATOR, "Operativ HR-resurs", platform.operator))
        for s, (title, organisation) in enumerate(STEERING, start=1):
            people.append((f"styrgrupp.{n}.{s}", f"{title} {n} (syntetisk)"))
            roles.append((platform, Role.STEERING, title, organisation))
        people.append((f"adjungerad.{n}", f"Adjungerad stödperson {n} (syntetisk)"))
        roles.append((platform, Role.COOPTED, "Adjungerad stödperson", ""))
    users = make_people(people)
    memberships = [
        Membership(platform=platform, user=user, role=role, title=title, organisation=organisation)
        for user, (platform, role, title, organisation) in zip(users, roles, strict=True)
    ]
    (observer,) = make_people([("uppfoljare", "Regional uppföljare (syntetisk)")])
    memberships += [
        Membership(platform=platform, user=observer, role=Role.OBSERVER, organisation="Regionen (syntetisk)")
        for platform in platforms
    ]
    Membership.objects.bulk_create(memberships)
    context["platforms_made"] = platforms
    context["platform_municipalities"] = covered


def clear() -> None:
    # Memberships go with the platforms (cascade); the enterprises were cleared before.
    Platform.objects.filter(slug__startswith=BENCH_PREFIX).delete()


def pages() -> list[dict]:
    platform = Platform.objects.filter(slug__startswith=BENCH_PREFIX).order_by("pk").first()
    if not platform:
        return []
    return [
        {
            "name": "members page (coordinator)",
            "path": reverse("platforms-members", args=[platform.slug]),
            "role": "coordinator",
        }
    ]


# The national data set's size for the capabilities is given at 5 000 enterprises; a smaller
# run (CI's 300) gets the same proportions.
NATIONAL_ENTERPRISES = 5000


def scaled(context: dict, national: int) -> int:
    """``national`` rows at 5 000 enterprises, in proportion to ``--enterprises`` (at least one)."""
    return max(1, round(national * context["enterprises"] / NATIONAL_ENTERPRISES))


def progress(context: dict, message: str) -> None:
    """Tell how far the generator has come (manage.py generate_bench_data prints it)."""
    say = context.get("say")
    if say:
        say(message)


def staff_by_platform(platforms, roles) -> dict[int, list[int]]:
    """User ids holding any of ``roles`` per platform id, in a stable order."""
    found: dict[int, list[int]] = {p.pk: [] for p in platforms}
    rows = (
        Membership.objects.filter(platform__in=platforms, role__in=roles, enterprise__isnull=True)
        .order_by("platform_id", "role", "user_id")
        .values_list("platform_id", "user_id")
    )
    for platform_id, user_id in rows:
        found[platform_id].append(user_id)
    return found
