"""Financing in the API: open calls and the buyer page for anyone; applications, tenders and
labels by role; writes (calls, "apply with support", outcomes, tenders, interest) by the same
rules, forms and services as the pages. Out of sight 404, role too low 403, bad input 422 with
the field named; every write takes an Idempotency-Key (api.py)."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from stodplattform.core.pagecache import cache_public
from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise, OfferKind
from stodplattform.financing import matching, services
from stodplattform.financing.forms import CallForm, OutcomeForm, TenderForm, TenderOutcomeForm, call_scopes
from stodplattform.financing.models import CallApplication, FundingCall, Tender, TenderResponse
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Region

from .auth import PUBLIC, PUBLIC_OPENAPI, SIGNED_IN
from .schemas import OPTIONAL_SLUG, WRITE_ERRORS, ErrorOut, invalid

router = Router(auth=PUBLIC)
PAGE_SIZE = 50


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class CallOut(Schema):
    id: int
    title: str
    kind: str
    funder: str
    description: str
    amount_max: Decimal | None = Field(description="Kronor")
    cofinancing_percent: int | None
    deadline: datetime.date | None
    continuous: bool
    link: str = Field(description="The funder's page (http or https)")
    url: str = Field(description="The call's page on the platform")
    platform: str | None = Field(description="The platform's slug; null when shared by a region or all")
    region: str | None = Field(description="The region's SCB code when shared by a region")
    legal_forms: list[str]
    statuses: list[str]
    is_example: bool


def call_out(call: FundingCall) -> dict:
    return {
        "id": call.pk,
        "title": call.title,
        "kind": call.kind,
        "funder": call.funder,
        "description": call.description,
        "amount_max": call.amount_max,
        "cofinancing_percent": call.cofinancing_percent,
        "deadline": call.deadline,
        "continuous": call.continuous,
        "link": call.url,
        "url": _absolute(call.get_absolute_url()),
        "platform": call.platform.slug if call.platform_id else None,
        "region": call.region.code if call.region_id else None,
        "legal_forms": call.legal_forms,
        "statuses": call.statuses,
        "is_example": call.is_example,
    }


class CallPage(Schema):
    count: int
    page: int
    results: list[CallOut]


def _open_calls(user):
    calls = FundingCall.objects.open()
    if user.is_authenticated:
        return calls.filter(pk__in=FundingCall.objects.visible_to(user).values("pk")) | calls.public()
    return calls.public()


@router.get(
    "/calls",
    response={200: CallPage, 401: ErrorOut},
    summary="Open funding calls",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def list_calls(request, page: int = Query(1, ge=1)):
    """Open calls, nearest deadline first and continuous last; signed in, also those of one's roles."""
    calls = (
        _open_calls(request.user)
        .select_related("platform", "region")
        .order_by("continuous", "deadline", "pk")
    )
    paginator = Paginator(calls, PAGE_SIZE)
    items = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {"count": paginator.count, "page": page, "results": [call_out(c) for c in items]}


