"""Meetings in the API: series, meetings, agenda, attendance, decisions and action items.

Reads answer without credentials too, with what an anonymous caller may see (nothing);
the same querysets (``visible_to``: 404 outside the caller's scope), the same
capabilities (``meetings`` rules: 403 for a role too low), the same forms and
services as the pages.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from stodplattform.core.permissions import can, require
from stodplattform.meetings import services
from stodplattform.meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    ArchiveFilterForm,
    DecisionForm,
    MeetingForm,
    SeriesForm,
)
from stodplattform.meetings.models import ActionItem, Attendance, Decision, Meeting, Series
from stodplattform.platforms.models import Platform

from .auth import SIGNED_IN
from .schemas import OPTIONAL_SLUG, WRITE_ERRORS, ErrorOut, invalid

router = Router(auth=SIGNED_IN)
PAGE_SIZE = 50


# -- Schemas ------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    platform: str = Field(description="The platform's slug")
    kind: str = Field(description="network, steering or other")
    title: str
    frequency: str
    ordinal: int = Field(description="1–4 or -1 (last), for monthly series")
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    start_time: str
    duration_minutes: int
    starts_on: date
    ends_on: date
    skip_months: list[int]
    place: str
    video_link: str


class SeriesIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(None, description="Platform slug; may be left out by a coordinator of one")
    kind: str = "network"
    title: str | None = None
    frequency: str = "monthly"
    ordinal: int = 1
    weekday: int = 1
    start_time: str = Field("13:00", description="HH:MM, Europe/Stockholm")
    duration_minutes: int = 120
    starts_on: str | None = Field(None, description="YYYY-MM-DD")
    ends_on: str | None = Field(None, description="YYYY-MM-DD")
    skip_months: list[int] = Field(default_factory=list, description="1–12, e.g. [7] to skip July")
    place: str = ""
    video_link: str = ""


class PersonOut(Schema):
    id: int
    name: str


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    presenter: str
    duration_minutes: int | None
    notes: str
    proposed_by: PersonOut | None


class AttendanceOut(Schema):
    person: PersonOut
    enterprise: str | None = Field(description="The enterprise's slug, for managers at network meetings")
    status: str | None = Field(description="present, absent, excused, or null when not recorded")


class DecisionOut(Schema):
    id: int
    paragraph: str = Field(description="§ number/year")
    number: int
    year: int
    meeting: int
    meeting_kind: str
    agenda_item: int | None
    text: str


class ActionItemOut(Schema):
    id: int
    meeting: int
    title: str
    owner: PersonOut
    due_on: date
    status: str
    decision: int | None


class MeetingOut(Schema):
    id: int
    platform: str
    series: int | None
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_link: str
    proposals_close_at: datetime
    secretary: PersonOut | None
    checker: PersonOut | None
    locked_at: datetime | None
    url: str
    ics_url: str
    pdf_url: str


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]
    action_items: list[ActionItemOut]


class MeetingPage(Schema):
    count: int
    page: int
    pages: int
    results: list[MeetingOut]


class MeetingIn(BaseModel):
    """On PATCH, send only what changes."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    proposals_close_at: datetime | None = None
    place: str | None = None
    video_link: str | None = None
    secretary: int | None = Field(None, description="A person's id")
    checker: int | None = Field(None, description="A person's id")


class AgendaItemIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    presenter: str = ""
    duration_minutes: int | None = None


class AttendanceEntry(BaseModel):
    person: int = Field(description="A person's id (see the meeting's attendance list)")
    status: str = Field(description="present, absent, excused, or empty to remove")


class AttendanceIn(BaseModel):
    attendance: list[AttendanceEntry]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str | None = None
    number: int | None = Field(None, description="Leave out for the next free number")
    agenda_item: int | None = None


class ActionItemIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    owner: int | None = Field(None, description="A person's id")
    due_on: str | None = Field(None, description="YYYY-MM-DD")
    decision: int | None = None


