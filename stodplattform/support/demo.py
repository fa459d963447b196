"""Demo support cases: a year of work at Västerbergslagen, all of it invented example text.

Cases across every category for the six demo enterprises and for people who used the
public form, assigned to the demo coordinator and the co-opted support person; some
confidential, some overdue; prospects at every stage of the start-up pipeline.
"""

import datetime
import random

from django.utils import timezone

from stodplattform.accounts.models import User
from stodplattform.platforms.models import Municipality

from .models import (
    CaseEntry,
    CaseStatus,
    Category,
    EntryKind,
    Outcome,
    Priority,
    Prospect,
    Source,
    Stage,
    SupportCase,
    TimeCategory,
    TimeEntry,
)
from .services import next_reference, sum_case_minutes

LOGINS: list[tuple[str, str]] = []  # the coordinator and the co-opted person come from platforms.demo

EX = "Exempeltext i demodata. "

# (category, title, description)
TOPICS = [
    (
        Category.FINANCING,
        "Ansökan om stöd från Tillväxtverket",
        "Hjälp att skriva en ansökan om stöd till arbetsintegrerande sociala företag.",
    ),
    (
        Category.FINANCING,
        "Finansiering av ny lokal",
        "Företaget vill flytta och behöver se över finansieringen.",
    ),
    (Category.BUSINESS, "Ny tjänst för kommunen", "Utveckla ett erbjudande om parkskötsel till kommunen."),
    (Category.BUSINESS, "Prissättning av tjänster", "Gå igenom priserna inför nästa år."),
    (Category.ADMINISTRATION, "Bokföring och årsbokslut", "Stöd med rutiner för bokföring och bokslut."),
    (Category.ADMINISTRATION, "Rutiner för lönehantering", "Se över hur lönerna hanteras."),
    (Category.SUPERVISOR, "Handledarutbildning", "Två handledare vill gå en utbildning i handledarskap."),
    (Category.SUPERVISOR, "Stöd till ny handledare", "En nyanställd handledare behöver introduktion."),
    (Category.HR, "Arbetsmiljöfråga i verkstaden", "Ett personalärende som behöver hanteras varsamt."),
    (Category.HR, "Samarbetssvårigheter i arbetsgruppen", "Stöd i ett personalärende."),
    (Category.GOVERNANCE, "Stadgeändring inför årsmötet", "Föreningen vill ändra sina stadgar."),
    (Category.GOVERNANCE, "Avtal med kommunen", "Granska ett avtalsförslag om reserverad upphandling."),
    (Category.MARKET, "Marknadsföring i sociala medier", "Hjälp att nå fler kunder."),
    (Category.MARKET, "Delta i julmarknaden", "Planera försäljning på julmarknaden."),
    (
        Category.STARTUP,
        "Starta ekonomisk förening",
        "En grupp vill starta ett socialt företag som ekonomisk förening.",
    ),
    (Category.OTHER, "Fråga om lokaler", "Allmän fråga om lediga lokaler i Ludvika."),
]

REQUESTERS = [
    ("Exempelperson Anna (demo)", "anna.exempel@example.org", "Idé: cykelverkstad (exempel)"),
    ("Exempelperson Bo (demo)", "bo.exempel@example.org", "Föreningen Exempelgården (demo)"),
    (
        "Exempelperson Cecilia (demo)",
        "cecilia.exempel@example.org",
        "Idé: second hand för barnkläder (exempel)",
    ),
    ("Exempelperson David (demo)", "david.exempel@example.org", "Idé: catering (exempel)"),
]

PROSPECTS = [
    ("Cykelköket (exempel)", "Exempelperson Anna (demo)", "2085", Stage.IDEA),
    ("Barnklädesbytet (exempel)", "Exempelperson Cecilia (demo)", "2061", Stage.IDEA),
    ("Smedjebackens catering (exempel)", "Exempelperson David (demo)", "2061", Stage.PLAN),
    ("Grängesbergs snickeri (exempel)", "Exempelperson Erik (demo)", "2085", Stage.FINANCING),
    ("Ludvika tvätteri (exempel)", "Exempelperson Fatima (demo)", "2085", Stage.REGISTRATION),
    ("Fönsterputsarna (exempel)", "Exempelperson Gustav (demo)", "2061", Stage.STARTED),
]

NOTES = [
    (EntryKind.CALL, 20, "Ringde och gick igenom frågan."),
    (EntryKind.MEETING, 90, "Möte på plats hos företaget."),
    (EntryKind.EMAIL, 15, "Skickade underlag via e-post."),
    (EntryKind.NOTE, 30, "Sammanställde underlag."),
    (EntryKind.DECISION, 10, "Beslut om nästa steg."),
]