@router.get(
    "/calls/{call_id}",
    response={200: CallOut, 401: ErrorOut, 404: ErrorOut},
    summary="One open funding call",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def get_call(request, call_id: int):
    return call_out(
        get_object_or_404(_open_calls(request.user).select_related("platform", "region"), pk=call_id)
    )


class BuyerEnterpriseOut(Schema):
    slug: str
    name: str
    url: str
    municipality: str
    offers: list[str] = Field(description="Codes of what it offers the public sector")
    ready_for_reserved_contracts: bool
    quality_labels: list[str]
    contact_name: str
    phone: str
    email: str


class BuyerPage(Schema):
    platform: str
    offer: str
    count: int
    results: list[BuyerEnterpriseOut]


@router.get(
    "/buyers/{slug:slug}",
    response={200: BuyerPage, 401: ErrorOut, 404: ErrorOut},
    summary="The buyer page of a platform",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def buyers(
    request,
    slug: str,
    offer: str = Query("", description="Kind of offer, e.g. arbetstraning", pattern=OPTIONAL_SLUG),
):
    """The platform's listed enterprises that can deliver ``offer`` (all without it), who is ready for
    reserved contracts, labels and contact; at most 500."""
    platform = get_object_or_404(Platform.objects.public(), slug=slug)
    enterprises = Enterprise.objects.filter(platform=platform)
    if offer:
        kind = get_object_or_404(OfferKind, code=offer)
        enterprises = enterprises.filter(offers=kind)
    items = list(services.buyer_queryset(enterprises)[:500])
    services.mark_ready(items)
    return {
        "platform": platform.slug,
        "offer": offer,
        "count": len(items),
        "results": [
            {
                "slug": e.slug,
                "name": e.name,
                "url": _absolute(e.get_absolute_url()),
                "municipality": e.municipality.name,
                "offers": [o.code for o in e.offers.all()],
                "ready_for_reserved_contracts": e.ready_for_reserved,
                "quality_labels": [label.display_name for label in e.quality_labels.all()],
                "contact_name": e.contact_name,
                "phone": e.phone,
                "email": e.email,
            }
            for e in items
        ],
    }


class ApplicationOut(Schema):
    id: int
    call: int
    enterprise: str
    outcome: str = Field(description="interested, applied, granted or refused")
    amount_granted: Decimal | None
    case: str | None = Field(description="The support case's reference")


@router.get(
    "/applications",
    auth=SIGNED_IN,
    response={200: list[ApplicationOut], 401: ErrorOut},
    summary="Applications for funding (coordinators: their platforms'; managers: their own)",
)
def applications(request):
    rows = (
        CallApplication.objects.visible_to(request.user)
        .select_related("enterprise", "case")
        .order_by("-updated_at", "pk")[:500]
    )
    return [application_out(a) for a in rows]


def application_out(a: CallApplication) -> dict:
    return {
        "id": a.pk,
        "call": a.call_id,
        "enterprise": a.enterprise.slug,
        "outcome": a.outcome,
        "amount_granted": a.amount_granted,
        "case": a.case.reference if a.case_id else None,
    }


class TenderOut(Schema):
    id: int
    title: str
    kind: str
    buyer: str
    offers: list[str]
    deadline: datetime.date | None
    link: str
    reserved: bool
    platform: str
    is_example: bool


@router.get(
    "/tenders",
    auth=SIGNED_IN,
    response={200: list[TenderOut], 401: ErrorOut},
    summary="Open procurement opportunities of one's platforms",
)
def tenders(request):
    rows = (
        Tender.objects.visible_to(request.user)
        .open()
        .select_related("platform")
        .prefetch_related("offers")
        .order_by("deadline", "pk")[:500]
    )
    return [tender_out(t) for t in rows]


def tender_out(t: Tender) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "kind": t.kind,
        "buyer": t.buyer,
        "offers": [o.code for o in t.offers.all()],
        "deadline": t.deadline,
        "link": t.url,
        "reserved": t.reserved,
        "platform": t.platform.slug,
        "is_example": t.is_example,
    }


# -- Writes -------------------------------------------------------------------------------
# The same forms as the pages: a payload is turned into form data (a change starts from what
# is stored), and the form's errors come back under the API's field names.


def _text(value) -> str:
    return "" if value is None else str(value)


def _renamed(form, names: dict) -> Status:
    errors = {names.get(field, field): messages for field, messages in form.errors.items()}
    return invalid(errors)


class CallIn(Schema):
    platform: str | None = Field(None, description="Creating: the platform's slug")
    region: str | None = Field(
        None, description="Creating: a region's SCB code, to share with all its platforms (its coordinator)"
    )
    title: str | None = None
    kind: str | None = Field(None, description="state_wise, esf, arvsfonden, regional, leader, foundation, …")
    funder: str | None = None
    description: str | None = None
    amount_max: Decimal | str | None = Field(None, description='Kronor: 1500000 or "1 500 000"')
    cofinancing_percent: int | None = None
    deadline: datetime.date | None = None
    continuous: bool | None = None
    reminder_days: int | None = None
    link: str | None = Field(None, description="The funder's page (http or https)")
    legal_forms: list[str] | None = None
    statuses: list[str] | None = None
    min_age_years: int | None = None
    max_age_years: int | None = None
    min_employees: int | None = None
    max_employees: int | None = None
    regions: list[str] | None = Field(None, description="Only in these regions (SCB codes)")
    municipalities: list[str] | None = Field(None, description="Only in these municipalities (SCB codes)")
    industries: list[str] | None = Field(None, description="Only in these industries (SNI codes)")


CALL_FIELDS = {"link": "url"}
CALL_ERRORS = {"url": "link", "scope": "platform"}
CODED = ("regions", "municipalities", "industries")


def _call_data(call: FundingCall | None, payload: CallIn) -> dict:
    data = {"reminder_days": FundingCall._meta.get_field("reminder_days").default}
    if call is not None:
        data = {
            "title": call.title,
            "kind": call.kind,
            "funder": call.funder,
            "description": call.description,
            "amount_max": call.amount_max,
            "cofinancing_percent": call.cofinancing_percent,
            "deadline": call.deadline,
            "continuous": call.continuous,
            "reminder_days": call.reminder_days,
            "url": call.url,
            "legal_forms": call.legal_forms,
            "statuses": call.statuses,
            "min_age_years": call.min_age_years,
            "max_age_years": call.max_age_years,
            "min_employees": call.min_employees,
            "max_employees": call.max_employees,
            **{name: [o.code for o in getattr(call, name).all()] for name in CODED},
        }
    changes = payload.model_dump(exclude_unset=True)
    changes.pop("platform", None), changes.pop("region", None)
    data.update({CALL_FIELDS.get(k, k): v for k, v in changes.items()})
    return {
        k: (v if isinstance(v, bool | list) else _text(v))
        for k, v in data.items()
        if v is not None or k not in (*CODED, "legal_forms", "statuses", "continuous")
    }


def _call_form(data: dict, **kwargs) -> CallForm:
    form = CallForm(data, **kwargs)
    for name in CODED:
        form.fields[name].to_field_name = "code"
    return form


def _fresh_call(pk: int) -> dict:
    return call_out(FundingCall.objects.select_related("platform", "region").get(pk=pk))


@router.post(
    "/calls",
    auth=SIGNED_IN,
    response={201: CallOut, **WRITE_ERRORS},
    summary="Add a funding call (coordinators; a region's by its coordinator; everyone's by a superuser)",
)
def create_call(request, payload: CallIn):
    """A platform's call (``platform``), a region's (``region``, its coordinator), or, with
    neither, the whole installation's (superusers). One coordinated platform is the default."""
    user = request.user
    require(user, "financing.add_call")
    scopes = call_scopes(user)
    if payload.platform:
        platform = get_object_or_404(
            Platform.objects.member_of(user) | Platform.objects.public(), slug=payload.platform
        )
        wanted, region = f"p{platform.pk}", None
    elif payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            return invalid({"region": [str(forms.ModelChoiceField.default_error_messages["invalid_choice"])]})
        platform, wanted = None, f"r{region.pk}"
    else:
        own = [value for value, _label, p, _r in scopes if p is not None]
        platform, region = None, None
        if user.is_superuser:
            wanted = "all"
        elif len(own) == 1:
            wanted = own[0]
        else:
            return invalid({"platform": [_("This field is required.")]})
    chosen = [s for s in scopes if s[0] == wanted]
    if not chosen:
        require(user, "financing.change_call", FundingCall(platform=platform, region=region))
        raise PermissionDenied
    form = _call_form({**_call_data(None, payload), "scope": wanted}, scopes=chosen)
    if not form.is_valid():
        return _renamed(form, CALL_ERRORS)
    call = services.save_call(form, by=user)
    return Status(201, _fresh_call(call.pk))


@router.patch(
    "/calls/{call_id}",
    auth=SIGNED_IN,
    response={200: CallOut, **WRITE_ERRORS},
    summary="Change a funding call (those who keep it)",
)
def update_call(request, call_id: int, payload: CallIn):
    """Only the fields sent change; where the call is shared stays as it is."""
    call = get_object_or_404(FundingCall.objects.visible_to(request.user), pk=call_id)
    require(request.user, "financing.change_call", call)
    form = _call_form(_call_data(call, payload), instance=call)
    if not form.is_valid():
        return _renamed(form, CALL_ERRORS)
    services.save_call(form, by=request.user)
    return _fresh_call(call.pk)


class FinancingEnterpriseIn(Schema):
    enterprise: str = Field(description="The enterprise's slug")


def _acting_enterprise(user, slug: str, perm: str) -> Enterprise:
    # visible_to takes in the enterprises the user manages (EnterpriseQuerySet.works_with).
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user), slug=slug)
    require(user, perm, enterprise)
    return enterprise