class ActionItemStatusIn(BaseModel):
    status: str = Field(description="open, done or cancelled")


# -- Helpers ------------------------------------------------------------------


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _person(user) -> dict | None:
    return {"id": user.pk, "name": user.full_name or user.email} if user else None


def _series_out(series: Series) -> dict:
    return {
        "id": series.pk,
        "platform": series.platform.slug,
        "kind": series.kind,
        "title": series.title,
        "frequency": series.frequency,
        "ordinal": series.ordinal,
        "weekday": series.weekday,
        "start_time": series.start_time.strftime("%H:%M"),
        "duration_minutes": series.duration_minutes,
        "starts_on": series.starts_on,
        "ends_on": series.ends_on,
        "skip_months": series.skipped_months,
        "place": series.place,
        "video_link": series.video_link,
    }


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "platform": meeting.platform.slug,
        "series": meeting.series_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "proposals_close_at": meeting.proposals_close_at,
        "secretary": _person(meeting.secretary),
        "checker": _person(meeting.checker),
        "locked_at": meeting.locked_at,
        "url": _absolute(meeting.get_absolute_url()),
        "ics_url": _absolute(f"{meeting.get_absolute_url()}mote.ics"),
        "pdf_url": _absolute(f"{meeting.get_absolute_url()}protokoll.pdf"),
    }


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "paragraph": decision.paragraph,
        "number": decision.number,
        "year": decision.year,
        "meeting": decision.meeting_id,
        "meeting_kind": decision.meeting.kind,
        "agenda_item": decision.agenda_item_id,
        "text": decision.text,
    }


def _action_out(item: ActionItem) -> dict:
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "title": item.title,
        "owner": _person(item.owner),
        "due_on": item.due_on,
        "status": item.status,
        "decision": item.decision_id,
    }


def _meeting_detail(meeting: Meeting) -> dict:
    meeting = (
        Meeting.objects.select_related("platform", "secretary", "checker")
        .prefetch_related("attendance")
        .get(pk=meeting.pk)
    )
    rows, _by_enterprise = meeting.attendance_overview()
    return {
        **_meeting_out(meeting),
        "agenda": [
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "presenter": item.presenter,
                "duration_minutes": item.duration_minutes,
                "notes": item.notes,
                "proposed_by": _person(item.proposed_by),
            }
            for item in meeting.agenda_items.select_related("proposed_by")
        ],
        "attendance": [
            {
                "person": _person(person),
                "enterprise": enterprise.slug if enterprise else None,
                "status": record.status if record else None,
            }
            for person, enterprise, record in rows
        ],
        "decisions": [_decision_out(d) for d in meeting.decisions.select_related("meeting")],
        "action_items": [_action_out(a) for a in meeting.action_items.select_related("owner")],
    }


def _meeting(request, meeting_id: int, perm: str | None = None) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("platform", "secretary", "checker"),
        pk=meeting_id,
    )
    if perm:
        require(request.user, perm, meeting)
    return meeting


# -- Series -------------------------------------------------------------------


@router.get(
    "/series",
    response={200: list[SeriesOut], 401: ErrorOut},
    summary="Meeting series",
)
def list_series(request):
    series = (
        Series.objects.visible_to(request.user).select_related("platform").order_by("platform__name", "title")
    )
    return [_series_out(s) for s in series[:500]]


@router.post("/series", response={201: SeriesOut, **WRITE_ERRORS}, summary="Create a series and its meetings")
def create_series(request, payload: SeriesIn):
    """Coordinators. One meeting is made for each date of the recurrence."""
    platforms = Platform.objects.member_of(request.user)
    if payload.platform:
        platform = get_object_or_404(platforms, slug=payload.platform)
    else:
        coordinated = [p for p in platforms if can(request.user, "meetings.add_series", p)]
        if len(coordinated) != 1:
            return Status(
                422,
                {"detail": _("The input is not valid."), "errors": {"platform": [_("Choose the platform.")]}},
            )
        platform = coordinated[0]
    require(request.user, "meetings.add_series", platform)
    data = payload.model_dump(exclude={"platform", "skip_months"})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["skip"] = [str(m) for m in payload.skip_months]
    form = SeriesForm(data)
    if not form.is_valid():
        return invalid(form)
    try:
        series = services.create_series(platform=platform, by=request.user, **form.series_fields())
    except ValidationError as error:
        return invalid(error)
    return Status(201, _series_out(series))