def load(context: dict) -> None:
    platform = context["platform"]
    coordinator = context["coordinator"]
    coopted = User.objects.get(email="stodperson@example.org")
    enterprises = context.get("enterprises", [])
    rng = random.Random(2026)  # the same demo every time
    today = timezone.localdate()
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["2085", "2061"])}

    prospects = []
    for name, contact, code, stage in PROSPECTS:
        prospects.append(
            Prospect.objects.create(
                platform=platform,
                name=name,
                contact_name=contact,
                municipality=municipalities[code],
                stage=stage,
                notes=EX + "Anteckningar om idén och nästa steg.",
                is_example=True,
            )
        )

    # About one case a week over the past year, oldest first so that the references run in order.
    days = sorted(rng.sample(range(3, 365), 48), reverse=True)
    for n, days_ago in enumerate(days):
        opened = today - datetime.timedelta(days=days_ago)
        category, title, text = TOPICS[n % len(TOPICS)]
        confidential = category == Category.HR
        fields = {
            "platform": platform,
            "title": title,
            "category": category,
            "priority": rng.choice([Priority.LOW, Priority.NORMAL, Priority.NORMAL, Priority.HIGH]),
            "description": EX + text,
            "opened_on": opened,
            "confidential": confidential,
            "is_example": True,
            "created_by": coordinator,
        }
        if category == Category.STARTUP or (n % 7 == 3 and not confidential):
            # From the public form, or about a prospect.
            name, email, organisation = REQUESTERS[n % len(REQUESTERS)]
            fields.update(
                source=Source.FORM,
                requester_name=name,
                requester_email=email,
                requester_organisation=organisation,
                municipality=municipalities["2085"],
                created_by=None,
            )
            if category == Category.STARTUP:
                fields["prospect"] = prospects[n % len(prospects)]
        elif enterprises:
            fields.update(enterprise=enterprises[n % len(enterprises)], source=Source.MANAGER)
        # Older cases are closed; recent ones are new, open or waiting; some are overdue.
        if days_ago > 60 and n % 5 != 0:
            status = CaseStatus.CLOSED
        elif days_ago < 14 and n % 2 == 0:
            status = CaseStatus.NEW
        else:
            status = rng.choice([CaseStatus.OPEN, CaseStatus.OPEN, CaseStatus.WAITING])
        fields["status"] = status
        if status != CaseStatus.NEW:
            fields["assignee"] = coopted if n % 3 == 0 else coordinator
        due_in = rng.choice([14, 30, 45])
        fields["due_on"] = opened + datetime.timedelta(days=due_in)
        if status == CaseStatus.CLOSED:
            fields["outcome"] = rng.choice(
                [Outcome.RESOLVED, Outcome.RESOLVED, Outcome.REFERRED, Outcome.NO_ACTION]
            )
            fields["closed_at"] = timezone.make_aware(
                datetime.datetime.combine(
                    min(opened + datetime.timedelta(days=due_in - 3), today), datetime.time(15)
                )
            )
        case = SupportCase(**fields)
        case.reference = next_reference(platform, opened.year)
        case.save()
        if status == CaseStatus.NEW:
            continue
        for i in range(rng.randint(1, 4)):
            kind, minutes, note = NOTES[(n + i) % len(NOTES)]
            date = min(opened + datetime.timedelta(days=2 + i * 5), today)
            CaseEntry.objects.create(
                case=case, kind=kind, date=date, minutes=minutes, text=EX + note, author=case.assignee
            )

    for week in range(0, 52, 2):
        date = today - datetime.timedelta(days=7 * week + 2)
        TimeEntry.objects.create(
            platform=platform,
            person=coordinator,
            date=date,
            category=TimeCategory.NETWORK if week % 4 == 0 else TimeCategory.ADMINISTRATION,
            minutes=120 if week % 4 == 0 else 60,
            note=EX + ("Nätverksträff med verksamhetsledarna." if week % 4 == 0 else "Administration."),
        )
    TimeEntry.objects.create(
        platform=platform,
        person=coopted,
        date=today - datetime.timedelta(days=10),
        category=TimeCategory.OUTREACH,
        minutes=180,
        note=EX + "Informationsträff om sociala företag på biblioteket.",
    )
    # The entries above were written directly: their monthly sums, as the service keeps them.
    sum_case_minutes(platform_ids=[platform.pk])
