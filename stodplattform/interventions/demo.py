"""Demo budget and interventions: Västerbergslagen 2026, one intervention or more in every state.

Everything here is invented and marked as an example (``is_example``, "Exempeltext");
the steps go through the services, so the history shows who did what.
"""

import datetime
from decimal import Decimal

from stodplattform.accounts.demo import EXAMPLE
from stodplattform.accounts.models import User
from stodplattform.enterprises.models import Enterprise

from . import services
from .models import Category, Outcome

YEAR = 2026
TOTAL = Decimal("400000.00")
CATEGORY_AMOUNTS = {
    Category.SUPERVISOR_TRAINING: Decimal("80000.00"),
    Category.COMPETENCE: Decimal("80000.00"),
    Category.EXPERT: Decimal("60000.00"),
    Category.MARKETING: Decimal("100000.00"),
    Category.JOINT: Decimal("50000.00"),
}
MEETING_MARCH = "Styrgruppen, möte 12 mars 2026 (exempel)"
MEETING_MAY = "Styrgruppen, möte 21 maj 2026 (exempel)"

# What the demo's overview shows, to the krona (tested).
EXPECTED = {
    "budget": TOTAL,
    "committed": Decimal("63849.50"),
    "spent": Decimal("99650.50"),
    "remaining": Decimal("236500.00"),
}


def d(month, day):
    return datetime.date(YEAR, month, day)


# (title, enterprise slugs, category, requested, supplier, start, end, applicant,
#  final state, decisions [(date, by, outcome, amount, text)], expenses [(date, amount, supplier, ref)])
INTERVENTIONS = [
    (
        "Handledarutbildning för arbetsträningens handledare",
        ["atervinningsbutiken"],
        Category.SUPERVISOR_TRAINING,
        "40000.00",
        "Exempelutbildaren AB",
        d(3, 16),
        d(5, 29),
        "manager",
        "closed",
        [(d(3, 12), MEETING_MARCH, Outcome.APPROVED, "40000.00", "")],
        [
            (d(4, 15), "20000.00", "Exempelutbildaren AB", "F-1001"),
            (d(6, 1), "18500.00", "Exempelutbildaren AB", "F-1027"),
        ],
    ),
    (
        "Bokföringsexpert inför årsbokslutet",
        ["luddes-hundcenter"],
        Category.EXPERT,
        "25000.00",
        "Exempelbyrån Redovisning",
        d(3, 20),
        d(6, 30),
        "coordinator",
        "reported",
        [(d(3, 12), MEETING_MARCH, Outcome.APPROVED, "25000.00", "Rapport senast 31 augusti.")],
        [(d(6, 30), "24000.00", "Exempelbyrån Redovisning", "2026-118")],
    ),
    (
        "Gemensam marknadsföring på Ludvika marknad",
        [],
        Category.MARKETING,
        "60000.00",
        "Exempelreklam i Dalarna",
        d(4, 1),
        d(10, 31),
        "coordinator",
        "in_progress",
        [
            (d(3, 12), MEETING_MARCH, Outcome.APPROVED, "40000.00", "Gemensam monter för alla företag."),
            (d(5, 21), MEETING_MAY, Outcome.APPROVED, "50000.00", "Utökat med annonsering i lokalpressen."),
        ],
        [
            (d(6, 10), "12500.00", "Exempelreklam i Dalarna", "A-55"),
            (d(8, 20), "6250.50", "Exempeltryckeriet", "T-9"),
        ],
    ),
    (
        "Skyltning och ny webbplats för parkkaféet",
        ["disponentparken-i-grangesberg"],
        Category.MARKETING,
        "30000.00",
        "Exempelbyrån Webb",
        d(9, 1),
        d(12, 18),
        "manager",
        "approved",
        [(d(5, 21), MEETING_MAY, Outcome.APPROVED, "30000.00", "")],
        [],
    ),
    (
        "Kurs i arbetsmiljö för två företag",
        ["vaderbacken-i-smedjebacken", "hantverkstan-i-smedjebacken"],
        Category.COMPETENCE,
        "35000.00",
        "",
        d(6, 1),
        d(9, 30),
        "coordinator",
        "rejected",
        [(d(5, 21), MEETING_MAY, Outcome.REJECTED, None, "Kursen ges kostnadsfritt av kommunen i höst.")],
        [],
    ),
    (
        "Studieresa till sociala företag i Gävleborg",
        ["odla-po-angen-i-ludvika", "hantverkstan-i-smedjebacken"],
        Category.JOINT,
        "45000.00",
        "Exempelresor",
        d(12, 1),
        d(12, 3),
        "coordinator",
        "prepared",
        [],
        [],
    ),
    (
        "Digital kassa och lagerhantering",
        ["atervinningsbutiken"],
        Category.COMPETENCE,
        "20000.00",
        "Exempelkassan AB",
        d(12, 1),
        d(12, 31),
        "manager",
        "submitted",
        [],
        [],
    ),
    (
        "Kurs i försäljning för butikspersonalen",
        ["atervinningsbutiken"],
        Category.MARKETING,
        "15000.00",
        "",
        d(12, 1),
        d(12, 31),
        "manager",
        "draft",
        [],
        [],
    ),
    (
        "Mässmonter på Dalarnas trädgårdsmässa",
        ["odla-po-angen-i-ludvika"],
        Category.MARKETING,
        "12000.00",
        "Exempelmässan",
        d(5, 1),
        d(5, 31),
        "coordinator",
        "cancelled",
        [(d(3, 12), MEETING_MARCH, Outcome.APPROVED, "12000.00", "")],
        [(d(4, 2), "2000.00", "Exempelmässan", "Anmälningsavgift")],
    ),
    (
        "Truckkort för två handledare",
        ["atervinningsbutiken"],
        Category.SUPERVISOR_TRAINING,
        "18000.00",
        "Exempelskolan Truck",
        d(9, 1),
        d(10, 15),
        "manager",
        "in_progress",
        [(d(5, 21), MEETING_MAY, Outcome.APPROVED, "18000.00", "")],
        [(d(10, 15), "16400.00", "Exempelskolan Truck", "F-77")],
    ),
]