# -- Meetings -----------------------------------------------------------------


class MeetingFilters(Schema):
    when: str = Field("upcoming", description="upcoming or past")
    q: str = ""
    kind: str = ""
    year: int | None = None
    page: int = Field(1, ge=1)


@router.get(
    "",
    response={200: MeetingPage, 401: ErrorOut, 422: ErrorOut},
    summary="Meetings",
)
def list_meetings(request, filters: Query[MeetingFilters]):
    """The caller's meetings: coming (default) or past, with the archive's search."""
    meetings = Meeting.objects.visible_to(request.user).select_related("platform", "secretary", "checker")
    meetings = meetings.past() if filters.when == "past" else meetings.upcoming()
    form = ArchiveFilterForm({"q": filters.q, "kind": filters.kind, "year": filters.year or ""})
    if not form.is_valid():
        return invalid(form)
    meetings = form.filter(meetings)
    paginator = Paginator(meetings, PAGE_SIZE)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [_meeting_out(m) for m in items],
    }


@router.get(
    "/{int:meeting_id}",
    response={200: MeetingDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One meeting",
)
def get_meeting(request, meeting_id: int):
    return _meeting_detail(_meeting(request, meeting_id))


@router.patch(
    "/{int:meeting_id}", response={200: MeetingDetailOut, **WRITE_ERRORS}, summary="Change a meeting"
)
def update_meeting(request, meeting_id: int, payload: MeetingIn):
    """Coordinators: time, place, link, secretary and checker."""
    meeting = _meeting(request, meeting_id, "meetings.change_meeting")
    data = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "proposals_close_at": timezone.localtime(meeting.proposals_close_at),
        "place": meeting.place,
        "video_link": meeting.video_link,
        "secretary": meeting.secretary_id or "",
        "checker": meeting.checker_id or "",
    }
    data.update({k: ("" if v is None else v) for k, v in payload.model_dump(exclude_unset=True).items()})
    form = MeetingForm(
        data,
        instance=Meeting.objects.get(pk=meeting.pk),
        people=services.platform_people(meeting.platform_id),
    )
    if not form.is_valid():
        return invalid(form)
    fields = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
    try:
        services.change_meeting(meeting, by=request.user, **fields)
    except ValidationError as error:
        return invalid(error)
    return _meeting_detail(meeting)


@router.post(
    "/{int:meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add or propose an agenda item",
)
def add_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    """Coordinators and the secretary at any time; invited managers until proposals close."""
    meeting = _meeting(request, meeting_id, "meetings.propose_agenda_item")
    form = AgendaItemForm(payload.model_dump())
    if not form.is_valid():
        return invalid(form)
    any_time = can(request.user, "meetings.add_agenda_item", meeting)
    try:
        item = services.add_agenda_item(meeting, by=request.user, any_time=any_time, **form.cleaned_data)
    except ValidationError as error:
        return invalid(error)
    return Status(
        201,
        {
            "id": item.pk,
            "position": item.position,
            "title": item.title,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
            "notes": item.notes,
            "proposed_by": _person(request.user),
        },
    )


