"""Meetings: series, agenda, attendance, minutes, decisions, action items, reminders.

Pages, the API and the reminder command call these. Each runs in a transaction
and records its actor in the audit history; a rule broken raises ValidationError
naming the field, and nothing is saved.

For other apps (e.g. interventions, whose decisions are taken by the steering
group): ``steering_decisions(platform)`` lists a platform's steering-meeting
decisions (paragraphs, § 12/2026) and ``decision_by_id(pk, platform=...)`` finds
one by id, so that another app may store the id and show the paragraph without
importing these models' internals.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.core.calendar import to_ical
from stodplattform.platforms.models import Membership, Platform, Role

from . import recurrence
from .calendar import meeting_entry
from .models import (
    ActionItem,
    Addition,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Kind,
    Meeting,
    Reply,
    Series,
    notes_version,
)


def _locked_error():
    return ValidationError(
        _("The minutes are checked and locked. Add a correction as an addition to the minutes instead.")
    )


# -- Series and meetings --------------------------------------------------------


def platform_people(platform_id: int):
    """Who may be named secretary, checker, guest or owner: anyone working with the platform now."""
    members = (
        Membership.objects.current()
        .filter(platform_id=platform_id)
        .exclude(role=Role.OBSERVER)
        .values("user_id")
    )
    return User.objects.filter(pk__in=members, is_active=True).order_by("full_name", "email")


def create_series(*, platform: Platform, by: User | None, **fields) -> Series:
    """A series and its meetings, one for each date of the recurrence."""
    series = Series(platform=platform, **fields)
    if series.ends_on and series.starts_on and series.ends_on < series.starts_on:
        raise ValidationError({"ends_on": _("The last date must come after the first date.")})
    if series.starts_on and series.ends_on and (series.ends_on - series.starts_on).days > 3 * 366:
        raise ValidationError({"ends_on": _("A series may run for at most three years.")})
    if not series.duration_minutes or series.duration_minutes < 5:
        raise ValidationError({"duration_minutes": _("A meeting lasts at least five minutes.")})
    occurrences = recurrence.occurrences(series)
    if not occurrences:
        raise ValidationError(
            {"__all__": [_("The recurrence gives no meeting dates between the first and last date.")]}
        )
    proposal_days = datetime.timedelta(days=settings.MEETINGS_PROPOSAL_DAYS_BEFORE)
    with transaction.atomic(), acting_as(by):
        series.save()
        for starts_at, ends_at in occurrences:
            Meeting.objects.create(
                platform=platform,
                series=series,
                kind=series.kind,
                title=series.title,
                starts_at=starts_at,
                ends_at=ends_at,
                place=series.place,
                video_link=series.video_link,
                proposals_close_at=starts_at - proposal_days,
            )
    return series


def check_meeting_times(*, starts_at, ends_at, proposals_close_at=None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if proposals_close_at and starts_at and proposals_close_at > starts_at:
        raise ValidationError(
            {"proposals_close_at": _("Agenda proposals must close before the meeting starts.")}
        )


def change_meeting(meeting: Meeting, *, by: User | None, guests=None, **fields) -> Meeting:
    """Time, place, link, secretary, checker and named guests of one meeting."""
    starts_at = fields.get("starts_at", meeting.starts_at)
    ends_at = fields.get("ends_at", meeting.ends_at)
    check_meeting_times(
        starts_at=starts_at,
        ends_at=ends_at,
        proposals_close_at=fields.get("proposals_close_at", meeting.proposals_close_at),
    )
    with transaction.atomic(), acting_as(by):
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save()
        if guests is not None:
            meeting.guests.exclude(user__in=guests).delete()
            known = set(meeting.guests.values_list("user_id", flat=True))
            for user in guests:
                if user.pk not in known:
                    meeting.guests.create(user=user)
    return meeting


# -- Agenda -------------------------------------------------------------------


def add_agenda_item(
    meeting: Meeting, *, by: User | None, title: str, any_time: bool = False, **fields
) -> AgendaItem:
    """An agenda item at the end of the agenda. Without ``any_time`` (a proposal), only until the deadline."""
    if not any_time and not meeting.proposals_open():
        raise ValidationError(
            {
                "title": _("Proposals for this meeting closed on %(deadline)s. Contact the coordinator.")
                % {"deadline": timezone.localtime(meeting.proposals_close_at).strftime("%Y-%m-%d %H:%M")}
            }
        )
    if meeting.is_locked:
        raise _locked_error()
    with transaction.atomic(), acting_as(by):
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        return AgendaItem.objects.create(
            meeting=meeting, title=title, position=last + 1, proposed_by=by, **fields
        )


# -- Attendance ---------------------------------------------------------------


def record_attendance(meeting: Meeting, *, by: User | None, statuses: dict[int, str]) -> None:
    """Attendance per invitee ({user id: present/absent/excused}); an empty status removes the record.

    For network meetings each manager's attendance also counts for their enterprise.
    """
    if meeting.is_locked:
        raise _locked_error()
    memberships = list(meeting.invitee_memberships())
    invited = {user.pk for user in meeting.invitees()}
    enterprise_of = {m.user_id: m.enterprise_id for m in memberships if m.enterprise_id}
    unknown = set(statuses) - invited
    if unknown:
        raise ValidationError(_("Attendance can only be recorded for the meeting's invitees."))
    valid = set(Attendance.Status.values)
    with transaction.atomic(), acting_as(by):
        existing = {a.user_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
        for user_id, status in statuses.items():
            record = existing.get(user_id)
            if not status:
                if record:
                    record.delete()
                continue
            if status not in valid:
                raise ValidationError(_("Choose present, absent or excused."))
            enterprise_id = enterprise_of.get(user_id) if meeting.kind == Kind.NETWORK else None
            if record is None:
                Attendance.objects.create(
                    meeting=meeting, user_id=user_id, status=status, enterprise_id=enterprise_id
                )
            elif record.status != status or record.enterprise_id != enterprise_id:
                record.status, record.enterprise_id = status, enterprise_id
                record.save()


# -- Minutes ------------------------------------------------------------------


class MinutesConflict(ValidationError):
    """Someone else saved notes of these items after the form was loaded: ``newer`` is
    {item id: their text}. Nothing of the save was kept."""

    def __init__(self, newer: dict[int, str]):
        super().__init__(
            _(
                "Someone else changed these notes after you opened the page. Your text is kept "
                "in the box and theirs is shown below it: merge them and save again."
            ),
            code="stale",
        )
        self.newer = newer


def save_minutes(
    meeting: Meeting, *, by: User | None, notes: dict[int, str], loaded: dict[int, str] | None = None
) -> None:
    """Notes per agenda item ({item id: text}). Refused once the minutes are locked.

    ``loaded`` ({item id: ``AgendaItem.notes_version``}) is what the writer's form showed:
    an item whose text they changed but someone else saved since is refused
    (``MinutesConflict``: nothing is saved), and an item they left alone keeps whatever
    was saved since. Without ``loaded`` (demo data, a script) the text is written as given.
    """
    with transaction.atomic(), acting_as(by):
        # The meeting's row is the lock: two saves of one meeting's minutes run one after the other.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_locked:
            raise _locked_error()
        changes, newer = [], {}
        for item in meeting.agenda_items.filter(pk__in=list(notes)):
            text = notes[item.pk].replace("\r\n", "\n").strip()
            if text == item.notes:
                continue
            base = loaded.get(item.pk) if loaded is not None else item.notes_version
            if base == item.notes_version:
                changes.append((item, text))
            elif notes_version(text) != base:
                newer[item.pk] = item.notes
            # else: left alone in this form and changed by someone else since: theirs stays.
        if newer:
            raise MinutesConflict(newer)
        for item, text in changes:
            item.notes = text
            item.save(update_fields=["notes"])


# Other numbered decisions in the same register (§ n/år per platform and year): a capability
# above meetings (interventions' decisions by circulation) registers a function
# (platform_id, year) -> its highest number, so that one register never gives a number twice.
_other_registers = []


def also_numbered(highest) -> None:
    """Register ``highest(platform_id, year) -> int | None`` as part of the decision register."""
    if highest not in _other_registers:
        _other_registers.append(highest)


def next_decision_number(platform: Platform, year: int) -> int:
    last = Decision.objects.filter(platform=platform, year=year).aggregate(last=Max("number"))["last"]
    others = [highest(platform.pk, year) for highest in _other_registers]
    return max([last or 0, *(n or 0 for n in others)]) + 1


def allocate_decision_number(platform: Platform, year: int) -> int:
    """The next § number of the platform's register, for a decision taken outside a meeting
    (by circulation). Call it inside the transaction that stores the decision: the platform's
    row lock, the same one ``add_decision`` takes, is held until it commits."""
    Platform.objects.select_for_update().filter(pk=platform.pk).first()
    return next_decision_number(platform, year)


def add_decision(
    meeting: Meeting,
    *,
    by: User | None,
    text: str,
    agenda_item: AgendaItem | None = None,
    number: int | None = None,
) -> Decision:
    """A numbered decision (§ number/year, per platform). ``number`` defaults to the next free one."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item on this meeting's agenda.")})
    year = timezone.localtime(meeting.starts_at).year
    try:
        with transaction.atomic(), acting_as(by):
            # One decision at a time per platform: the next number cannot be taken twice.
            Platform.objects.select_for_update().filter(pk=meeting.platform_id).first()
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if meeting.is_locked:
                raise _locked_error()
            if number is None:
                number = next_decision_number(meeting.platform, year)
            elif Decision.objects.filter(platform_id=meeting.platform_id, year=year, number=number).exists():
                raise ValidationError({"number": _taken(number, year, meeting.platform)})
            return Decision.objects.create(
                meeting=meeting,
                platform_id=meeting.platform_id,
                agenda_item=agenda_item,
                year=year,
                number=number,
                text=text,
            )
    except IntegrityError as error:
        raise ValidationError({"number": _taken(number, year, meeting.platform)}) from error