def _fresh_application(pk: int) -> dict:
    return application_out(CallApplication.objects.select_related("enterprise", "case").get(pk=pk))


@router.post(
    "/calls/{int:call_id}/apply",
    auth=SIGNED_IN,
    response={200: ApplicationOut, 201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply with support: open a financing support case for the enterprise",
)
def apply_with_support(request, call_id: int, payload: FinancingEnterpriseIn):
    """Its manager or its coordinator. 201 with the new case; sent again, 200 with the same."""
    enterprise = _acting_enterprise(request.user, payload.enterprise, "financing.act_for_enterprise")
    call = get_object_or_404(FundingCall.objects.open().for_platforms([enterprise.platform_id]), pk=call_id)
    had_case = CallApplication.objects.filter(call=call, enterprise=enterprise, case__isnull=False).exists()
    application = services.seek_with_support(call, enterprise, by=request.user)
    return Status(200 if had_case else 201, _fresh_application(application.pk))


@router.post(
    "/calls/{int:call_id}/interest",
    auth=SIGNED_IN,
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Mark interest in a call that fits one's enterprise (its manager)",
)
def call_interest(request, call_id: int, payload: FinancingEnterpriseIn):
    """An outcome already recorded is kept; sent again, the same application."""
    enterprise = _acting_enterprise(request.user, payload.enterprise, "financing.mark_interest")
    call = get_object_or_404(
        matching.with_criteria(FundingCall.objects.open().for_platforms([enterprise.platform_id])), pk=call_id
    )
    candidate = matching.enterprise_candidates(Enterprise.objects.filter(pk=enterprise.pk))[0]
    if not matching.fits(call, candidate):
        return invalid({"enterprise": [_("The call does not fit the enterprise.")]})
    application = services.mark_interest(call, enterprise, by=request.user)
    return _fresh_application(application.pk)


class OutcomeIn(Schema):
    outcome: str | None = Field(None, description="interested, applied, granted or refused")
    amount_granted: Decimal | str | None = Field(None, description="Kronor; required when granted")
    decided_on: datetime.date | None = None


@router.patch(
    "/applications/{int:application_id}",
    auth=SIGNED_IN,
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Record the outcome of an application (its manager or coordinator)",
)
def record_outcome(request, application_id: int, payload: OutcomeIn):
    application = get_object_or_404(
        CallApplication.objects.visible_to(request.user).select_related("enterprise"), pk=application_id
    )
    require(request.user, "financing.act_for_enterprise", application.enterprise)
    data = {
        "outcome": application.outcome,
        "amount_granted": application.amount_granted,
        "decided_on": application.decided_on,
        **payload.model_dump(exclude_unset=True),
    }
    form = OutcomeForm({k: _text(v) for k, v in data.items()}, instance=application)
    if not form.is_valid():
        return invalid(form)
    services.record_outcome(form, by=request.user)
    return _fresh_application(application.pk)


class TenderIn(Schema):
    platform: str | None = Field(None, description="Creating: the platform's slug (one coordinated: default)")
    title: str | None = None
    kind: str | None = Field(None, description="tender or direct")
    buyer: str | None = None
    description: str | None = None
    offers: list[str] | None = Field(None, description="Codes of the kinds of offer bought")
    deadline: datetime.date | None = None
    link: str | None = None
    reserved: bool | None = None


TENDER_ERRORS = {"url": "link"}


def _tender_data(tender: Tender | None, payload: TenderIn) -> dict:
    data = {"kind": Tender._meta.get_field("kind").default}
    if tender is not None:
        data = {
            "title": tender.title,
            "kind": tender.kind,
            "buyer": tender.buyer,
            "description": tender.description,
            "offers": [o.code for o in tender.offers.all()],
            "deadline": tender.deadline,
            "url": tender.url,
            "reserved": tender.reserved,
        }
    changes = payload.model_dump(exclude_unset=True)
    changes.pop("platform", None)
    data.update({("url" if k == "link" else k): v for k, v in changes.items()})
    return {
        k: (v if isinstance(v, bool | list) else _text(v))
        for k, v in data.items()
        if v is not None or k not in ("offers", "reserved")
    }


def _fresh_tender(pk: int) -> dict:
    return tender_out(Tender.objects.select_related("platform").prefetch_related("offers").get(pk=pk))


@router.post(
    "/tenders",
    auth=SIGNED_IN,
    response={201: TenderOut, **WRITE_ERRORS},
    summary="Add a procurement opportunity (coordinators)",
)
def create_tender(request, payload: TenderIn):
    platforms = access.coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied(_("Only a platform's coordinator may add procurement opportunities."))
    if payload.platform:
        platform = get_object_or_404(
            Platform.objects.member_of(request.user) | Platform.objects.public(), slug=payload.platform
        )
    elif platforms.count() == 1:
        platform = platforms.get()
    else:
        return invalid({"platform": [_("This field is required.")]})
    tender = Tender(platform=platform)
    require(request.user, "financing.change_tender", tender)
    form = TenderForm(_tender_data(None, payload), instance=tender)
    if not form.is_valid():
        return _renamed(form, TENDER_ERRORS)
    tender = services.save_tender(form, by=request.user)
    return Status(201, _fresh_tender(tender.pk))


@router.patch(
    "/tenders/{int:tender_id}",
    auth=SIGNED_IN,
    response={200: TenderOut, **WRITE_ERRORS},
    summary="Change a procurement opportunity (its platform's coordinators)",
)
def update_tender(request, tender_id: int, payload: TenderIn):
    tender = get_object_or_404(Tender.objects.visible_to(request.user), pk=tender_id)
    require(request.user, "financing.change_tender", tender)
    form = TenderForm(_tender_data(tender, payload), instance=tender)
    if not form.is_valid():
        return _renamed(form, TENDER_ERRORS)
    services.save_tender(form, by=request.user)
    return _fresh_tender(tender.pk)


class TenderResponseIn(Schema):
    enterprise: str = Field(description="The enterprise's slug")
    outcome: str = Field(description="interested, bid, won or lost")


class TenderResponseOut(Schema):
    tender: int
    enterprise: str
    outcome: str


def _tender_of(request, tender_id: int, enterprise: Enterprise) -> Tender:
    tender = get_object_or_404(
        Tender.objects.visible_to(request.user).prefetch_related("offers"), pk=tender_id
    )
    if tender.platform_id != enterprise.platform_id:
        raise Http404
    return tender


def _response_out(response: TenderResponse, enterprise: Enterprise) -> dict:
    return {"tender": response.tender_id, "enterprise": enterprise.slug, "outcome": response.outcome}


@router.post(
    "/tenders/{int:tender_id}/outcome",
    auth=SIGNED_IN,
    response={200: TenderResponseOut, **WRITE_ERRORS},
    summary="Record an enterprise's outcome for a procurement opportunity (its manager or coordinator)",
)
def tender_outcome(request, tender_id: int, payload: TenderResponseIn):
    enterprise = _acting_enterprise(request.user, payload.enterprise, "financing.act_for_enterprise")
    tender = _tender_of(request, tender_id, enterprise)
    form = TenderOutcomeForm({"outcome": payload.outcome})
    if not form.is_valid():
        return invalid(form)
    response = services.respond_to_tender(
        tender, enterprise, outcome=form.cleaned_data["outcome"], by=request.user
    )
    return _response_out(response, enterprise)


@router.post(
    "/tenders/{int:tender_id}/interest",
    auth=SIGNED_IN,
    response={200: TenderResponseOut, **WRITE_ERRORS},
    summary="Mark interest in an open procurement opportunity one's offers fit (its manager)",
)
def tender_interest(request, tender_id: int, payload: FinancingEnterpriseIn):
    enterprise = _acting_enterprise(request.user, payload.enterprise, "financing.mark_interest")
    tender = _tender_of(request, tender_id, enterprise)
    candidate = matching.enterprise_candidates(Enterprise.objects.filter(pk=enterprise.pk))[0]
    if not matching.tender_fits(tender, candidate):
        return invalid({"enterprise": [_("The procurement opportunity does not fit the enterprise.")]})
    response = services.mark_tender_interest(tender, enterprise, by=request.user)
    return _response_out(response, enterprise)