@router.put(
    "/{int:meeting_id}/attendance",
    response={200: list[AttendanceOut], **WRITE_ERRORS},
    summary="Record attendance",
)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    meeting = _meeting(request, meeting_id, "meetings.record_attendance")
    statuses = {entry.person: entry.status for entry in payload.attendance}
    valid = {"", *Attendance.Status.values}
    wrong = [str(entry.person) for entry in payload.attendance if entry.status not in valid]
    if wrong:
        return Status(
            422,
            {
                "detail": _("The input is not valid."),
                "errors": {"attendance": [_("Choose present, absent or excused.")]},
            },
        )
    try:
        services.record_attendance(meeting, by=request.user, statuses=statuses)
    except ValidationError as error:
        return invalid(error)
    return _meeting_detail(meeting)["attendance"]


# -- Decisions and action items ------------------------------------------------


class DecisionFilters(Schema):
    platform: str = Field("", description="Platform slug", pattern=OPTIONAL_SLUG)
    kind: str = Field("", description="network, steering or other", pattern=OPTIONAL_SLUG)
    year: int | None = None


@router.get(
    "/decisions",
    response={200: list[DecisionOut], 401: ErrorOut, 422: ErrorOut},
    summary="Decisions",
)
def list_decisions(request, filters: Query[DecisionFilters]):
    decisions = Decision.objects.visible_to(request.user).select_related("meeting", "platform")
    if filters.platform:
        decisions = decisions.filter(platform__slug=filters.platform)
    if filters.kind:
        decisions = decisions.filter(meeting__kind=filters.kind)
    if filters.year:
        decisions = decisions.filter(year=filters.year)
    return [_decision_out(d) for d in decisions.order_by("-year", "-number")[:500]]


@router.post(
    "/{int:meeting_id}/decisions", response={201: DecisionOut, **WRITE_ERRORS}, summary="Record a decision"
)
def add_decision(request, meeting_id: int, payload: DecisionIn):
    meeting = _meeting(request, meeting_id, "meetings.edit_minutes")
    form = DecisionForm(
        {k: ("" if v is None else v) for k, v in payload.model_dump().items()}, meeting=meeting
    )
    if not form.is_valid():
        return invalid(form)
    try:
        decision = services.add_decision(meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return invalid(error)
    return Status(201, _decision_out(decision))


class ActionFilters(Schema):
    mine: bool = Field(False, description="Only the caller's own")
    status: str = Field("", description="open, done or cancelled", pattern=OPTIONAL_SLUG)


@router.get(
    "/action-items",
    response={200: list[ActionItemOut], 401: ErrorOut, 422: ErrorOut},
    summary="Action items",
)
def list_action_items(request, filters: Query[ActionFilters]):
    items = ActionItem.objects.visible_to(request.user).select_related("owner")
    if filters.mine:
        items = items.filter(owner=request.user)
    if filters.status:
        items = items.filter(status=filters.status)
    return [_action_out(a) for a in items.order_by("due_on", "pk")[:500]]


@router.post(
    "/{int:meeting_id}/action-items",
    response={201: ActionItemOut, **WRITE_ERRORS},
    summary="Add an action item",
)
def add_action_item(request, meeting_id: int, payload: ActionItemIn):
    meeting = _meeting(request, meeting_id, "meetings.edit_minutes")
    data = {k: ("" if v is None else v) for k, v in payload.model_dump().items()}
    form = ActionItemForm(data, meeting=meeting, people=services.platform_people(meeting.platform_id))
    if not form.is_valid():
        return invalid(form)
    try:
        item = services.add_action_item(meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return invalid(error)
    return Status(201, _action_out(item))


@router.patch(
    "/action-items/{int:item_id}",
    response={200: ActionItemOut, **WRITE_ERRORS},
    summary="Change an action item's status",
)
def update_action_item(request, item_id: int, payload: ActionItemStatusIn):
    """Its owner, the coordinators and the meeting's secretary."""
    item = get_object_or_404(
        ActionItem.objects.visible_to(request.user).select_related("meeting", "owner"), pk=item_id
    )
    require(request.user, "meetings.change_action_item", item)
    try:
        services.set_action_item_status(item, by=request.user, status=payload.status)
    except ValidationError as error:
        return invalid(error)
    return _action_out(item)
