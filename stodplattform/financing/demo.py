"""Demo funding calls, procurement opportunities, quality labels and reserved-contract evidence.

The funders are the kinds these enterprises really use; every title, amount and date is an
invented example (real calls change every year), with deadlines around today so that the
start pages show something.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise, OfferKind
from stodplattform.followup.models import KeyFigures
from stodplattform.platforms.models import Platform, Region

from .models import CallKind, FundingCall, LabelKind, QualityLabel, ReservedEvidence, Tender

LOGINS: list[tuple[str, str]] = []

EX = "Exempel i demodata. "

# (title, kind, funder, days to the deadline or None for continuous, largest amount, co-financing %,
#  scope: "platform", "region" or "all", criteria)
CALLS = [
    (
        "Stöd till arbetsintegrerande sociala företag 2027 (exempel)",
        CallKind.STATE_WISE,
        "Tillväxtverket",
        12,
        Decimal("1500000"),
        50,
        "all",
        {"statuses": ["active", "startup"]},
    ),
    (
        "ESF+: vägar till arbete (exempel)",
        CallKind.ESF,
        "Svenska ESF-rådet",
        45,
        Decimal("3000000"),
        None,
        "all",
        {"min_employees": 2},
    ),
    (
        "Arvsfonden: projekt för unga vuxna (exempel)",
        CallKind.INHERITANCE_FUND,
        "Allmänna arvsfonden",
        None,
        Decimal("600000"),
        None,
        "all",
        {"legal_forms": ["ideell", "ek"]},
    ),
    (
        "Regionens utvecklingsmedel för sociala företag (exempel)",
        CallKind.REGIONAL,
        "Region Dalarna",
        25,
        Decimal("250000"),
        50,
        "region",
        {},
    ),
    (
        "Leader Bergslagen: lokala initiativ (exempel)",
        CallKind.LEADER,
        "Leader Bergslagen",
        8,
        Decimal("200000"),
        33,
        "platform",
        {"municipalities": ["2085", "2061"]},
    ),
    (
        "Affärsutvecklingscheck (exempel)",
        CallKind.CHEQUE,
        "Region Dalarna",
        60,
        Decimal("100000"),
        50,
        "region",
        {"min_age_years": 1, "min_employees": 1},
    ),
    (
        "Stiftelsens bidrag till nystartade sociala företag (exempel)",
        CallKind.FOUNDATION,
        "Stiftelsen Exempel",
        30,
        Decimal("75000"),
        None,
        "platform",
        {"statuses": ["idea", "startup"]},
    ),
]

# (title, buyer, offer codes, days to the deadline, reserved, kind)
TENDERS = [
    (
        "Platser för arbetsträning 2027 (exempel)",
        "Ludvika kommun, arbetsmarknadsenheten",
        ["arbetstraning"],
        10,
        True,
        "tender",
    ),
    (
        "Daglig verksamhet enligt LSS (exempel)",
        "Smedjebackens kommun, socialförvaltningen",
        ["daglig-verksamhet"],
        21,
        True,
        "tender",
    ),
    (
        "Städning av föreningslokaler (exempel)",
        "Smedjebackens kommun",
        ["stadning", "fastighetsskotsel"],
        6,
        False,
        "direct",
    ),
    (
        "Fika och lunch till kommunens konferenser (exempel)",
        "Ludvika kommun",
        ["catering"],
        14,
        False,
        "direct",
    ),
]


def load(context: dict) -> None:
    today = timezone.localdate()
    vbl = Platform.objects.get(slug="vasterbergslagen")
    dalarna = Region.objects.filter(municipalities__code="2085").first()
    for title, kind, funder, days, amount, cofinancing, scope, criteria in CALLS:
        criteria = dict(criteria)
        municipalities = criteria.pop("municipalities", [])
        call = FundingCall.objects.create(
            platform=vbl if scope == "platform" else None,
            region=dalarna if scope == "region" else None,
            title=title,
            kind=kind,
            funder=funder,
            description=EX
            + "Belopp, datum och villkor är påhittade. Läs alltid finansiärens egen utlysning.",
            amount_max=amount,
            cofinancing_percent=cofinancing,
            deadline=today + datetime.timedelta(days=days) if days is not None else None,
            continuous=days is None,
            url="https://example.org/utlysning",
            is_example=True,
            **criteria,
        )
        if municipalities:
            call.municipalities.set(vbl.municipalities.filter(code__in=municipalities))
    kinds = {k.code: k for k in OfferKind.objects.all()}
    for title, buyer, codes, days, reserved, kind in TENDERS:
        tender = Tender.objects.create(
            platform=vbl,
            title=title,
            buyer=buyer,
            kind=kind,
            description=EX
            + "Ett påhittat behov för att visa hur upphandlingar matchas mot företagens erbjudanden.",
            deadline=today + datetime.timedelta(days=days),
            url="https://example.org/upphandling",
            reserved=reserved,
            is_example=True,
        )
        tender.offers.set([kinds[c] for c in codes])

    enterprises = {e.slug: e for e in Enterprise.objects.filter(platform=vbl)}
    labels = [
        ("atervinningsbutiken", LabelKind.CERTIFIED, "", 400, 330),
        ("atervinningsbutiken", LabelKind.MEMBER, "", 900, None),
        ("luddes-hundcenter", LabelKind.MEMBER, "", 200, None),
        ("disponentparken-i-grangesberg", LabelKind.CERTIFIED, "", 700, 20),
        ("vaderbacken-i-smedjebacken", LabelKind.OTHER, "Miljödiplomerad (exempel)", 100, 265),
    ]
    for slug, kind, name, days_ago, renew_in in labels:
        if slug in enterprises:
            QualityLabel.objects.create(
                enterprise=enterprises[slug],
                kind=kind,
                name=name,
                awarded_on=today - datetime.timedelta(days=days_ago),
                renewal_due=today + datetime.timedelta(days=renew_in) if renew_in is not None else None,
                checked_on=today - datetime.timedelta(days=10),
                is_example=True,
            )
    # Two enterprises with evidence for reserved contracts; the first also has key figures that hold.
    for slug, occupied, target in (("atervinningsbutiken", 20, 12), ("vaderbacken-i-smedjebacken", 10, 2)):
        enterprise = enterprises.get(slug)
        if enterprise is None:
            continue
        ReservedEvidence.objects.create(
            enterprise=enterprise,
            statutes=ContentFile(b"%PDF-1.4\n% Exempelstadgar (demodata)\n", name="stadgar.pdf"),
            purpose_confirmed=True,
            checked_on=today - datetime.timedelta(days=30),
        )
        if not KeyFigures.objects.filter(enterprise=enterprise).exists():
            KeyFigures.objects.create(
                enterprise=enterprise,
                year=today.year - 1,
                employees_women=2,
                occupied_women=occupied - 2,
                target_group_women=target,
            )
