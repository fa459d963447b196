"""Sustainability checks (bärkraftsanalys) in the API: the same querysets, capabilities, form and
services as the pages. An enterprise's checks, comments included, are for its managers and its
platform's coordinators: anyone else gets 404; a role too low for a step gets 403.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.followup import checks_services as services
from stodplattform.followup.checks_forms import CheckForm, ReturnForm
from stodplattform.followup.models import Area, SustainabilityCheck
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .auth import SIGNED_IN
from .schemas import SLUG, WRITE_ERRORS, ErrorOut, invalid

router = Router(auth=SIGNED_IN)
LIMIT = 200


class ScoreOut(Schema):
    area: str = Field(description=", ".join(Area.values))
    area_label: str
    score: int = Field(description="1 weak – 5 strong")
    comment: str


class CheckOut(Schema):
    id: int
    enterprise: str = Field(description="The enterprise's slug")
    year: int
    status: str = Field(description="draft, submitted (sent for agreement) or agreed")
    agreed_at: datetime | None
    return_note: str = Field(description="Why the coordinator sent it back, if they did")
    scores: list[ScoreOut]


class ScoreIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    area: str = Field(description=", ".join(Area.values))
    score: int | None = Field(None, description="1 weak – 5 strong")
    comment: str = ""


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    enterprise: str = Field(description="The enterprise's slug")
    year: int
    scores: list[ScoreIn] = Field(description="All ten areas")
    submit: bool = Field(False, description="Send it for agreement at once")


class ScoresIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    scores: list[ScoreIn] = Field(description="All ten areas")
    submit: bool = False


class ReturnIn(BaseModel):
    note: str = Field(description="What should be changed")


class CheckFilters(Schema):
    enterprise: str | None = Field(None, description="Only this enterprise (slug)", pattern=SLUG)


def _out(check) -> dict:
    return {
        "id": check.pk,
        "enterprise": check.enterprise.slug,
        "year": check.year,
        "status": check.status,
        "agreed_at": check.agreed_at,
        "return_note": check.return_note,
        "scores": [
            {"area": s.area, "area_label": str(s.get_area_display()), "score": s.score, "comment": s.comment}
            for s in check.scores.all()
        ],
    }


def _check(request, check_id, perm=None) -> SustainabilityCheck:
    check = get_object_or_404(
        SustainabilityCheck.objects.visible_to(request.user).select_related("enterprise"), pk=check_id
    )
    if perm:
        require(request.user, perm, check)
    return check


def _form(year, scores: list[ScoreIn], *, editing=False) -> CheckForm:
    data = {"year": year}
    for row in scores:
        data[f"score_{row.area}"] = "" if row.score is None else str(row.score)
        data[f"comment_{row.area}"] = row.comment
    return CheckForm(data, editing=editing, initial={"year": year})


@router.get("", response={200: list[CheckOut], 401: ErrorOut}, summary="Sustainability checks")
def list_checks(request, filters: Query[CheckFilters]):
    """The checks the caller may see, newest first (at most 200)."""
    checks = SustainabilityCheck.objects.visible_to(request.user).select_related("enterprise")
    if filters.enterprise:
        checks = checks.filter(enterprise__slug=filters.enterprise)
    checks = checks.prefetch_related("scores").order_by("-year", "enterprise__name", "pk")[:LIMIT]
    return [_out(c) for c in checks]


@router.get(
    "/{int:check_id}",
    response={200: CheckOut, 401: ErrorOut, 404: ErrorOut},
    summary="One sustainability check",
)
def get_check(request, check_id: int):
    return _out(_check(request, check_id))


@router.post("", response={201: CheckOut, **WRITE_ERRORS}, summary="Fill in a sustainability check")
def create_check(request, payload: CheckIn):
    """The enterprise's managers and its platform's coordinators; every area scored 1–5."""
    user = request.user
    enterprises = (
        Enterprise.objects.all()
        if user.is_superuser
        else Enterprise.objects.filter(
            Q(pk__in=access.managed_enterprise_ids(user))
            | Q(platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR}))
        )
    )
    enterprise = get_object_or_404(enterprises, slug=payload.enterprise)
    require(user, "followup.add_check", enterprise)
    form = _form(payload.year, payload.scores)
    if not form.is_valid():
        return invalid(form)
    if SustainabilityCheck.objects.filter(enterprise=enterprise, year=payload.year).exists():
        return invalid({"year": [services.exists_message(payload.year)]})
    try:
        check = services.save_check(
            enterprise=enterprise, year=payload.year, scores=form.scores(), by=user, submit=payload.submit
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, _out(check))


@router.put("/{int:check_id}", response={200: CheckOut, **WRITE_ERRORS}, summary="Change a draft check")
def update_check(request, check_id: int, payload: ScoresIn):
    check = _check(request, check_id, "followup.change_check")
    form = _form(check.year, payload.scores, editing=True)
    if not form.is_valid():
        return invalid(form)
    try:
        services.save_check(
            enterprise=check.enterprise,
            year=check.year,
            scores=form.scores(),
            by=request.user,
            submit=payload.submit,
        )
    except ValidationError as error:
        return invalid(error)
    return _out(_check(request, check_id))


@router.post("/{int:check_id}/submit", response={200: CheckOut, **WRITE_ERRORS}, summary="Send for agreement")
def submit_check(request, check_id: int):
    check = _check(request, check_id, "followup.change_check")
    try:
        services.submit_check(check, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return _out(check)


@router.post("/{int:check_id}/agree", response={200: CheckOut, **WRITE_ERRORS}, summary="Agree a check")
def agree_check(request, check_id: int):
    """The platform's coordinators, for a check sent for agreement."""
    check = _check(request, check_id, "followup.agree_check")
    try:
        services.agree_check(check, by=request.user)
    except ValidationError as error:
        return invalid(error)
    return _out(check)


@router.post(
    "/{int:check_id}/return",
    response={200: CheckOut, **WRITE_ERRORS},
    summary="Send a check back with a note",
)
def return_check(request, check_id: int, payload: ReturnIn):
    check = _check(request, check_id, "followup.agree_check")
    form = ReturnForm({"note": payload.note})
    if not form.is_valid():
        return invalid(form)
    try:
        services.return_check(check, note=form.cleaned_data["note"], by=request.user)
    except ValidationError as error:
        return invalid(error)
    return _out(check)
