"""Support cases in the API: the same visible_to querysets, rules and forms as the pages."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from stodplattform.accounts.models import User
from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role
from stodplattform.support.forms import CaseForm, EntryForm, InboxFilterForm, StatusForm, TimeEntryForm
from stodplattform.support.models import Prospect, SupportCase, TimeEntry
from stodplattform.support.services import add_entry, assign_case, change_case_status, log_time, open_case

from .auth import SIGNED_IN
from .schemas import ErrorOut, invalid

router = Router(auth=SIGNED_IN)
PAGE_SIZE = 50
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}


class CaseOut(Schema):
    id: int
    reference: str = Field(description="Per platform and year, e.g. VAS-2026-0042")
    platform: str = Field(description="The platform's slug")
    title: str
    category: str
    needs: list[str] = Field(description="Further categories asked about")
    priority: str
    status: str = Field(description="new, open, waiting or closed")
    outcome: str
    opened_on: date
    due_on: date | None
    closed_at: datetime | None
    overdue: bool
    assignee: str | None = Field(description="The assignee's e-mail address")
    enterprise: str | None = Field(description="The enterprise's slug")
    prospect: str | None
    confidential: bool
    description: str
    requester_name: str
    requester_email: str
    requester_phone: str
    requester_organisation: str
    minutes: int = Field(description="Minutes logged in the case's entries")
    purged: bool


class CasePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CaseOut]


class CaseFilters(Schema):
    q: str = ""
    status: str = Field("", description="new, open, waiting, closed or all; empty: all but closed")
    category: str = ""
    assignee: int | None = Field(None, description="A user id")
    enterprise: str = Field(
        "", description="An enterprise's slug or organisation number, or part of its name"
    )
    overdue: bool = False
    sort: str = Field("", description="-opened, opened, due, priority or reference")
    page: int = Field(1, ge=1)


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    category: str | None = Field(None, description="financing, business, administration, supervisor, hr, ...")
    priority: str | None = Field(None, description="low, normal or high (platform staff)")
    enterprise: str | None = Field(None, description="The enterprise's slug")
    due_on: date | None = None
    confidential: bool | None = None
    description: str | None = None
    requester_name: str | None = None
    requester_email: str | None = None
    requester_phone: str | None = None
    requester_organisation: str | None = None


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: str
    outcome: str = Field(
        "", description="Required when closing: resolved, referred, enterprise, withdrawn, no_action"
    )


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    assignee: str | None = Field(
        description="E-mail address of a coordinator or co-opted member; null for nobody"
    )


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: str = Field("note", description="note, call, meeting, email or decision")
    date: str | None = Field(None, description="YYYY-MM-DD; today if left out")
    # Strict: a JSON true or false is not a number of minutes.
    minutes: int = Field(0, strict=True)
    text: str = ""


class EntryOut(Schema):
    id: int
    kind: str
    date: date
    author: str | None
    minutes: int
    text: str
    has_attachment: bool


class TimeIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(None, description="The platform's slug; may be left out with one platform")
    date: str | None = Field(None, description="YYYY-MM-DD; today if left out")
    category: str = Field(description="network, administration, outreach, steering, learning or other")
    minutes: int
    note: str = ""


class TimeOut(Schema):
    id: int
    platform: str
    person: str | None
    date: date
    category: str
    minutes: int
    note: str


def case_out(case: SupportCase) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "platform": case.platform.slug,
        "title": case.title,
        "category": case.category,
        "needs": case.needs,
        "priority": case.priority,
        "status": case.status,
        "outcome": case.outcome,
        "opened_on": case.opened_on,
        "due_on": case.due_on,
        "closed_at": case.closed_at,
        "overdue": case.is_overdue,
        "assignee": case.assignee.email if case.assignee else None,
        "enterprise": case.enterprise.slug if case.enterprise else None,
        "prospect": case.prospect.name if case.prospect else None,
        "confidential": case.confidential,
        "description": case.description,
        "requester_name": case.requester_name,
        "requester_email": case.requester_email,
        "requester_phone": case.requester_phone,
        "requester_organisation": case.requester_organisation,
        "minutes": getattr(case, "minutes_logged", None) or 0,
        "purged": case.purged_at is not None,
    }


def _cases(user):
    from django.db.models import Sum

    return SupportCase.objects.select_related("platform", "assignee", "enterprise", "prospect").annotate(
        minutes_logged=Sum("entries__minutes")
    )


def _case(request, pk: int, perm: str = "support.view_case") -> SupportCase:
    case = get_object_or_404(
        _cases(request.user).filter(pk__in=SupportCase.objects.known_to(request.user)), pk=pk
    )
    require(request.user, perm, case)
    return case


@router.get(
    "/cases",
    response={200: CasePage, **ERRORS},
    summary="List the cases you may read",
)
def list_cases(request, filters: Query[CaseFilters]):
    """Coordinators: their platforms' cases; others: the cases assigned to them and their enterprises'."""
    user = request.user
    form = InboxFilterForm(
        {k: v for k, v in filters.model_dump(exclude={"page"}).items() if v not in (None, "", False)},
        assignees=User.objects.all(),
    )
    if not form.is_valid():
        return invalid(form)
    queryset = form.apply(_cases(user).filter(pk__in=SupportCase.objects.visible_to(user)))
    paginator = Paginator(queryset, PAGE_SIZE)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [case_out(c) for c in items],
    }


@router.get(
    "/cases/{int:pk}",
    response={200: CaseOut, **ERRORS},
    summary="One case",
)
def get_case(request, pk: int):
    return case_out(_case(request, pk))


@router.post(
    "/cases",
    response={201: CaseOut, **ERRORS},
    summary="Open a case (coordinators; managers for their enterprise)",
)
def create_case(request, payload: CaseIn):
    user = request.user
    coordinated = access.coordinated_platforms(user)
    managed = access.managed_enterprise_ids(user)
    staff = user.is_superuser or coordinated.exists()
    if not staff and not managed:
        raise PermissionDenied(_("Only a platform's coordinator or an enterprise's manager may open cases."))
    enterprises = (
        Enterprise.objects.filter(platform__in=coordinated)
        if staff
        else Enterprise.objects.filter(pk__in=managed)
    )
    data = {k: ("" if v is None else v) for k, v in payload.model_dump().items()}
    data.setdefault("priority", "normal")
    data["priority"] = data["priority"] or "normal"
    form = CaseForm(
        data, enterprises=enterprises.order_by("name"), prospects=Prospect.objects.none(), manager=not staff
    )
    form.fields["enterprise"].to_field_name = "slug"
    if not form.is_valid():
        return invalid(form)
    values = dict(form.cleaned_data)
    enterprise = values.get("enterprise")
    platform = (
        enterprise.platform
        if enterprise
        else (coordinated.order_by("name").first() if coordinated.count() == 1 else None)
    )
    if platform is None:
        return Status(
            422,
            {
                "detail": _("The input is not valid."),
                "errors": {"enterprise": [_("Choose the enterprise the case concerns.")]},
            },
        )
    coordinates = access.has_platform_role(user, platform.pk, {Role.COORDINATOR})
    case = open_case(
        platform=platform,
        by=user,
        source="staff" if staff else "manager",
        assignee=user if coordinates else None,
        status="open" if staff else "new",
        **values,
    )
    return Status(201, case_out(_cases(user).get(pk=case.pk)))


@router.post("/cases/{int:pk}/status", response={200: CaseOut, **ERRORS}, summary="Change a case's status")
def set_status(request, pk: int, payload: StatusIn):
    """The workflow: new → open → waiting → closed (with an outcome); a closed case may be reopened."""
    case = _case(request, pk, "support.change_case")
    form = StatusForm(payload.model_dump(), case=case)
    if not form.is_valid():
        return invalid(form)
    try:
        change_case_status(
            case, status=form.cleaned_data["status"], outcome=form.cleaned_data["outcome"], by=request.user
        )
    except ValidationError as error:
        return invalid(error)
    return case_out(_cases(request.user).get(pk=pk))


@router.post(
    "/cases/{int:pk}/assignee", response={200: CaseOut, **ERRORS}, summary="Assign a case (coordinators)"
)
def set_assignee(request, pk: int, payload: AssignIn):
    case = _case(request, pk, "support.assign_case")
    assignee = None
    if payload.assignee:
        assignee = User.objects.filter(email__iexact=payload.assignee.strip()).first()
        if assignee is None:
            return invalid(
                ValidationError(
                    {"assignee": _("Choose a coordinator or co-opted support person of the platform.")}
                )
            )
    try:
        assign_case(case, assignee=assignee, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return case_out(_cases(request.user).get(pk=pk))


def entry_out(entry) -> dict:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "date": entry.date,
        "author": entry.author.email if entry.author else None,
        "minutes": entry.minutes,
        "text": entry.text,
        "has_attachment": bool(entry.attachment),
    }


@router.get(
    "/cases/{int:pk}/entries",
    response={200: list[EntryOut], **ERRORS},
    summary="A case's entries",
)
def list_entries(request, pk: int):
    case = _case(request, pk)
    return [entry_out(e) for e in case.entries.select_related("author").order_by("-date", "-pk")]


@router.post("/cases/{int:pk}/entries", response={201: EntryOut, **ERRORS}, summary="Add an entry to a case")
def create_entry(request, pk: int, payload: EntryIn):
    """Attachments are added on the case's page."""
    case = _case(request, pk, "support.change_case")
    if case.purged_at:
        raise PermissionDenied(_("The case's names and texts were removed after the retention period."))
    data = payload.model_dump()
    data["date"] = data["date"] or timezone.localdate().isoformat()
    form = EntryForm(data)
    if not form.is_valid():
        return invalid(form)
    entry = add_entry(case, form, by=request.user)
    return Status(201, entry_out(entry))


