"""Events in the API: the same querysets, forms, rules and services as the event pages."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import BaseModel, ConfigDict

from stodplattform.core.pagecache import cache_public
from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.events.forms import EVENT_FIELDS, EventForm
from stodplattform.events.models import Event, Exhibitor, ProgrammeItem, Registration
from stodplattform.events.services import save_event
from stodplattform.platforms.access import coordinated_platforms

from .auth import PUBLIC, PUBLIC_OPENAPI, SIGNED_IN
from .schemas import OPTIONAL_SLUG, ErrorOut, invalid

router = Router(auth=PUBLIC)
PAGE_SIZE = 50


class ProgrammeItemOut(Schema):
    # "13:00", local time of the event; a JSON Schema "time" would need a UTC offset.
    time: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["13:00"])
    title: str
    speaker: str

    @staticmethod
    def resolve_time(item) -> str:
        value = item["time"] if isinstance(item, dict) else item.time
        return value.strftime("%H:%M")


class ExhibitorOut(Schema):
    enterprise: str = Field(description="The enterprise's slug")
    name: str
    url: str = Field(description="The enterprise's showcase page")
    booth: str
    pitch: str


class EventOut(Schema):
    slug: str
    title: str
    kind: str = Field(description="seminar, fair, workshop or other")
    with_fair: bool = Field(description="Enterprises exhibit (always for a fair)")
    platform: str = Field(description="The organising platform's slug")
    starts_at: datetime
    ends_at: datetime
    venue: str
    room: str
    address: str
    online_url: str
    summary: str
    description: str = Field(description="Markdown")
    description_en: str = Field(description="Markdown; the optional English text, empty when there is none")
    capacity: int
    places_left: int
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    registration: str = Field(description="open, not_yet or closed")
    is_public: bool
    url: str
    ics_url: str


class EventDetailOut(EventOut):
    programme: list[ProgrammeItemOut]
    exhibitors: list[ExhibitorOut]


class EventPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


class RegistrationOut(Schema):
    id: int
    name: str
    email: str
    organisation: str
    note: str
    status: str = Field(description="confirmed, waiting or cancelled")
    registered_at: datetime
    checked_in_at: datetime | None
    rating: int | None


class RegistrationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[RegistrationOut]


class EventIn(BaseModel):
    # A pydantic model, not ninja's Schema: a body that is not a JSON object is refused (422).
    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(None, description="Platform slug; may be left out by a coordinator of one")
    title: str | None = None
    kind: str | None = None
    with_fair: bool | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue: str | None = None
    room: str | None = None
    address: str | None = None
    online_url: str | None = None
    summary: str | None = None
    description: str | None = None
    description_en: str | None = None
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    is_public: bool | None = None


class EventFilters(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    platform: str = Field("", description="Platform slug", pattern=OPTIONAL_SLUG)
    page: int = Field(1, ge=1, description=f"{PAGE_SIZE} per page")


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _confirmed(event) -> int:
    confirmed = getattr(event, "confirmed_count", None)
    return event.registrations.filter(status="confirmed").count() if confirmed is None else confirmed


def event_out(event: Event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "with_fair": event.is_fair,
        "platform": event.platform.slug,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "room": event.room,
        "address": event.address,
        "online_url": event.online_url,
        "summary": event.summary,
        "description": event.description,
        "description_en": event.description_en,
        "capacity": event.capacity,
        "places_left": max(event.capacity - _confirmed(event), 0),
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "registration": event.registration_state(),
        "is_public": event.is_public,
        "url": _absolute(event.get_absolute_url()),
        "ics_url": _absolute(event.get_absolute_url() + "kalender.ics"),
    }


def programme_out(item: ProgrammeItem) -> dict:
    return {"time": item.starts_at, "title": item.title, "speaker": item.speaker}


def exhibitor_out(exhibitor: Exhibitor) -> dict:
    enterprise = exhibitor.enterprise
    return {
        "enterprise": enterprise.slug,
        "name": enterprise.name,
        "url": _absolute(enterprise.get_absolute_url()),
        "booth": exhibitor.booth,
        "pitch": exhibitor.pitch,
    }


def _visible(request):
    return Event.objects.visible_to(request.user).select_related("platform").with_counts()


def _exhibitors(request, event):
    reachable = Enterprise.objects.reachable_by(request.user).values("pk")
    return event.exhibitors.filter(enterprise__in=reachable).select_related("enterprise")


def _detail(request, event) -> dict:
    return {
        **event_out(event),
        "programme": [programme_out(i) for i in event.programme.all()],
        "exhibitors": [exhibitor_out(e) for e in _exhibitors(request, event)],
    }


@router.get(
    "",
    response={200: EventPage, 401: ErrorOut, 422: ErrorOut},
    summary="List events",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def list_events(request, filters: Query[EventFilters]):
    """Public events, and the invitation-only events of the caller's platforms. Coming events first."""
    events = _visible(request)
    events = {
        "upcoming": events.upcoming(),
        "past": events.past(),
        "all": events.order_by("-starts_at", "-pk"),
    }[filters.when]
    if filters.platform:
        events = events.filter(platform__slug=filters.platform)
    paginator = Paginator(events, PAGE_SIZE)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [event_out(e) for e in items],
    }