def _taken(number, year, platform) -> str:
    return _("§ %(number)s/%(year)s already exists. The next free number is %(next)s.") % {
        "number": number,
        "year": year,
        "next": next_decision_number(platform, year),
    }


def add_action_item(
    meeting: Meeting,
    *,
    by: User | None,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    decision: Decision | None = None,
) -> ActionItem:
    errors = {}
    if owner is None:
        errors["owner"] = _("Name who is to do it.")
    if due_on is None:
        errors["due_on"] = _("Give a due date.")
    if decision is not None and decision.meeting_id != meeting.pk:
        errors["decision"] = _("Choose a decision of this meeting.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_locked:
            raise _locked_error()
        return ActionItem.objects.create(
            meeting=meeting, title=title, owner=owner, due_on=due_on, decision=decision
        )


def set_action_item_status(item: ActionItem, *, by: User | None, status: str) -> ActionItem:
    """Done or cancelled (or open again): also after the minutes are locked, as work goes on."""
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose open, done or cancelled.")})
    with transaction.atomic(), acting_as(by):
        item.set_status(status)
    return item


def lock_minutes(meeting: Meeting, *, by: User) -> Meeting:
    """The checker has checked the minutes (justerat): they are locked from now on."""
    with transaction.atomic(), acting_as(by):
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_locked:
            raise ValidationError(_("The minutes are already checked and locked."))
        if meeting.checker_id != by.pk:
            raise ValidationError(_("Only the named checker may check and lock the minutes."))
        meeting.lock(by=by)
    return meeting


def add_addition(meeting: Meeting, *, by: User | None, text: str) -> Addition:
    """A correction to locked minutes, shown as an addition with who added it and when."""
    if not meeting.is_locked:
        raise ValidationError(_("The minutes are not locked yet: change them directly."))
    if not text.strip():
        raise ValidationError({"text": _("Write the addition.")})
    with transaction.atomic(), acting_as(by):
        return Addition.objects.create(meeting=meeting, text=text.strip(), added_by=by)


# -- For other apps: steering-group decisions ------------------------------------


def steering_decisions(platform: Platform):
    """A platform's decisions taken at steering-group meetings, newest first (a queryset)."""
    return (
        Decision.objects.filter(platform=platform, meeting__kind=Kind.STEERING)
        .select_related("meeting")
        .order_by("-year", "-number")
    )


def steering_meetings(
    platform: Platform, *, open_minutes: bool = False, now: datetime.datetime | None = None
):
    """The platform's steering-group meetings that have begun, newest first (a queryset): where
    a decision can have been taken; with ``open_minutes``, only those whose minutes are not yet
    checked and locked (a decision can still be added to them)."""
    meetings = Meeting.objects.filter(
        platform=platform, kind=Kind.STEERING, starts_at__lte=now or timezone.now()
    )
    if open_minutes:
        meetings = meetings.filter(locked_at__isnull=True)
    return meetings.order_by("-starts_at", "-pk")


def decision_by_id(pk: int, *, platform: Platform | None = None) -> Decision | None:
    """One decision by id (within ``platform`` if given), or None."""
    queryset = Decision.objects.select_related("meeting", "platform")
    if platform is not None:
        queryset = queryset.filter(platform=platform)
    return queryset.filter(pk=pk).first()


# -- Calendar -----------------------------------------------------------------


def calendar_token(user: User) -> CalendarToken:
    token = CalendarToken.objects.filter(user=user).first()
    return token or renew_calendar_token(user)


def renew_calendar_token(user: User) -> CalendarToken:
    """A new secret for the feed; the old address stops working at once."""
    with transaction.atomic():
        token, _created = CalendarToken.objects.update_or_create(
            user=user, defaults={"token": CalendarToken.new_secret()}
        )
    return token


def meeting_ics(meeting: Meeting, *, method: str = "PUBLISH", attendees=()) -> bytes:
    return to_ical([meeting_entry(meeting, attendees=attendees)], name=meeting.title, method=method)


# -- E-mail -------------------------------------------------------------------


def _language(user: User) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in ("sv", "en") else "sv"


def _mail(user: User, template: str, context: dict, *, meeting: Meeting | None = None) -> None:
    with translation.override(_language(user)):
        context = {**context, "user": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"meetings/email/{template}_subject.txt", context).split())
        text = render_to_string(f"meetings/email/{template}.txt", context)
        html = render_to_string(f"meetings/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    if meeting is not None:
        message.reply_to = [meeting.platform.contact_email]
    message.attach_alternative(html, "text/html")
    if meeting is not None:
        message.attach("mote.ics", meeting_ics(meeting), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def send_invitations(meeting: Meeting, *, by: User | None) -> int:
    """The invitation (text + HTML, with the .ics) to every invitee, each with their own links to
    reply "coming" or "cannot come" without signing in. Returns how many were sent."""
    agenda = list(meeting.agenda_items.all())
    people = meeting.invitees()
    for person in people:
        context = {"meeting": meeting, "agenda": agenda}
        if not meeting.has_started:
            link = reverse("meetings-reply-link", args=[reply_token(meeting, person)])
            context["reply_coming"] = f"{link}?svar={Reply.Answer.COMING}"
            context["reply_not_coming"] = f"{link}?svar={Reply.Answer.NOT_COMING}"
        _mail(person, "invitation", context, meeting=meeting)
    return len(people)


# -- Replies to the invitation --------------------------------------------------

REPLY_SALT = "meetings.reply"
# A link in an invitation works for half a year (a series' invitations go out well ahead);
# replies are refused anyway once the meeting has started.
REPLY_LINK_MAX_AGE = datetime.timedelta(days=183)


def reply_token(meeting: Meeting, user: User) -> str:
    """A signed token naming the meeting and the invitee: the e-mail's link works without signing in."""
    return signing.dumps({"m": meeting.pk, "u": user.pk}, salt=REPLY_SALT, compress=False)


def read_reply_token(token: str) -> tuple[Meeting, User] | None:
    """The meeting and person of a reply link, or None for a forged, altered or too old link."""
    try:
        data = signing.loads(token, salt=REPLY_SALT, max_age=REPLY_LINK_MAX_AGE)
        meeting = Meeting.objects.select_related("platform").get(pk=data["m"])
        user = User.objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, Meeting.DoesNotExist, User.DoesNotExist):
        return None
    return meeting, user


def is_invited(meeting: Meeting, user: User) -> bool:
    return any(person.pk == user.pk for person in meeting.invitees())


def reply_to_meeting(meeting: Meeting, *, user: User, answer: str) -> Reply:
    """The invitee's "coming" or "cannot come"; a new reply replaces the earlier one. Until the meeting starts."""
    if answer not in Reply.Answer.values:
        raise ValidationError({"answer": _("Answer that you are coming or that you cannot come.")})
    if meeting.has_started:
        raise ValidationError(_("The meeting has started: replies are no longer taken."))
    if not is_invited(meeting, user):
        raise ValidationError(_("You are not invited to this meeting."))
    with transaction.atomic(), acting_as(user):
        reply, created = Reply.objects.select_for_update().get_or_create(
            meeting=meeting, user=user, defaults={"answer": answer}
        )
        if not created and reply.answer != answer:
            reply.answer, reply.replied_at = answer, timezone.now()
            reply.save(update_fields=["answer", "replied_at"])
    return reply


def send_agendas(*, now: datetime.datetime | None = None) -> int:
    """Mail the agenda of the meetings starting within MEETINGS_AGENDA_DAYS_BEFORE days, once each.

    A meeting is claimed with a conditional update() before it is mailed, so two runs
    at once (or one after the other) send it once.
    """
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.MEETINGS_AGENDA_DAYS_BEFORE)
    sent = 0
    due = Meeting.objects.filter(starts_at__gt=now, starts_at__lte=horizon, agenda_sent_at__isnull=True)
    for meeting in due.select_related("platform"):
        claimed = Meeting.objects.filter(pk=meeting.pk, agenda_sent_at__isnull=True).update(
            agenda_sent_at=now
        )
        if not claimed:
            continue
        send_invitations(meeting, by=None)
        sent += 1
    return sent


def send_action_item_reminders(*, today: datetime.date | None = None) -> int:
    """Remind owners of open action items due within MEETINGS_ACTION_DUE_SOON_DAYS days (once) and,
    once overdue, again (once). Each reminder is claimed with a conditional update()."""
    today = today or timezone.localdate()
    now = timezone.now()
    soon = today + datetime.timedelta(days=settings.MEETINGS_ACTION_DUE_SOON_DAYS)
    sent = 0
    open_items = ActionItem.objects.open().select_related("owner", "meeting", "meeting__platform")
    for item in open_items.filter(due_on__lt=today, overdue_sent_at__isnull=True):
        if ActionItem.objects.filter(pk=item.pk, overdue_sent_at__isnull=True).update(overdue_sent_at=now):
            _mail(item.owner, "action_item", {"item": item, "overdue": True})
            sent += 1
    for item in open_items.filter(due_on__gte=today, due_on__lte=soon, due_soon_sent_at__isnull=True):
        if ActionItem.objects.filter(pk=item.pk, due_soon_sent_at__isnull=True).update(due_soon_sent_at=now):
            _mail(item.owner, "action_item", {"item": item, "overdue": False})
            sent += 1
    return sent
