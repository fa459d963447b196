"""The benchmark's meetings: 20 000 at 5 000 enterprises, with agendas and attendance.

Scaled with ``--enterprises`` (platforms.bench.scaled). Network meetings (the coordinator
and the platform's managers) and steering-group meetings (the coordinator and the steering
group) over the last three years and the coming one; each has three to seven agenda items,
and the past ones their attendance. Inserted in bulk; no audit history is written for them.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from stodplattform.platforms.bench import BENCH_PREFIX, progress, scaled
from stodplattform.platforms.models import Membership, Role

from .models import AgendaItem, Attendance, Kind, Meeting

MEETINGS = 20_000
CHUNK = 5000
AGENDA = [
    "Välkommen och föregående protokoll",
    "Ekonomisk rapport",
    "Rapport från företagen",
    "Ansökningar om insatser",
    "Kommande evenemang",
    "Utbildningsbehov",
    "Övriga frågor",
]


def generate(context: dict) -> None:
    rng = context["random"]
    platforms = context["platforms_made"]
    wanted = scaled(context, MEETINGS)
    people: dict[tuple[int, str], list[tuple[int, int | None]]] = {}
    for platform_id, role, user_id, enterprise_id in (
        Membership.objects.filter(
            platform__in=platforms, role__in=[Role.COORDINATOR, Role.STEERING, Role.MANAGER]
        )
        .order_by("platform_id", "role", "user_id")
        .values_list("platform_id", "role", "user_id", "enterprise_id")
    ):
        people.setdefault((platform_id, role), []).append((user_id, enterprise_id))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made = agenda_made = attendance_made = 0
    while made < wanted:
        size = min(CHUNK, wanted - made)
        meetings = []
        for n in range(made + 1, made + size + 1):
            platform = platforms[(n - 1) % len(platforms)]
            kind = Kind.STEERING if rng.random() < 0.25 else Kind.NETWORK
            starts = now + datetime.timedelta(
                days=rng.randint(-3 * 365, 365), hours=rng.choice([-4, -2, 0, 2])
            )
            coordinator = (people.get((platform.pk, Role.COORDINATOR)) or [(None, None)])[0][0]
            meetings.append(
                Meeting(
                    platform=platform,
                    kind=kind,
                    title=f"{'Styrgruppsmöte' if kind == Kind.STEERING else 'Nätverksträff'} {n} (syntetiskt)",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    place="Kommunhuset, sal 2",
                    proposals_close_at=starts - datetime.timedelta(days=5),
                    secretary_id=coordinator,
                    locked_at=starts + datetime.timedelta(days=7)
                    if starts < now - datetime.timedelta(days=7)
                    else None,
                )
            )
        meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)
        agenda, attendance = [], []
        for meeting in meetings:
            for position, title in enumerate(rng.sample(AGENDA, k=rng.randint(3, 7)), start=1):
                agenda.append(
                    AgendaItem(
                        meeting_id=meeting.pk,
                        position=position,
                        title=title,
                        duration_minutes=rng.choice([10, 15, 20, 30]),
                        notes="Syntetisk testdata. Diskuterades; inga invändningar."
                        if meeting.starts_at < now
                        else "",
                    )
                )
            if meeting.starts_at >= now:
                continue
            roles = [Role.COORDINATOR, Role.STEERING if meeting.kind == Kind.STEERING else Role.MANAGER]
            invited = [p for role in roles for p in people.get((meeting.platform_id, role), [])]
            for user_id, enterprise_id in invited[:12]:
                attendance.append(
                    Attendance(
                        meeting_id=meeting.pk,
                        user_id=user_id,
                        enterprise_id=enterprise_id,
                        status=rng.choice(["present"] * 6 + ["absent", "excused"]),
                    )
                )
        AgendaItem.objects.bulk_create(agenda, batch_size=2000)
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        made += len(meetings)
        agenda_made += len(agenda)
        attendance_made += len(attendance)
        progress(
            context,
            f"   meetings: {made:,} of {wanted:,}, {agenda_made:,} agenda items, {attendance_made:,} attendance rows",
        )


def clear() -> None:
    # Agenda items and attendance go with the meetings (cascade).
    Meeting.objects.filter(platform__slug__startswith=BENCH_PREFIX).delete()


def first_views() -> list[dict]:
    admin = "/_bench/admin/meetings/meeting/"
    found = [{"name": "meetings", "path": reverse("meetings-list"), "role": "coordinator", "admin": admin}]
    past = Meeting.objects.filter(platform__slug=f"{BENCH_PREFIX}1", starts_at__lt=timezone.now())
    for kind, roles in ((Kind.NETWORK, ("coordinator", "manager")), (Kind.STEERING, ("steering",))):
        meeting = past.filter(kind=kind).order_by("-starts_at").first()
        if meeting:
            found += [
                {
                    "name": "a meeting",
                    "path": reverse("meetings-detail", args=[meeting.pk]),
                    "role": r,
                    "admin": admin,
                }
                for r in roles
            ]
    found.append({"name": "admin: meetings", "path": admin, "role": "superuser"})
    return found
