"""Financing in the API: open calls and the buyer page for anyone; applications, tenders and
labels by role. The same querysets, matching and services as the pages."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from stodplattform.core.pagecache import cache_public
from stodplattform.enterprises.models import Enterprise, OfferKind
from stodplattform.financing import services
from stodplattform.financing.models import CallApplication, FundingCall, Tender
from stodplattform.platforms.models import Platform

from .auth import PUBLIC, PUBLIC_OPENAPI, SIGNED_IN
from .schemas import ErrorOut

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
    "/buyers/{slug}",
    response={200: BuyerPage, 401: ErrorOut, 404: ErrorOut},
    summary="The buyer page of a platform",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def buyers(request, slug: str, offer: str = Query("", description="Kind of offer, e.g. arbetstraning")):
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
    return [
        {
            "id": a.pk,
            "call": a.call_id,
            "enterprise": a.enterprise.slug,
            "outcome": a.outcome,
            "amount_granted": a.amount_granted,
            "case": a.case.reference if a.case_id else None,
        }
        for a in rows
    ]


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
    return [
        {
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
        for t in rows
    ]
