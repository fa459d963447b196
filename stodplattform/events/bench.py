"""The benchmark's events: 2 000 at 5 000 enterprises, with 100 000 registrations.

Scaled with ``--enterprises`` (platforms.bench.scaled). Seminars, workshops and fairs over the
last three years and the coming one, fifty registrations each on average (some on the waiting
list or cancelled; past events' visitors mostly checked in). Every registrant's address is at
BENCH_DOMAIN. Inserted in bulk; no audit history is written for them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from stodplattform.accounts.bench import BENCH_DOMAIN
from stodplattform.platforms.bench import BENCH_PREFIX, progress, scaled

from .models import Event, Kind, Registration, RegistrationStatus

EVENTS, REGISTRATIONS = 2000, 100_000
TITLES = [
    ("Frukostseminarium om upphandling", Kind.SEMINAR),
    ("Workshop i marknadsföring", Kind.WORKSHOP),
    ("Mässa för sociala företag", Kind.FAIR),
    ("Inspirationsdag", Kind.SEMINAR),
    ("Nätverksträff för handledare", Kind.OTHER),
]


def generate(context: dict) -> None:
    rng = context["random"]
    platforms = context["platforms_made"]
    wanted = scaled(context, EVENTS)
    per_event = REGISTRATIONS // EVENTS
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    events = []
    for n in range(1, wanted + 1):
        title, kind = rng.choice(TITLES)
        starts = now + datetime.timedelta(days=rng.randint(-3 * 365, 365), hours=rng.choice([-3, 0, 3]))
        events.append(
            Event(
                platform=platforms[(n - 1) % len(platforms)],
                title=f"{title} {n} (syntetiskt)",
                slug=f"{BENCH_PREFIX}evenemang-{n}",
                kind=kind,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                venue="Folkets hus",
                address="Storgatan 1",
                summary="Syntetisk testdata för belastningsmätning.",
                description="Syntetisk testdata för belastningsmätning. Föredrag, samtal och fika.",
                capacity=rng.randint(40, 80),
                is_public=rng.random() < 0.8,
                is_example=True,
            )
        )
    events = Event.objects.bulk_create(events, batch_size=500)
    made = 0
    for start in range(0, len(events), 200):
        registrations = []
        for number, event in enumerate(events[start : start + 200], start=start + 1):
            past = event.starts_at < now
            for i in range(1, rng.randint(1, 2 * per_event - 1) + 1):
                status = RegistrationStatus.CONFIRMED if i <= event.capacity else RegistrationStatus.WAITING
                if rng.random() < 0.05:
                    status = RegistrationStatus.CANCELLED
                registrations.append(
                    Registration(
                        event_id=event.pk,
                        name=f"Deltagare {i} (syntetisk)",
                        email=f"deltagare.{number}.{i}@{BENCH_DOMAIN}",
                        organisation=rng.choice(
                            ["", "Kommunen", "Arbetsförmedlingen", "Ett socialt företag"]
                        ),
                        status=status,
                        key=f"{rng.getrandbits(128):032x}",
                        checked_in_at=event.starts_at
                        if past and status == "confirmed" and rng.random() < 0.8
                        else None,
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)
        made += len(registrations)
        progress(
            context, f"   events: {min(start + 200, len(events)):,} of {wanted:,}, {made:,} registrations"
        )


def clear() -> None:
    # Registrations go with the events (cascade).
    Event.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()


def first_views() -> list[dict]:
    event = (
        Event.objects.filter(platform__slug=f"{BENCH_PREFIX}1", starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    if not event:
        return []
    admin = "/_bench/admin/events/registration/"
    return [
        {
            "name": "event's attendees",
            "path": reverse("events-attendees", args=[event.slug]),
            "role": "coordinator",
            "admin": admin,
        },
        {"name": "admin: registrations", "path": admin, "role": "superuser"},
    ]
