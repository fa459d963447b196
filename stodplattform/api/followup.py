"""The API of the key figures: list, read, create, change, report, check and reopen.

The same ``visible_to`` querysets, ``rules.py`` capabilities and services as the pages: a year
of another platform or enterprise answers 404, a role too low 403 (steering members and observers
see no single enterprise's figures), bad input 422 with the same messages as the form. Amounts
are decimal strings or numbers in SEK; text as people write it ("1 250 000,50") is understood.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, create_model

from stodplattform.core.permissions import require
from stodplattform.followup import services
from stodplattform.followup.models import PERSON_COUNTS, FigureStatus, KeyFigures, Source

from .auth import SIGNED_IN
from .schemas import OPTIONAL_SLUG, READ_ERRORS, WRITE_ERRORS, ErrorOut, invalid

router = Router(auth=SIGNED_IN)
PAGE_SIZE = 50


def _description(name: str) -> str:
    field = KeyFigures._meta.get_field(name)
    text = str(field.verbose_name)
    return f"{text}. {field.help_text}" if field.help_text else text


# Every figure, optional: left out keeps its value. Text such as "1 250 000,50" is understood.
KeyFigureValuesIn = create_model(
    "KeyFigureValuesIn",
    __config__=ConfigDict(extra="forbid"),
    **{
        name: (int | Decimal | str | None, Field(None, description=_description(name)))
        for name in services.FIGURE_FIELDS
    },
)
KeyFigureValuesOut = create_model(
    "KeyFigureValuesOut",
    **{
        name: (
            Decimal | None if name in services.DECIMAL_FIELDS else int,
            Field(description=_description(name)),
        )
        for name in services.FIGURE_FIELDS
    },
)


class KeyFiguresOut(BaseModel):
    id: int
    enterprise: str = Field(description="The enterprise's slug")
    year: int
    status: str = Field(description=", ".join(FigureStatus.values) + "; submitted means self-reported")
    source: str = Field(description=", ".join(Source.values))
    figures: KeyFigureValuesOut
    totals: dict[str, int] = Field(description="Each person count summed over women, men and other")
    all_occupied: int = Field(description="Employees and occupied but not employed")
    target_group_share: Decimal | None = Field(description="0–1; null when nobody is occupied")
    meets_reserved_contract_share: bool = Field(description="At least 30 % (LOU 4 kap. 18 §)")
    reopen_reason: str
    submitted_at: datetime.datetime | None
    checked_at: datetime.datetime | None
    updated_at: datetime.datetime


class KeyFiguresPage(Schema):
    count: int
    page: int
    pages: int
    results: list[KeyFiguresOut]


class KeyFiguresFilters(Schema):
    enterprise: str = Field("", description="Enterprise slug", pattern=OPTIONAL_SLUG)
    year: int | None = Field(None, ge=1900, le=2100)
    status: str = Field("", description=", ".join(FigureStatus.values), pattern=OPTIONAL_SLUG)
    page: int = Field(1, ge=1, description=f"{PAGE_SIZE} per page")


class KeyFiguresCreateIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    enterprise: str = Field(description="The enterprise's slug")
    year: int
    figures: KeyFigureValuesIn = Field(default_factory=KeyFigureValuesIn)
    submit: bool = Field(False, description="Report the figures at once instead of saving a draft")


class KeyFiguresChangeIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    figures: KeyFigureValuesIn


class ReopenIn(BaseModel):
    reason: str = Field(description="Why a checked year is opened for changes again (kept in the history)")


def key_figures_out(figures: KeyFigures) -> dict:
    share = figures.target_group_share
    return {
        "id": figures.pk,
        "enterprise": figures.enterprise.slug,
        "year": figures.year,
        "status": figures.status,
        "source": figures.source,
        "figures": {name: getattr(figures, name) for name in services.FIGURE_FIELDS},
        "totals": {name: figures.total(name) for name in PERSON_COUNTS},
        "all_occupied": figures.all_occupied,
        "target_group_share": None if share is None else share.quantize(Decimal("0.0001")),
        "meets_reserved_contract_share": figures.meets_reserved_contract_share,
        "reopen_reason": figures.reopen_reason,
        "submitted_at": figures.submitted_at,
        "checked_at": figures.checked_at,
        "updated_at": figures.updated_at,
    }


def _visible(request):
    return KeyFigures.objects.visible_to(request.user).select_related("enterprise")


def _figures(request, pk: int, perm: str) -> KeyFigures:
    figures = get_object_or_404(_visible(request), pk=pk)
    require(request.user, perm, figures.enterprise)
    return figures


def _fresh(pk: int) -> dict:
    return key_figures_out(KeyFigures.objects.select_related("enterprise").get(pk=pk))


@router.get(
    "/key-figures",
    response={200: KeyFiguresPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="List key figures",
)
def list_key_figures(request, filters: Query[KeyFiguresFilters]):
    """Their enterprises' years for managers, their platforms' for coordinators; newest first."""
    require(request.user, "followup.list_key_figures")
    figures = _visible(request)
    if filters.enterprise:
        figures = figures.filter(enterprise__slug=filters.enterprise)
    if filters.year:
        figures = figures.filter(year=filters.year)
    if filters.status:
        figures = figures.filter(status=filters.status)
    paginator = Paginator(figures.order_by("enterprise__name", "enterprise_id", "-year"), PAGE_SIZE)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [key_figures_out(f) for f in items],
    }


@router.get(
    "/key-figures/{int:figures_id}",
    response={200: KeyFiguresOut, **READ_ERRORS},
    summary="One enterprise's key figures for one year",
)
def get_key_figures(request, figures_id: int):
    return key_figures_out(_figures(request, figures_id, "followup.view_key_figures"))


@router.post(
    "/key-figures",
    response={201: KeyFiguresOut, **WRITE_ERRORS},
    summary="Enter a year's key figures (the enterprise's managers, the platform's coordinators)",
)
def create_key_figures(request, payload: KeyFiguresCreateIn):
    enterprise = get_object_or_404(services.enterprises_known_to(request.user), slug=payload.enterprise)
    require(request.user, "followup.change_key_figures", enterprise)
    existing = KeyFigures.objects.filter(enterprise=enterprise, year=payload.year).first()
    if existing is not None:
        return invalid(
            {
                "year": [
                    _("There are figures for %(year)s already: change them with PATCH /key-figures/%(id)s.")
                    % {"year": payload.year, "id": existing.pk}
                ]
            }
        )
    try:
        figures = services.save_key_figures(
            enterprise=enterprise,
            year=payload.year,
            values=payload.figures.model_dump(exclude_unset=True),
            by=request.user,
            source=Source.API,
        )
        if payload.submit:
            figures = services.submit_key_figures(figures=figures, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return Status(201, _fresh(figures.pk))


@router.patch(
    "/key-figures/{int:figures_id}",
    response={200: KeyFiguresOut, **WRITE_ERRORS},
    summary="Change a year's key figures (not once checked: reopen first)",
)
def update_key_figures(request, figures_id: int, payload: KeyFiguresChangeIn):
    figures = _figures(request, figures_id, "followup.change_key_figures")
    try:
        services.save_key_figures(
            enterprise=figures.enterprise,
            year=figures.year,
            values=payload.figures.model_dump(exclude_unset=True),
            by=request.user,
            source=Source.API,
        )
    except ValidationError as error:
        return invalid(error)
    return _fresh(figures.pk)


@router.post(
    "/key-figures/{int:figures_id}/submit",
    response={200: KeyFiguresOut, **WRITE_ERRORS},
    summary="Report a draft (self-reported until checked)",
)
def submit_key_figures(request, figures_id: int):
    figures = _figures(request, figures_id, "followup.change_key_figures")
    try:
        services.submit_key_figures(figures=figures, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return _fresh(figures.pk)


@router.post(
    "/key-figures/{int:figures_id}/check",
    response={200: KeyFiguresOut, **WRITE_ERRORS},
    summary="Mark a year's figures checked (the platform's coordinators)",
)
def check_key_figures(request, figures_id: int):
    figures = _figures(request, figures_id, "followup.check_key_figures")
    try:
        services.check_key_figures(figures=figures, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return _fresh(figures.pk)


@router.post(
    "/key-figures/{int:figures_id}/reopen",
    response={200: KeyFiguresOut, **WRITE_ERRORS},
    summary="Open a checked year for changes again, with a reason (the platform's coordinators)",
)
def reopen_key_figures(request, figures_id: int, payload: ReopenIn):
    figures = _figures(request, figures_id, "followup.check_key_figures")
    try:
        services.reopen_key_figures(figures=figures, by=request.user, reason=payload.reason)
    except ValidationError as error:
        return invalid(error)
    return _fresh(figures.pk)