REPORT = {
    "done": EXAMPLE + "Utbildningen genomfördes enligt plan.",
    "people_reached_women": 2,
    "people_reached_men": 3,
    "people_reached_other": 1,
    "assessment": EXAMPLE + "Handledarna känner sig tryggare i sin roll.",
}


def load(context: dict) -> None:
    platform = context["platform"]
    coordinator = context["coordinator"]
    steering = User.objects.get(email="naringslivschef.ludvika@example.org")
    enterprises = {e.slug: e for e in Enterprise.objects.filter(platform=platform)}
    managers = {
        e.slug: e.memberships.filter(role="manager").select_related("user").first().user
        for e in enterprises.values()
    }
    services.create_budget(
        platform=platform,
        year=YEAR,
        total=TOTAL,
        funder=platform.funder or "Samordningsförbundet (Finsam)",
        category_amounts=CATEGORY_AMOUNTS,
        by=coordinator,
    )
    for (
        title,
        slugs,
        category,
        requested,
        supplier,
        starts_on,
        ends_on,
        applicant,
        state,
        decisions,
        expenses,
    ) in INTERVENTIONS:
        served = [enterprises[s] for s in slugs]
        by = managers[slugs[0]] if applicant == "manager" else coordinator
        intervention = services.create_intervention(
            platform=platform,
            year=YEAR,
            enterprises=served,
            by=by,
            title=title,
            purpose=EXAMPLE + f"Syftet med insatsen ”{title.lower()}”.",
            expected_effect=EXAMPLE + "Fler deltagare i arbetsträning får stöd av kunniga handledare.",
            category=category,
            requested_amount=Decimal(requested),
            supplier=supplier,
            starts_on=starts_on,
            ends_on=ends_on,
            is_example=True,
        )
        if state == "draft":
            continue
        services.submit_intervention(intervention, by=by)
        if state == "submitted":
            continue
        services.prepare_intervention(
            intervention,
            recommendation=EXAMPLE + "Samordnaren föreslår att styrgruppen bifaller.",
            by=coordinator,
        )
        for decided_on, _meeting, outcome, amount, text in decisions:
            # By circulation: the demo's steering meetings are made later, by the meetings' demo.
            services.record_decision(
                intervention,
                outcome=outcome,
                decided_on=decided_on,
                agreed_by=services.steering_member_choices(platform),
                amount=Decimal(amount) if amount else None,
                text=text,
                by=steering,
            )
        for date, amount, expense_supplier, reference in expenses:
            services.record_expense(
                intervention,
                date=date,
                amount=Decimal(amount),
                supplier=expense_supplier,
                invoice_reference=reference,
                by=coordinator,
            )
        if state in ("reported", "closed"):
            services.report_intervention(intervention, by=by, **REPORT)
        if state == "closed":
            services.close_intervention(intervention, by=coordinator)
        if state == "cancelled":
            services.cancel_intervention(intervention, by=coordinator)
    context["budget_year"] = YEAR