@router.get(
    "/{slug:slug}",
    response={200: EventDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One event, with its programme and exhibitors",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def get_event(request, slug: str):
    return _detail(request, get_object_or_404(_visible(request), slug=slug))


@router.get(
    "/{slug:slug}/programme",
    response={200: list[ProgrammeItemOut], 401: ErrorOut, 404: ErrorOut},
    summary="An event's programme",
    openapi_extra=PUBLIC_OPENAPI,
)
def get_programme(request, slug: str):
    event = get_object_or_404(_visible(request), slug=slug)
    return [programme_out(i) for i in event.programme.all()]


@router.get(
    "/{slug:slug}/exhibitors",
    response={200: list[ExhibitorOut], 401: ErrorOut, 404: ErrorOut},
    summary="A fair's exhibiting enterprises",
    openapi_extra=PUBLIC_OPENAPI,
)
def get_exhibitors(request, slug: str):
    event = get_object_or_404(_visible(request), slug=slug)
    return [exhibitor_out(e) for e in _exhibitors(request, event)]


class RegistrationFilters(Schema):
    status: Literal["", "confirmed", "waiting", "cancelled"] = ""
    page: int = Field(1, ge=1, description="100 per page")


@router.get(
    "/{slug:slug}/registrations",
    response={200: RegistrationPage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Registrations (the organising platform's coordinators)",
    auth=SIGNED_IN,
)
def list_registrations(request, slug: str, filters: Query[RegistrationFilters]):
    """Personal data: removed a set time after the event (the rows stay, emptied, for the counts)."""
    event = get_object_or_404(_visible(request), slug=slug)
    require(request.user, "events.view_registrations", event)
    registrations = event.registrations.order_by("created_at", "pk")
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    paginator = Paginator(registrations, 100)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [_registration_out(r) for r in items],
    }


def _registration_out(registration: Registration) -> dict:
    return {
        "id": registration.pk,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "note": registration.note,
        "status": registration.status,
        "registered_at": registration.created_at,
        "checked_in_at": registration.checked_in_at,
        "rating": registration.rating,
    }


def _form_data(event: Event) -> dict:
    data = {}
    for name in EVENT_FIELDS:
        value = getattr(event, name if name != "platform" else "platform_id", None)
        if isinstance(value, datetime):
            value = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")
        data[name] = "" if value is None else value
    if event.pk:
        data["platform"] = event.platform_id
    data["is_public"] = event.is_public
    data["with_fair"] = event.with_fair
    return data


def _payload_data(payload: EventIn, *, partial: bool) -> dict:
    changes = payload.model_dump(exclude_unset=partial, exclude_none=not partial)
    data = {}
    for name, value in changes.items():
        if isinstance(value, datetime):
            value = timezone.localtime(value if timezone.is_aware(value) else timezone.make_aware(value))
            value = value.strftime("%Y-%m-%dT%H:%M:%S")
        data[name] = "" if value is None else value
    return data


def _platform_id(platforms, slug):
    platform = platforms.filter(slug=slug).first()
    return platform.pk if platform else slug


def _save(form, *, by):
    if not form.is_valid():
        return None, invalid(form.errors)
    try:
        return save_event(form, by=by), None
    except ValidationError as error:
        return None, invalid(error)


@router.post(
    "",
    auth=SIGNED_IN,
    response={201: EventDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Create an event (coordinators)",
)
def create_event(request, payload: EventIn):
    platforms = coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied(_("Only a platform's coordinator may arrange events."))
    data = _form_data(Event(kind="seminar", is_public=True))
    data.update(_payload_data(payload, partial=False))
    if not data.get("platform") and platforms.count() == 1:
        data["platform"] = platforms.get().slug
    data["platform"] = _platform_id(platforms, data.get("platform"))
    event, error = _save(EventForm(data, platforms=platforms), by=request.user)
    if error:
        return error
    return Status(201, _detail(request, _visible(request).get(pk=event.pk)))


@router.patch(
    "/{slug:slug}",
    auth=SIGNED_IN,
    response={
        200: EventDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Change an event (the organising platform's coordinators)",
)
def update_event(request, slug: str, payload: EventIn):
    """Send only the fields that change. The capacity cannot go below the places already confirmed."""
    event = get_object_or_404(_visible(request), slug=slug)
    require(request.user, "events.change_event", event)
    platforms = coordinated_platforms(request.user)
    data = _form_data(event)
    changes = _payload_data(payload, partial=True)
    if "platform" in changes:
        changes["platform"] = _platform_id(platforms, changes["platform"])
    data.update(changes)
    saved, error = _save(
        EventForm(data, instance=Event.objects.get(pk=event.pk), platforms=platforms), by=request.user
    )
    if error:
        return error
    return _detail(request, _visible(request).get(pk=saved.pk))
