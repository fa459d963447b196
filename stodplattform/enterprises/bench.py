"""The benchmark's enterprises: ``--enterprises`` synthetic social enterprises on the bench platforms.

Names, trades and texts are realistic Swedish but invented and marked: every description
begins "Syntetisk testdata", every name ends with its number, ``is_example`` is set, and
none has an organisation number. Every tenth enterprise has a manager (verksamhetsledare).
Inserted in bulk (5 000 take a few seconds); audit history is not written for them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from stodplattform.accounts.bench import BENCH_DOMAIN, make_people
from stodplattform.platforms.bench import BENCH_PREFIX
from stodplattform.platforms.models import Membership, Role

from . import search
from .models import Enterprise, Industry, LegalForm, Status

LOGINS = [("manager", f"verksamhetsledare.1@{BENCH_DOMAIN}")]

# (name, SNI codes, goods, services, what it does)
TRADES = [
    (
        "Återbruket",
        ["47.792", "38.320"],
        ["Begagnade möbler", "Kläder", "Husgeråd", "Böcker"],
        ["Hämtning av skänkta saker", "Tömning av dödsbon"],
        "tar emot skänkta saker och säljer dem vidare i sin butik",
    ),
    (
        "Kafé Mötesplatsen",
        ["56.100", "56.290"],
        ["Smörgåsar", "Bakverk", "Kaffe och te"],
        ["Catering till möten", "Lokal för kalas"],
        "driver ett kafé med hembakat och lunch varje vardag",
    ),
    (
        "Gröna Händer",
        ["81.300", "01.130"],
        ["Grönsaker efter säsong", "Plantor", "Sommarblommor"],
        ["Trädgårdsskötsel", "Gräsklippning", "Snöskottning"],
        "sköter parker och trädgårdar och odlar grönsaker",
    ),
    (
        "Fastighetsservice",
        ["81.100", "81.210"],
        [],
        ["Fastighetsskötsel", "Lokalvård", "Flytt- och bärhjälp"],
        "utför tjänster åt bostadsbolag, företag och kommun",
    ),
    (
        "Snickeriet",
        ["16.230", "32.990"],
        ["Fågelholkar", "Pallkragar", "Möbler i massivt trä"],
        ["Beställningsarbeten", "Renovering av möbler"],
        "tillverkar och renoverar möbler och inredning i trä",
    ),
    (
        "Hantverksboden",
        ["32.990"],
        ["Textilhantverk", "Keramik", "Vävda mattor"],
        ["Kurser i hantverk"],
        "tillverkar och säljer hantverk och håller kurser",
    ),
    (
        "Bageriet",
        ["10.710"],
        ["Matbröd", "Kanelbullar", "Tårtor på beställning"],
        ["Frukostleveranser"],
        "bakar bröd och bullar som säljs i butiken och levereras till kaféer",
    ),
    (
        "Cykelverkstan",
        ["95.290"],
        ["Begagnade cyklar", "Reservdelar"],
        ["Cykelreparationer", "Service av barnvagnar"],
        "lagar och säljer cyklar",
    ),
    (
        "Måleriet",
        ["43.341"],
        [],
        ["Målning inomhus", "Tapetsering", "Fasadmålning"],
        "målar och tapetserar åt privatpersoner och bostadsbolag",
    ),
    (
        "Hundcentret",
        ["96.090"],
        ["Hundfoder"],
        ["Hunddagis", "Hundkurser", "Promenader"],
        "driver hunddagis och håller kurser för hundägare",
    ),
    (
        "Budfirman",
        ["49.410"],
        [],
        ["Budtjänster", "Varutransporter", "Flytthjälp"],
        "kör ut varor och hjälper till vid flyttar",
    ),
    (
        "Träffpunkten",
        ["88.990", "93.290"],
        [],
        ["Fritidsaktiviteter", "Studiecirklar"],
        "ordnar aktiviteter och möten för människor i området",
    ),
]
PREFIXES = ["", "Nya ", "Södra ", "Norra ", "Lilla ", "Stora ", "Gamla ", "Västra ", "Östra "]
STATUSES = [Status.ACTIVE] * 14 + [Status.STARTUP] * 3 + [Status.PAUSED, Status.IDEA, Status.CLOSED]
LEGAL_FORMS = (
    [LegalForm.ECONOMIC_ASSOCIATION] * 4
    + [LegalForm.NON_PROFIT] * 2
    + [
        LegalForm.LIMITED_COMPANY,
        LegalForm.SVB_COMPANY,
        LegalForm.OTHER,
    ]
)
STREETS = [
    "Storgatan",
    "Järnvägsgatan",
    "Kyrkogatan",
    "Industrivägen",
    "Skolgatan",
    "Ringvägen",
    "Bruksgatan",
]


def real_rows() -> int:
    return Enterprise.objects.exclude(platform__slug__startswith=BENCH_PREFIX).count()


def generated_rows() -> int:
    return Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX).count()


def generate(context: dict) -> None:
    rng, count = context["random"], context["enterprises"]
    platforms, covered = context["platforms_made"], context["platform_municipalities"]
    industries = {i.code: i for i in Industry.objects.all()}
    now = timezone.now()
    enterprises, sni = [], []
    for n in range(1, count + 1):
        p = (n - 1) % len(platforms)
        municipality = rng.choice(covered[p])
        name, codes, goods, services, does = rng.choice(TRADES)
        goods = rng.sample(goods, k=rng.randint(0, len(goods))) if goods else []
        services = rng.sample(services, k=rng.randint(1, len(services)))
        full_name = f"{rng.choice(PREFIXES)}{name} i {municipality.name} {n}"
        enterprises.append(
            Enterprise(
                platform=platforms[p],
                name=full_name,
                slug=f"{slugify(full_name)[:70]}-{n}",
                legal_form=rng.choice(LEGAL_FORMS),
                municipality=municipality,
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
                postcode=f"{rng.randint(100, 989)} {rng.randint(10, 99)}",
                city=municipality.name,
                website=f"https://foretag-{n}.{BENCH_DOMAIN}/",
                email=f"info.{n}@{BENCH_DOMAIN}",
                phone=f"070-{n:03d} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                year_founded=rng.randint(1995, 2026),
                status=rng.choice(STATUSES),
                description=(
                    f"Syntetisk testdata för belastningsmätning. {full_name} {does}. "
                    f"Här får personer som stått långt från arbetsmarknaden arbete och handledning "
                    f"i {municipality.name}, i sin egen takt och med stöd av arbetsledare."
                ),
                offers_goods="\n".join(goods),
                offers_services="\n".join(services),
                sells_to_private=rng.random() < 0.8,
                sells_to_public=rng.random() < 0.5,
                is_public=rng.random() < 0.9,
                is_example=True,
                reviewed_at=now - datetime.timedelta(days=rng.randint(0, 500)),
            )
        )
        sni.append(codes[: rng.randint(1, len(codes))])
    enterprises = Enterprise.objects.bulk_create(enterprises, batch_size=500)
    through = Enterprise.industries.through
    through.objects.bulk_create(
        [
            through(enterprise=e, industry=industries[code])
            for e, codes in zip(enterprises, sni, strict=True)
            for code in codes
            if code in industries
        ],
        batch_size=1000,
    )
    managed = enterprises[::10]
    users = make_people(
        [(f"verksamhetsledare.{i}", f"Verksamhetsledare {i} (syntetisk)") for i in range(1, len(managed) + 1)]
    )
    Membership.objects.bulk_create(
        [
            Membership(platform_id=e.platform_id, enterprise=e, user=u, role=Role.MANAGER)
            for e, u in zip(managed, users, strict=True)
        ]
    )
    # Bulk inserts pass by the service layer and its signals: the search documents of the new
    # rows are built here, as `rebuild_search_index` would.
    search.rebuild(Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX))
    context["enterprises_made"] = enterprises


def clear() -> None:
    # Managers' memberships go with the enterprises (cascade).
    Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()


def pages() -> list[dict]:
    directory = reverse("enterprises-directory")
    found = [
        {"name": "directory", "path": directory, "role": None},
        {"name": "directory, page 10", "path": f"{directory}?page=10", "role": None},
        {"name": "directory, searched", "path": f"{directory}?q=kaf%C3%A9+lunch", "role": None},
        {"name": "directory, searched 'möbel'", "path": f"{directory}?q=m%C3%B6bel", "role": None},
        {"name": "directory, searched 'trädgård'", "path": f"{directory}?q=tr%C3%A4dg%C3%A5rd", "role": None},
        # Signed in, the directory is rendered anew for each look (the public cache is for
        # anonymous visitors only).
        {"name": "directory (coordinator)", "path": directory, "role": "coordinator"},
        {
            "name": "directory, searched 'trädgård' (coordinator)",
            "path": f"{directory}?q=tr%C3%A4dg%C3%A5rd",
            "role": "coordinator",
        },
    ]
    # On the first platform, whose coordinator the benchmark signs in as (platforms.bench.LOGINS).
    enterprise = Enterprise.objects.public().filter(platform__slug=f"{BENCH_PREFIX}1").order_by("pk").first()
    if enterprise:
        industry = enterprise.industries.order_by("code").first()
        found.append(
            {
                "name": "directory, filtered",
                "path": f"{directory}?municipality={enterprise.municipality.code}"
                + (f"&industry={industry.code}" if industry else "")
                + "&what=services",
                "role": None,
            }
        )
        found.append({"name": "showcase page", "path": enterprise.get_absolute_url(), "role": None})
        found.append(
            {
                "name": "edit page (coordinator)",
                "path": reverse("enterprises-edit", args=[enterprise.slug]),
                "role": "coordinator",
            }
        )
    found += [
        # Big answers (every listed enterprise): one at a time, for at least 20 s.
        {
            "name": "export CSV",
            "path": reverse("enterprises-export-csv"),
            "role": None,
            "connections": 1,
            "min_duration": 20,
        },
        {
            "name": "export JSON",
            "path": reverse("enterprises-export-json"),
            "role": None,
            "connections": 1,
            "min_duration": 20,
        },
        {
            "name": "export CSV (coordinator)",
            "path": reverse("enterprises-export-csv"),
            "role": "coordinator",
            "connections": 1,
            "min_duration": 20,
        },
    ]
    return found