def time_out(entry) -> dict:
    return {
        "id": entry.pk,
        "platform": entry.platform.slug,
        "person": entry.person.email if entry.person else None,
        "date": entry.date,
        "category": entry.category,
        "minutes": entry.minutes,
        "note": entry.note,
    }


def _time_platforms(user):
    if user.is_superuser:
        return Platform.objects.all()
    return Platform.objects.filter(pk__in=access.platforms_with_role(user, {Role.COORDINATOR, Role.COOPTED}))


@router.get(
    "/time",
    response={200: list[TimeOut], **ERRORS},
    summary="Time outside cases, this year",
)
def list_time(request):
    """Coordinators see their platforms' time; co-opted members their own."""
    if not _time_platforms(request.user).exists():
        raise PermissionDenied(_("Your role does not allow this."))
    entries = (
        TimeEntry.objects.visible_to(request.user)
        .filter(date__year=timezone.localdate().year)
        .select_related("platform", "person")
        .order_by("-date", "-pk")[:500]
    )
    return [time_out(e) for e in entries]


@router.post("/time", response={201: TimeOut, **ERRORS}, summary="Log time outside cases")
def create_time(request, payload: TimeIn):
    platforms = _time_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied(_("Your role does not allow this."))
    data = payload.model_dump()
    data["date"] = data["date"] or timezone.localdate().isoformat()
    if not data["platform"] and platforms.count() == 1:
        data["platform"] = platforms.get().slug
    form = TimeEntryForm(data, platforms=platforms)
    if not form.is_valid():
        return invalid(form)
    entry = log_time(form, by=request.user)
    return Status(201, time_out(entry))
