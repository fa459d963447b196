"""Personal data of meetings: attendance, roles in the minutes, action items (core/privacy.py)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import Found, Kind, Person, record, register

from .models import ActionItem, Addition, AgendaItem, Attendance, CalendarToken, Meeting, MeetingGuest, Reply


def _meetings(person: Person) -> list[Found]:
    user = person.user
    if user is None:
        return []
    found = [
        Found(a.meeting.platform_id, record(a, ["status"], meeting=a.meeting, attendance=True))
        for a in Attendance.objects.filter(user=user).select_related("meeting").order_by("meeting__starts_at")
    ]
    found += [
        Found(r.meeting.platform_id, record(r, ["answer", "replied_at"], meeting=r.meeting, reply=True))
        for r in Reply.objects.filter(user=user).select_related("meeting").order_by("meeting__starts_at")
    ]
    found += [
        Found(g.meeting.platform_id, record(g, [], meeting=g.meeting, guest=True))
        for g in MeetingGuest.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ]
    for field in ("secretary", "checker"):
        found += [
            Found(m.platform_id, {"meeting": str(m), "role": field})
            for m in Meeting.objects.filter(**{field: user}).order_by("starts_at")
        ]
    found += [
        Found(i.meeting.platform_id, record(i, ["title", "notes"], meeting=i.meeting, proposed=True))
        for i in AgendaItem.objects.filter(proposed_by=user).select_related("meeting").order_by("pk")
    ]
    found += [
        Found(
            i.meeting.platform_id,
            record(i, ["title", "status", "due_on"], meeting=i.meeting, action_item=True),
        )
        for i in ActionItem.objects.filter(owner=user).select_related("meeting").order_by("pk")
    ]
    found += [
        Found(a.meeting.platform_id, record(a, ["text", "added_at"], meeting=a.meeting, addition=True))
        for a in Addition.objects.filter(added_by=user).select_related("meeting").order_by("pk")
    ]
    if CalendarToken.objects.filter(user=user).exists():
        found.append(Found(None, {"calendar_feed": True}))
    return found


def _erase(person: Person) -> int:
    """Only the calendar feed goes: attendance, action items and minutes keep their rows.

    They point at the account, which keeps its row with the name "Borttagen person", so the
    minutes and their counts stay whole; names in the notes go in core.privacy.scrub_everywhere.
    """
    if person.user is None:
        return 0
    return CalendarToken.objects.filter(user=person.user).delete()[0]


def _unlocked_checker(person: Person) -> list[str]:
    if person.user is None:
        return []
    return [
        gettext(
            "The person checks the minutes of %(meeting)s, which are not locked: choose another checker first."
        )
        % {"meeting": meeting}
        for meeting in Meeting.objects.filter(checker=person.user, locked_at__isnull=True).order_by(
            "starts_at"
        )
    ]


def _purge(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=365 * settings.MEETINGS_ATTENDANCE_RETENTION_YEARS)
    guests = MeetingGuest.objects.filter(meeting__ends_at__lt=cutoff).delete()[0]
    guests += Reply.objects.filter(meeting__ends_at__lt=cutoff).delete()[0]
    return guests + Attendance.objects.filter(meeting__ends_at__lt=cutoff).delete()[0]


register(
    Kind(
        key="meetings",
        order=50,
        title=_("Meeting attendance and minutes"),
        stored=_(
            "Who was invited to a meeting, replied that they were coming or could not come, attended or "
            "sent apologies, its secretary and checker, "
            "who proposed an agenda item, owns an action item or added to the minutes, and names in the "
            "minutes notes."
        ),
        purpose=_("To hold the network and steering group meetings and keep their minutes."),
        legal_basis=_("Legitimate interest: minutes record who took part in decisions."),
        seen_by=_("Those invited to the meeting and the platform's coordinators."),
        retention=lambda: (
            _(
                "Who was invited, replied and attended is removed %(years)s years after the meeting; the minutes, "
                "decisions and action items are kept as the platform's archive."
            )
            % {"years": settings.MEETINGS_ATTENDANCE_RETENTION_YEARS}
        ),
        setting="MEETINGS_ATTENDANCE_RETENTION_YEARS",
        models=(
            "meetings.Meeting",
            "meetings.MeetingGuest",
            "meetings.AgendaItem",
            "meetings.Attendance",
            "meetings.Reply",
            "meetings.ActionItem",
            "meetings.Addition",
            "meetings.CalendarToken",
        ),
        find=_meetings,
        erase=_erase,
        refuse=_unlocked_checker,
        purge=_purge,
    )
)
