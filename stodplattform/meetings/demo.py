"""Demo meetings: a year of network and steering-group meetings for Västerbergslagen.

The monthly network meeting (first Tuesday at 13:00, not in July) and the steering
group (second Thursday in February, April, June, September and November), from ten
months ago to three months ahead. Past meetings have attendance, minutes, numbered
decisions and action items; every text is marked as an example.
"""

import datetime

from django.utils import timezone

from stodplattform.accounts.demo import EXAMPLE
from stodplattform.accounts.models import User
from stodplattform.platforms.models import Membership, Platform, Role

from . import services
from .models import ActionItem, Kind, Meeting

AGENDA = {
    Kind.NETWORK: [
        ("Nytt från företagen – runda", "Alla verksamhetsledare", 30),
        ("Finansiering och utlysningar just nu", "Samordnaren", 20),
        ("Gemensam marknadsföring", "Återvinningsbutiken", 20),
    ],
    Kind.STEERING: [
        ("Uppföljning av plattformens arbete", "Samordnaren", 20),
        ("Ansökningar om riktade insatser", "Samordnaren", 30),
        ("Budgetläget", "Förbundschef, Finsam", 15),
    ],
}
NOTES = EXAMPLE + "Diskussion om punkten. Deltagarna delade erfarenheter och kom överens om nästa steg."
DECISIONS = {
    Kind.NETWORK: "att gemensamt ta fram ett blad om företagens erbjudanden till kommunernas inköpare.",
    Kind.STEERING: "att bevilja en riktad insats för handledarutbildning inom ramen för årets budget.",
}
ACTIONS = {
    Kind.NETWORK: "Skicka in företagets text till det gemensamma bladet",
    Kind.STEERING: "Ta fram underlag om handledarutbildningen till nästa möte",
}


def load(context: dict) -> None:
    platform = Platform.objects.get(slug="vasterbergslagen")
    coordinator = User.objects.get(email="samordnare@example.org")
    checker_steering = User.objects.get(email="naringslivschef.ludvika@example.org")
    checker_network = User.objects.get(email="verksamhetsledare.atervinningsbutiken@example.org")
    today = timezone.localdate()
    first = (today - datetime.timedelta(days=300)).replace(day=1)
    last = today + datetime.timedelta(days=90)
    network = services.create_series(
        platform=platform,
        by=coordinator,
        kind=Kind.NETWORK,
        title="Nätverksträff för verksamhetsledarna",
        frequency="monthly",
        ordinal=1,
        weekday=1,
        start_time=datetime.time(13, 0),
        duration_minutes=120,
        starts_on=first,
        ends_on=last,
        skip_months="7",
        place="Samarkand, Ludvika (exempeladress)",
        video_link="https://video.example.org/natverk",
    )
    steering = services.create_series(
        platform=platform,
        by=coordinator,
        kind=Kind.STEERING,
        title="Styrgruppsmöte",
        frequency="monthly",
        ordinal=2,
        weekday=3,
        start_time=datetime.time(9, 0),
        duration_minutes=90,
        starts_on=first,
        ends_on=last,
        skip_months="1,3,5,7,8,10,12",
        place="Ludvika kommunhus (exempel)",
    )
    coopted = User.objects.get(email="stodperson@example.org")
    managers = list(
        Membership.objects.current().filter(platform=platform, role=Role.MANAGER).select_related("user")
    )
    now = timezone.now()
    for series, checker in ((network, checker_network), (steering, checker_steering)):
        meetings = list(series.meetings.order_by("starts_at"))
        past = [m for m in meetings if m.ends_at < now]
        for index, meeting in enumerate(meetings):
            meeting = services.change_meeting(
                meeting,
                by=coordinator,
                secretary=coordinator,
                checker=checker,
                guests=[coopted] if series.kind == Kind.STEERING and index % 2 == 0 else [],
            )
            for title, presenter, minutes in AGENDA[series.kind]:
                services.add_agenda_item(
                    meeting,
                    by=coordinator,
                    title=title,
                    presenter=presenter,
                    duration_minutes=minutes,
                    any_time=True,
                )
            if meeting not in past:
                continue
            statuses = {}
            for n, person in enumerate(meeting.invitees()):
                statuses[person.pk] = ("present", "present", "excused", "present", "absent")[(n + index) % 5]
            services.record_attendance(meeting, by=coordinator, statuses=statuses)
            services.save_minutes(
                meeting, by=coordinator, notes={item.pk: NOTES for item in meeting.agenda_items.all()}
            )
            decision = services.add_decision(
                meeting,
                by=coordinator,
                text=EXAMPLE + "Mötet beslutade " + DECISIONS[series.kind],
                agenda_item=meeting.agenda_items.last(),
            )
            owner = managers[index % len(managers)].user if series.kind == Kind.NETWORK else checker
            is_latest = meeting == past[-1]
            item = services.add_action_item(
                meeting,
                by=coordinator,
                title=ACTIONS[series.kind],
                owner=owner,
                # The latest meeting's item is still open and due soon; older ones are done.
                due_on=today + datetime.timedelta(days=5) if is_latest else meeting.starts_at.date(),
                decision=decision,
            )
            if not is_latest:
                item.set_status(ActionItem.Status.DONE)
                services.lock_minutes(meeting, by=checker)
    # The manager of Återvinningsbutiken has an open item from the latest network meeting.
    latest = Meeting.objects.filter(series=network, ends_at__lt=now).order_by("-starts_at").first()
    if latest is not None and not latest.action_items.filter(owner=checker_network).exists():
        services.add_action_item(
            latest,
            by=coordinator,
            title="Dela med dig av erfarenheterna från julmarknaden",
            owner=checker_network,
            due_on=today + datetime.timedelta(days=14),
        )
    context["meetings"] = {"network": network, "steering": steering}
