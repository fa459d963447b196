"""The benchmark's support cases: 200 000 cases with 1 000 000 entries at 5 000 enterprises.

Scaled with ``--enterprises`` (platforms.bench.scaled). Cases are spread over the last three
years, most of them closed, about one in twenty a confidential HR matter; each has one to nine
entries (five on average). Inserted in bulk, a chunk of cases and their entries at a time, so
that memory stays bounded; no audit history is written for them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from stodplattform.accounts.bench import BENCH_DOMAIN
from stodplattform.enterprises import bench as enterprises_bench
from stodplattform.platforms.bench import BENCH_PREFIX, progress, scaled, staff_by_platform
from stodplattform.platforms.models import Role

from .models import (
    CaseEntry,
    CaseMinutesMonth,
    CaseStatus,
    Category,
    EntryKind,
    Outcome,
    Priority,
    ReferenceCounter,
    Source,
    SupportCase,
    reference_prefix,
)
from .services import sum_case_minutes

CASES, ENTRIES = 200_000, 1_000_000
CHUNK = 5000

TOPICS = {
    Category.FINANCING: ["Ansökan om startstöd", "Frågor om lönebidrag", "Budget för nästa år"],
    Category.BUSINESS: ["Ny affärsidé", "Prissättning av tjänster", "Upphandling med kommunen"],
    Category.ADMINISTRATION: ["Bokslut", "Momsredovisning", "Avtal med hyresvärd"],
    Category.SUPERVISOR: ["Handledning av ny medarbetare", "Stöd till arbetsledare"],
    Category.HR: ["Personalärende", "Rehabilitering", "Arbetsmiljöfråga"],
    Category.GOVERNANCE: ["Stadgeändring", "Styrelsens ansvar", "Årsmöte"],
    Category.MARKET: ["Marknadsföring i sociala medier", "Ny kund", "Mässa"],
    Category.STARTUP: ["Starta förening", "Registrering hos Bolagsverket"],
    Category.OTHER: ["Övrig fråga", "Lokalfrågor"],
}
STATUSES = [CaseStatus.CLOSED] * 12 + [CaseStatus.OPEN] * 4 + [CaseStatus.NEW] * 2 + [CaseStatus.WAITING] * 2
NOTES = [
    "Ringde och gick igenom frågan.",
    "Möte på plats hos företaget.",
    "Skickade underlag via e-post.",
    "Beslut taget i samråd med verksamhetsledaren.",
    "Följde upp tidigare samtal.",
]


def generate(context: dict) -> None:
    rng = context["random"]
    platforms, enterprises = context["platforms_made"], context["enterprises_made"]
    cases_wanted = scaled(context, CASES)
    entries_per_case = ENTRIES / CASES  # five on average
    staff = staff_by_platform(platforms, [Role.COORDINATOR, Role.COOPTED])
    by_platform = {p.pk: p for p in platforms}
    prefixes = {p.pk: reference_prefix(p) for p in platforms}
    counters: dict[tuple[int, int], int] = {}
    today = timezone.localdate()
    now = timezone.now()
    made_cases = made_entries = 0
    while made_cases < cases_wanted:
        size = min(CHUNK, cases_wanted - made_cases)
        # Days back, sorted so that the references of a platform and year run in date order.
        days = sorted((rng.randint(0, 3 * 365) for _ in range(size)), reverse=True)
        cases = []
        for back in days:
            enterprise = rng.choice(enterprises) if rng.random() < 0.8 else None
            platform = by_platform[enterprise.platform_id] if enterprise else rng.choice(platforms)
            opened = today - datetime.timedelta(days=back)
            key = (platform.pk, opened.year)
            counters[key] = counters.get(key, 0) + 1
            category = rng.choice(list(TOPICS))
            status = rng.choice(STATUSES) if back > 30 else rng.choice(STATUSES[12:])
            closed = status == CaseStatus.CLOSED
            people = staff[platform.pk]
            assignee = rng.choice(people) if people and rng.random() < 0.7 else None
            cases.append(
                SupportCase(
                    platform=platform,
                    reference=f"{prefixes[platform.pk]}-{opened.year}-{counters[key]:04d}",
                    title=f"{rng.choice(TOPICS[category])} (syntetisk)",
                    category=category,
                    priority=rng.choice([Priority.NORMAL] * 6 + [Priority.HIGH, Priority.LOW]),
                    status=status,
                    outcome=rng.choice(Outcome.values) if closed else "",
                    description="Syntetisk testdata för belastningsmätning. " + rng.choice(NOTES),
                    opened_on=opened,
                    due_on=opened + datetime.timedelta(days=rng.randint(7, 60))
                    if rng.random() < 0.6
                    else None,
                    closed_at=now - datetime.timedelta(days=max(0, back - rng.randint(1, 30)))
                    if closed
                    else None,
                    assignee_id=assignee,
                    enterprise=enterprise,
                    confidential=category == Category.HR and rng.random() < 0.8,
                    requester_name="" if enterprise else f"Förfrågare {made_cases + len(cases) + 1}",
                    requester_email=""
                    if enterprise
                    else f"forfragare.{made_cases + len(cases) + 1}@{BENCH_DOMAIN}",
                    requester_organisation="" if enterprise else "Idé om socialt företag (syntetisk)",
                    source=Source.MANAGER if enterprise and rng.random() < 0.3 else Source.STAFF,
                    is_example=True,
                )
            )
        cases = SupportCase.objects.bulk_create(cases, batch_size=2000)
        entries = []
        for case in cases:
            people = staff[case.platform_id]
            for _ in range(rng.randint(1, round(2 * entries_per_case) - 1)):
                entries.append(
                    CaseEntry(
                        case_id=case.pk,
                        kind=rng.choice(EntryKind.values),
                        date=case.opened_on + datetime.timedelta(days=rng.randint(0, 20)),
                        author_id=rng.choice(people) if people else None,
                        minutes=rng.choice([15, 30, 30, 45, 60, 90, 120]),
                        text=rng.choice(NOTES),
                    )
                )
        CaseEntry.objects.bulk_create(entries, batch_size=2000)
        made_cases += len(cases)
        made_entries += len(entries)
        progress(context, f"   support: {made_cases:,} of {cases_wanted:,} cases, {made_entries:,} entries")
    progress(context, "   support: the minutes' monthly sums")
    sum_case_minutes(platform_ids=list(by_platform))
    # The next case opened through the service continues each platform's numbering.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(platform_id=p, year=y, last=n) for (p, y), n in counters.items()]
    )


def clear() -> None:
    generated = SupportCase.objects.filter(platform__slug__startswith=BENCH_PREFIX)
    CaseEntry.objects.filter(case__in=generated).delete()
    CaseMinutesMonth.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()
    generated.delete()
    ReferenceCounter.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()


def bench_case() -> SupportCase | None:
    """A case of the benchmark's manager's enterprise (on the first platform): its coordinator and
    manager may open it."""
    (email,) = [e for role, e in enterprises_bench.LOGINS if role == "manager"]
    return (
        SupportCase.objects.filter(enterprise__memberships__user__email=email, confidential=False)
        .order_by("pk")
        .first()
    )


def first_views() -> list[dict]:
    """The pages a person opens first (bench/run's first views), and the admin list they compare with."""
    inbox = reverse("support-inbox")
    admin = "/_bench/admin/support/supportcase/"
    found = [
        {"name": "case inbox", "path": inbox, "role": role, "admin": admin}
        for role in ("superuser", "coordinator", "coopted", "manager")
    ]
    found += [
        {
            "name": "case inbox, filtered",
            "path": f"{inbox}?status=all&category=financing&enterprise=kaf%C3%A9&sort=priority",
            "role": role,
            "admin": admin,
        }
        for role in ("superuser", "coordinator")
    ]
    found.append(
        {
            "name": "case inbox, filtered by category",
            "path": f"{inbox}?status=all&category=financing",
            "role": "coordinator",
            "admin": admin,
        }
    )
    case = bench_case()
    if case:
        found += [
            {"name": "a case", "path": case.get_absolute_url(), "role": role, "admin": admin}
            for role in ("coordinator", "manager")
        ]
    found.append({"name": "admin: support cases", "path": admin, "role": "superuser"})
    return found
