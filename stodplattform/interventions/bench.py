"""The benchmark's interventions: 5 000 at 5 000 enterprises, with budgets, decisions and expenses.

Scaled with ``--enterprises`` (platforms.bench.scaled). Each platform has a budget for this
year and the two before; the interventions are spread over them, each for one to three of the
platform's enterprises, in every status; decided ones have a numbered decision, those under
way or done have expenses. Inserted in bulk; no audit history is written for them.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from stodplattform.platforms.bench import BENCH_PREFIX, progress, scaled, staff_by_platform
from stodplattform.platforms.models import Role

from .models import (
    HOLDING,
    Budget,
    Category,
    CategoryAmount,
    Decision,
    Expense,
    Intervention,
    Outcome,
    Status,
)

INTERVENTIONS = 5000
TITLES = [
    "Handledarutbildning för arbetsledare",
    "Kurs i bokföring",
    "Konsultstöd för affärsplan",
    "Gemensam monter på mässa",
    "Marknadsföring i lokaltidningen",
    "Studiebesök hos annat socialt företag",
    "Utbildning i arbetsmiljö",
]
STATUSES = (
    [Status.CLOSED] * 5
    + [Status.IN_PROGRESS] * 3
    + [Status.APPROVED] * 2
    + [Status.REPORTED, Status.SUBMITTED, Status.PREPARED, Status.DRAFT, Status.REJECTED, Status.CANCELLED]
)
DECIDED = {Status.APPROVED, Status.IN_PROGRESS, Status.REPORTED, Status.CLOSED, Status.REJECTED}
SPENDING = {Status.IN_PROGRESS, Status.REPORTED, Status.CLOSED}


def generate(context: dict) -> None:
    rng = context["random"]
    platforms, enterprises = context["platforms_made"], context["enterprises_made"]
    wanted = scaled(context, INTERVENTIONS)
    year = timezone.localdate().year
    years = [year - 2, year - 1, year]
    budgets = Budget.objects.bulk_create(
        [
            Budget(
                platform=p,
                year=y,
                total=Decimal(rng.randrange(1_500_000, 3_000_000, 50_000)),
                funder="Finsam",
            )
            for p in platforms
            for y in years
        ]
    )
    CategoryAmount.objects.bulk_create(
        [
            CategoryAmount(budget=b, category=c, amount=b.total / len(Category))
            for b in budgets
            for c in Category.values
        ]
    )
    budget_of = {(b.platform_id, b.year): b for b in budgets}
    by_platform: dict[int, list] = {p.pk: [] for p in platforms}
    for e in enterprises:
        by_platform[e.platform_id].append(e)
    coordinators = staff_by_platform(platforms, [Role.COORDINATOR])
    interventions, served = [], []
    for n in range(1, wanted + 1):
        platform = platforms[(n - 1) % len(platforms)]
        budget = budget_of[(platform.pk, rng.choice(years))]
        status = rng.choice(STATUSES)
        starts = datetime.date(budget.year, rng.randint(1, 10), rng.randint(1, 28))
        requested = Decimal(rng.randrange(5_000, 80_000, 1_000))
        approved = (
            requested - Decimal(rng.randrange(0, 4_000, 1_000)) if status in HOLDING | SPENDING else None
        )
        interventions.append(
            Intervention(
                platform=platform,
                budget=budget,
                title=f"{rng.choice(TITLES)} {n}",
                purpose="Syntetisk testdata för belastningsmätning. Stärka företagens arbetsledare.",
                expected_effect="Fler medarbetare får handledning i sin egen takt.",
                category=rng.choice(Category.values),
                requested_amount=requested,
                supplier="Utbildningsföretaget (syntetiskt)",
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=rng.randint(14, 90)),
                status=status,
                applicant_id=(coordinators[platform.pk] or [None])[0],
                approved_amount=approved,
                is_example=True,
            )
        )
        served.append(
            rng.sample(by_platform[platform.pk], k=min(len(by_platform[platform.pk]), rng.randint(1, 3)))
        )
    interventions = Intervention.objects.bulk_create(interventions, batch_size=1000)
    through = Intervention.enterprises.through
    through.objects.bulk_create(
        [
            through(intervention_id=i.pk, enterprise_id=e.pk)
            for i, chosen in zip(interventions, served, strict=True)
            for e in chosen
        ],
        batch_size=2000,
    )
    numbers: dict[tuple[int, int], int] = {}
    decisions, expenses = [], []
    for i in interventions:
        if i.status in DECIDED:
            key = (i.platform_id, i.budget.year)
            numbers[key] = numbers.get(key, 0) + 1
            decisions.append(
                Decision(
                    platform_id=i.platform_id,
                    intervention=i,
                    year=i.budget.year,
                    number=numbers[key],
                    decided_on=i.starts_on - datetime.timedelta(days=14),
                    decided_by="Styrgruppen (syntetisk)",
                    outcome=Outcome.REJECTED if i.status == Status.REJECTED else Outcome.APPROVED,
                    amount=i.approved_amount,
                )
            )
        if i.status in SPENDING:
            parts = rng.randint(1, 3)
            for k in range(parts):
                expenses.append(
                    Expense(
                        intervention=i,
                        date=i.starts_on + datetime.timedelta(days=k * 7),
                        amount=(i.approved_amount / parts / 2).quantize(Decimal("0.01")),
                        supplier=i.supplier,
                        invoice_reference=f"F-{i.pk}-{k + 1}",
                    )
                )
    Decision.objects.bulk_create(decisions, batch_size=1000)
    Expense.objects.bulk_create(expenses, batch_size=1000)
    progress(
        context,
        f"   interventions: {len(interventions):,} with {len(decisions):,} decisions and {len(expenses):,} expenses",
    )


def clear() -> None:
    generated = Intervention.objects.filter(platform__slug__startswith=BENCH_PREFIX)
    Expense.objects.filter(intervention__in=generated).delete()
    Decision.objects.filter(intervention__in=generated).delete()
    generated.delete()
    Budget.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()


def first_views() -> list[dict]:
    admin = "/_bench/admin/interventions/intervention/"
    found = [
        {
            "name": "budget overview",
            "path": reverse("interventions-budget", args=[f"{BENCH_PREFIX}1"]),
            "role": role,
            "admin": admin,
        }
        for role in ("coordinator", "steering")
    ]
    found.append(
        {
            "name": "interventions",
            "path": reverse("interventions-list"),
            "role": "coordinator",
            "admin": admin,
        }
    )
    intervention = (
        Intervention.objects.filter(platform__slug=f"{BENCH_PREFIX}1", status=Status.IN_PROGRESS)
        .order_by("pk")
        .first()
    )
    if intervention:
        found += [
            {"name": "an intervention", "path": intervention.get_absolute_url(), "role": role, "admin": admin}
            for role in ("coordinator", "steering")
        ]
    found.append({"name": "admin: interventions", "path": admin, "role": "superuser"})
    return found
