"""The benchmark's financing: 200 funding calls, 500 procurement opportunities and quality labels
for a tenth of the enterprises, at 5 000 enterprises.

Scaled with ``--enterprises`` (platforms.bench.scaled). Most calls are a platform's own; about a
quarter are shared by the region of a generated platform and about one in eight by the whole
installation (these have no platform: they are told apart by their description, which begins
"Syntetisk testdata", as every generated call's and tender's does). Deadlines lie from two
months back to half a year ahead, some calls are continuous; a third of the calls say who may
apply. The tenders are the generated platforms' municipalities' needs, some reserved for
work-integrating enterprises. Inserted in bulk; no audit history is written for them.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise, LegalForm, OfferKind
from stodplattform.platforms.bench import BENCH_PREFIX, progress, scaled
from stodplattform.platforms.models import Platform

from .models import CallKind, FundingCall, LabelKind, QualityLabel, Tender, TenderKind

CALLS, TENDERS = 200, 500
MARK = "Syntetisk testdata för belastningsmätning."

# (title, kind, funder)
FUNDING = [
    ("Stöd till arbetsintegrerande sociala företag", CallKind.STATE_WISE, "Tillväxtverket"),
    ("ESF+: vägar till arbete", CallKind.ESF, "Svenska ESF-rådet"),
    ("Projekt för unga vuxna", CallKind.INHERITANCE_FUND, "Allmänna arvsfonden"),
    ("Regionala utvecklingsmedel", CallKind.REGIONAL, "Regionen"),
    ("Lokala initiativ på landsbygden", CallKind.LEADER, "Leaderområdet"),
    ("Bidrag till nystartade sociala företag", CallKind.FOUNDATION, "Stiftelsen (syntetisk)"),
    ("Affärsutvecklingscheck", CallKind.CHEQUE, "Regionen"),
    ("Medel för social innovation", CallKind.OTHER, "Samordningsförbundet"),
]
NEEDS = [
    ("Platser för arbetsträning", ["arbetstraning"], True),
    ("Daglig verksamhet enligt LSS", ["daglig-verksamhet"], True),
    ("Städning av kommunens lokaler", ["stadning", "fastighetsskotsel"], False),
    ("Fika och lunch till konferenser", ["catering"], False),
    ("Skötsel av parker och grönytor", [], False),
    ("Tvätt av arbetskläder", [], False),
]
BUYERS = ["kommun", "kommun, socialförvaltningen", "kommun, arbetsmarknadsenheten", "kommuns bostadsbolag"]


def _criteria(rng, industries) -> tuple[dict, list]:
    """Who may apply: nothing for two calls in three, one or two criteria for the rest."""
    if rng.random() < 2 / 3:
        return {}, []
    found: dict = {}
    chosen = []
    for _ in range(rng.randint(1, 2)):
        pick = rng.randrange(5)
        if pick == 0:
            found["legal_forms"] = rng.sample(LegalForm.values, k=rng.randint(1, 3))
        elif pick == 1:
            found["statuses"] = rng.choice([["active"], ["startup"], ["active", "startup"]])
        elif pick == 2:
            found["min_employees"] = rng.randint(1, 3)
        elif pick == 3:
            found["max_age_years"] = rng.choice([3, 5, 10])
        elif industries:
            chosen = rng.sample(industries, k=min(len(industries), rng.randint(1, 3)))
    return found, chosen


def generate(context: dict) -> None:
    rng = context["random"]
    platforms, enterprises = context["platforms_made"], context["enterprises_made"]
    covered = context["platform_municipalities"]
    today = timezone.localdate()
    regions = sorted({m.region_id for mine in covered for m in mine if m.region_id})
    # The industries the generated enterprises work in, so that criteria can fit.
    through = Enterprise.industries.through
    industries = sorted(
        set(through.objects.filter(enterprise__platform__in=platforms).values_list("industry_id", flat=True))
    )

    calls, chosen_industries = [], []
    for n in range(1, scaled(context, CALLS) + 1):
        title, kind, funder = rng.choice(FUNDING)
        draw = rng.random()
        platform = None if draw < 0.375 else platforms[(n - 1) % len(platforms)]
        region = rng.choice(regions) if platform is None and draw >= 0.125 and regions else None
        continuous = rng.random() < 0.15
        criteria, chosen = _criteria(rng, industries)
        calls.append(
            FundingCall(
                platform=platform,
                region_id=region,
                title=f"{title} {today.year} (syntetisk {n})",
                kind=kind,
                funder=funder,
                description=f"{MARK} Stöd till företag som ger arbete åt personer långt från arbetsmarknaden.",
                amount_max=Decimal(rng.randrange(50_000, 3_000_000, 25_000)),
                cofinancing_percent=rng.choice([None, None, 25, 33, 50]),
                deadline=None if continuous else today + datetime.timedelta(days=rng.randint(-60, 180)),
                continuous=continuous,
                url=f"https://utlysning-{n}.bench.example.net/",
                is_example=True,
                **criteria,
            )
        )
        chosen_industries.append(chosen)
    calls = FundingCall.objects.bulk_create(calls, batch_size=1000)
    link = FundingCall.industries.through
    link.objects.bulk_create(
        [
            link(fundingcall_id=c.pk, industry_id=i)
            for c, chosen in zip(calls, chosen_industries, strict=True)
            for i in chosen
        ],
        batch_size=2000,
    )
    progress(context, f"   financing: {len(calls):,} funding calls")

    offers = {k.code: k.pk for k in OfferKind.objects.all()}
    tenders, wanted_offers = [], []
    for n in range(1, scaled(context, TENDERS) + 1):
        p = (n - 1) % len(platforms)
        title, codes, reserved = rng.choice(NEEDS)
        municipality = rng.choice(covered[p])
        tenders.append(
            Tender(
                platform=platforms[p],
                title=f"{title} (syntetisk {n})",
                kind=rng.choice([TenderKind.TENDER, TenderKind.TENDER, TenderKind.DIRECT]),
                buyer=f"{municipality.name} {rng.choice(BUYERS)}",
                description=f"{MARK} Ett påhittat behov hos kommunen, matchat mot företagens erbjudanden.",
                deadline=today + datetime.timedelta(days=rng.randint(-30, 120))
                if rng.random() < 0.9
                else None,
                url=f"https://upphandling-{n}.bench.example.net/",
                reserved=reserved and rng.random() < 0.8,
                is_example=True,
            )
        )
        wanted_offers.append([offers[c] for c in codes if c in offers])
    tenders = Tender.objects.bulk_create(tenders, batch_size=1000)
    link = Tender.offers.through
    link.objects.bulk_create(
        [
            link(tender_id=t.pk, offerkind_id=o)
            for t, chosen in zip(tenders, wanted_offers, strict=True)
            for o in chosen
        ],
        batch_size=2000,
    )
    progress(context, f"   financing: {len(tenders):,} procurement opportunities")

    labelled = rng.sample(enterprises, k=len(enterprises) // 10)
    labels = []
    for e in labelled:
        kind = rng.choice([LabelKind.CERTIFIED, LabelKind.CERTIFIED, LabelKind.MEMBER, LabelKind.OTHER])
        awarded = today - datetime.timedelta(days=rng.randint(30, 1500))
        labels.append(
            QualityLabel(
                enterprise_id=e.pk,
                kind=kind,
                name="Miljödiplomerad (syntetisk)" if kind == LabelKind.OTHER else "",
                awarded_on=awarded,
                renewal_due=awarded + datetime.timedelta(days=3 * 365) if kind != LabelKind.MEMBER else None,
                checked_on=today - datetime.timedelta(days=rng.randint(0, 200)),
                is_example=True,
            )
        )
    QualityLabel.objects.bulk_create(labels, batch_size=1000)
    progress(context, f"   financing: {len(labels):,} quality labels")


def _generated_calls():
    return FundingCall.objects.filter(
        Q(platform__slug__startswith=BENCH_PREFIX) | Q(platform__isnull=True, description__startswith=MARK)
    )


def clear() -> None:
    _generated_calls().delete()
    Tender.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()
    QualityLabel.objects.filter(enterprise__platform__slug__startswith=BENCH_PREFIX).delete()


def pages() -> list[dict]:
    found = [
        {"name": "funding calls (coordinator)", "path": reverse("financing-catalogue"), "role": "coordinator"}
    ]
    if Platform.objects.public().filter(slug=f"{BENCH_PREFIX}1").exists():
        found.append(
            {
                "name": "buyer page",
                "path": reverse("financing-buyers", args=[f"{BENCH_PREFIX}1"]),
                "role": None,
            }
        )
    return found


def first_views() -> list[dict]:
    admin = "/_bench/admin/financing/fundingcall/"
    return [
        {
            "name": "funding calls",
            "path": reverse("financing-catalogue"),
            "role": "coordinator",
            "admin": admin,
        },
        # The start page again, for its panel of matched calls and tenders beside the calls' admin
        # list: a page of twenty panels, held to the floor's target as the other start pages.
        {
            "name": "start page, matched calls",
            "path": reverse("portal-start"),
            "role": "manager",
            "admin": admin,
            "sums": True,
        },
        {"name": "admin: funding calls", "path": admin, "role": "superuser"},
    ]
