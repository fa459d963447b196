"""The API of budgets, interventions, decisions and expenses.

The same ``visible_to`` querysets, ``rules.py`` capabilities, forms and services as the
pages: another platform's record answers 404, a role too low 403, bad input 422 with
the same messages as the forms. Amounts are decimal strings in SEK with öre ("12500.50").
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.interventions import services
from stodplattform.interventions.forms import (
    BudgetForm,
    DecisionForm,
    ExpenseForm,
    InterventionForm,
    PrepareForm,
    ReportForm,
)
from stodplattform.interventions.models import Budget, Category, Decision, Expense, Intervention
from stodplattform.interventions.models import Status as State
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

from .auth import SIGNED_IN
from .schemas import OPTIONAL_SLUG, READ_ERRORS, WRITE_ERRORS, ErrorOut, invalid

router = Router(auth=SIGNED_IN)
PAGE_SIZE = 50


# -- Schemas ---------------------------------------------------------------------


class SumsOut(Schema):
    budget: Decimal | None = Field(description="SEK; null for a category without an amount of its own")
    committed: Decimal = Field(description="Approved, not yet spent")
    spent: Decimal
    remaining: Decimal | None


class CategorySumsOut(SumsOut):
    category: str


class BudgetOut(Schema):
    id: int
    platform: str = Field(description="The platform's slug")
    year: int
    total: Decimal
    funder: str
    categories: dict[str, Decimal] = Field(description="Amounts set aside per category (optional)")


class BudgetSummaryOut(BudgetOut):
    sums: SumsOut
    per_category: list[CategorySumsOut]
    per_enterprise: list[dict]


class BudgetIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(
        None, description="Platform slug (on create; the caller's only one if left out)"
    )
    year: int | None = Field(None, description="On create")
    total: Decimal | None = None
    funder: str | None = None
    categories: dict[str, Decimal | None] | None = Field(
        None, description=f"Amount per category: {', '.join(Category.values)}"
    )


class InterventionOut(Schema):
    id: int
    platform: str
    year: int
    title: str
    purpose: str
    expected_effect: str
    enterprises: list[str] = Field(description="Slugs; empty when it serves the whole platform")
    category: str
    requested_amount: Decimal
    approved_amount: Decimal | None
    spent: Decimal
    supplier: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    recommendation: str
    report_done: str
    people_reached: int | None = Field(
        description="Everyone the final report counts: the sum of the three counts by gender; null before it"
    )
    people_reached_women: int | None = Field(description="People reached: women (null before the report)")
    people_reached_men: int | None = Field(description="People reached: men (null before the report)")
    people_reached_other: int | None = Field(
        description="People reached: other or not stated (null before the report). A report made before "
        "the counts by gender has its total here, its gender never having been stated"
    )
    report_assessment: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class InterventionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[InterventionOut]


class InterventionFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", description=", ".join(State.values), pattern=OPTIONAL_SLUG)
    platform: str = Field("", description="Platform slug", pattern=OPTIONAL_SLUG)
    page: int = Field(1, ge=1, description=f"{PAGE_SIZE} per page")


class InterventionIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(None, description="Platform slug (on create)")
    year: int | None = Field(None, description="The budget year it draws on")
    title: str | None = None
    purpose: str | None = None
    expected_effect: str | None = None
    enterprises: list[str] | None = Field(None, description="Enterprise slugs; empty for the whole platform")
    category: str | None = Field(None, description=", ".join(Category.values))
    requested_amount: Decimal | None = None
    supplier: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    submit: bool = Field(False, description="On create: submit at once instead of saving a draft")


class PrepareIn(BaseModel):
    recommendation: str


class ReportIn(BaseModel):
    done: str
    people_reached_women: int = Field(description="People reached: women. A count, 0–100000; no names")
    people_reached_men: int = Field(description="People reached: men. A count, 0–100000")
    people_reached_other: int = Field(
        description="People reached whose gender is other or not known. A count, 0–100000"
    )
    assessment: str


class InterventionDecisionIn(BaseModel):
    outcome: str = Field(description="approved or rejected")
    meeting: int | None = Field(
        None, description="The steering group meeting where it was taken (it becomes a § of its minutes)"
    )
    agreed_by: list[int] = Field(
        default_factory=list,
        description="By circulation: the ids of the steering members who agreed (more than half of them)",
    )
    decided_on: datetime.date | None = Field(None, description="By circulation: the date of the decision")
    amount: Decimal | None = None
    text: str = ""


class InterventionDecisionOut(Schema):
    id: int
    reference: str = Field(description="§ number/year in the steering group's register, e.g. § 3/2026")
    intervention: int
    decided_on: datetime.date
    decided_by: str = Field(description="The meeting, or the members who agreed by circulation")
    meeting: int | None
    by_circulation: bool
    outcome: str
    amount: Decimal | None
    text: str
    replaces: str | None


class ExpenseIn(BaseModel):
    date: datetime.date
    amount: Decimal
    supplier: str
    invoice_reference: str = ""


class ExpenseOut(Schema):
    id: int
    intervention: int
    date: datetime.date
    amount: Decimal
    supplier: str
    invoice_reference: str
    has_attachment: bool


# -- Helpers ---------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value)


def _sums(s) -> dict:
    return {"budget": s.budget, "committed": s.committed, "spent": s.spent, "remaining": s.remaining}


def budget_out(budget: Budget) -> dict:
    return {
        "id": budget.pk,
        "platform": budget.platform.slug,
        "year": budget.year,
        "total": budget.total,
        "funder": budget.funder,
        "categories": {c.category: c.amount for c in budget.category_amounts.all()},
    }


def intervention_out(intervention: Intervention) -> dict:
    return {
        "id": intervention.pk,
        "platform": intervention.platform.slug,
        "year": intervention.budget.year,
        "title": intervention.title,
        "purpose": intervention.purpose,
        "expected_effect": intervention.expected_effect,
        "enterprises": [e.slug for e in intervention.enterprises.all()],
        "category": intervention.category,
        "requested_amount": intervention.requested_amount,
        "approved_amount": intervention.approved_amount,
        "spent": (getattr(intervention, "spent", None) or services.spent_on(intervention)).quantize(
            Decimal("0.01")
        ),
        "supplier": intervention.supplier,
        "starts_on": intervention.starts_on,
        "ends_on": intervention.ends_on,
        "status": intervention.status,
        "recommendation": intervention.recommendation,
        "report_done": intervention.report_done,
        "people_reached": intervention.people_reached,
        "people_reached_women": intervention.people_reached_women,
        "people_reached_men": intervention.people_reached_men,
        "people_reached_other": intervention.people_reached_other,
        "report_assessment": intervention.report_assessment,
        "created_at": intervention.created_at,
        "updated_at": intervention.updated_at,
    }


def decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "reference": decision.reference,
        "intervention": decision.intervention_id,
        "decided_on": decision.decided_on,
        "decided_by": decision.decided_by,
        "meeting": decision.meeting_id,
        "by_circulation": decision.by_circulation,
        "outcome": decision.outcome,
        "amount": decision.amount,
        "text": decision.text,
        "replaces": decision.replaces.reference if decision.replaces_id else None,
    }


def expense_out(expense: Expense) -> dict:
    return {
        "id": expense.pk,
        "intervention": expense.intervention_id,
        "date": expense.date,
        "amount": expense.amount,
        "supplier": expense.supplier,
        "invoice_reference": expense.invoice_reference,
        "has_attachment": bool(expense.attachment),
    }


def _visible(request):
    return (
        Intervention.objects.visible_to(request.user)
        .select_related("platform", "budget")
        .prefetch_related("enterprises")
        .annotate(spent=services._spent_subquery())
    )


def _intervention(request, pk: int, perm: str) -> Intervention:
    intervention = get_object_or_404(_visible(request), pk=pk)
    require(request.user, perm, intervention)
    return intervention


def _fresh(pk: int) -> dict:
    return intervention_out(
        Intervention.objects.select_related("platform", "budget")
        .prefetch_related("enterprises")
        .annotate(spent=services._spent_subquery())
        .get(pk=pk)
    )


# -- Budgets ---------------------------------------------------------------------


def _budgets(request):
    return (
        Budget.objects.visible_to(request.user)
        .select_related("platform")
        .prefetch_related("category_amounts")
    )


@router.get("/budgets", response={200: list[BudgetOut], **READ_ERRORS}, summary="List budgets")
def list_budgets(
    request,
    year: int | None = Query(None, ge=2000, le=2100),
    platform: str = Query("", description="Platform slug", pattern=OPTIONAL_SLUG),
):
    """The budgets of the platforms where the caller is coordinator, steering member or observer."""
    budgets = _budgets(request).order_by("platform__name", "-year")
    if year:
        budgets = budgets.filter(year=year)
    if platform:
        budgets = budgets.filter(platform__slug=platform)
    return [budget_out(b) for b in budgets]


@router.get(
    "/budgets/{int:budget_id}",
    response={200: BudgetSummaryOut, **READ_ERRORS},
    summary="One budget, with its sums",
)
def get_budget(request, budget_id: int):
    """Budget, committed, spent and remaining: in total, per category and per enterprise."""
    budget = get_object_or_404(_budgets(request), pk=budget_id)
    require(request.user, "interventions.view_budget", budget.platform)
    summary = services.budget_summary(budget)
    categories = dict(Category.choices)
    labels = {str(label): value for value, label in categories.items()}
    return {
        **budget_out(budget),
        "sums": _sums(summary.total),
        "per_category": [{"category": labels[str(label)], **_sums(s)} for label, s in summary.categories],
        "per_enterprise": [{"enterprise": str(label), **_sums(s)} for label, s in summary.enterprises],
    }


def _budget_form_data(payload: BudgetIn, budget: Budget | None) -> dict:
    data = budget_out(budget) if budget else {}
    data = {"year": data.get("year"), "total": data.get("total"), "funder": data.get("funder", "")}
    categories = dict(budget_out(budget)["categories"]) if budget else {}
    changes = payload.model_dump(exclude_unset=True)
    categories.update(changes.pop("categories", None) or {})
    data.update({k: v for k, v in changes.items() if k in ("year", "total", "funder")})
    form_data = {name: _text(value) for name, value in data.items()}
    form_data.update({f"category_{name}": _text(value) for name, value in categories.items()})
    return form_data


@router.post(
    "/budgets", response={201: BudgetOut, **WRITE_ERRORS}, summary="Set a year's budget (coordinators)"
)
def create_budget(request, payload: BudgetIn):
    platforms = access.coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied(_("Only a platform's coordinator may set its budget."))
    platform = (
        get_object_or_404(Platform.objects.member_of(request.user), slug=payload.platform)
        if payload.platform
        else (platforms.get() if platforms.count() == 1 else None)
    )
    if platform is None:
        return Status(
            422,
            {"detail": _("The input is not valid."), "errors": {"platform": [_("This field is required.")]}},
        )
    require(request.user, "interventions.manage_budget", platform)
    form = BudgetForm(_budget_form_data(payload, None))
    if not form.is_valid():
        return invalid(form)
    try:
        budget = services.create_budget(
            platform=platform,
            year=form.cleaned_data["year"],
            total=form.cleaned_data["total"],
            funder=form.cleaned_data["funder"],
            category_amounts=form.category_amounts(),
            by=request.user,
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, budget_out(_budgets(request).get(pk=budget.pk)))


@router.patch(
    "/budgets/{int:budget_id}",
    response={200: BudgetOut, **WRITE_ERRORS},
    summary="Change a budget (coordinators)",
)
def update_budget(request, budget_id: int, payload: BudgetIn):
    """Never below what the year's interventions already hold (committed and spent)."""
    budget = get_object_or_404(_budgets(request), pk=budget_id)
    require(request.user, "interventions.manage_budget", budget.platform)
    form = BudgetForm(_budget_form_data(payload, budget), editing=True, initial={"year": budget.year})
    if not form.is_valid():
        return invalid(form)
    try:
        services.change_budget(
            budget,
            total=form.cleaned_data["total"],
            funder=form.cleaned_data["funder"],
            category_amounts=form.category_amounts(),
            by=request.user,
        )
    except ValidationError as error:
        return invalid(error)
    return budget_out(_budgets(request).get(pk=budget.pk))


# -- Interventions ---------------------------------------------------------------


@router.get(
    "",
    response={200: InterventionPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="List interventions",
)
def list_interventions(request, filters: Query[InterventionFilters]):
    """All of their platforms' for coordinators and steering members; their enterprises' for managers."""
    require(request.user, "interventions.list_interventions")
    interventions = _visible(request)
    if filters.year:
        interventions = interventions.filter(budget__year=filters.year)
    if filters.status:
        interventions = interventions.filter(status=filters.status)
    if filters.platform:
        interventions = interventions.filter(platform__slug=filters.platform)
    paginator = Paginator(interventions.order_by("-budget__year", "-created_at", "-pk"), PAGE_SIZE)
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [intervention_out(i) for i in items],
    }


@router.get(
    "/{int:intervention_id}", response={200: InterventionOut, **READ_ERRORS}, summary="One intervention"
)
def get_intervention(request, intervention_id: int):
    return intervention_out(_intervention(request, intervention_id, "interventions.view_intervention"))


def _intervention_form(request, platform: Platform, data: dict, instance=None) -> InterventionForm:
    coordinator = request.user.is_superuser or access.has_platform_role(
        request.user, platform.pk, {Role.COORDINATOR}
    )
    enterprises = Enterprise.objects.filter(platform=platform)
    if not coordinator:
        enterprises = enterprises.filter(pk__in=access.managed_enterprise_ids(request.user))
    form = InterventionForm(
        data, instance=instance, enterprises=enterprises, whole_platform_allowed=coordinator
    )
    form.fields["enterprises"].to_field_name = "slug"
    return form


def _intervention_data(payload: InterventionIn, intervention: Intervention | None) -> dict:
    data = {}
    if intervention:
        data = {
            name: getattr(intervention, name)
            for name in (
                "title",
                "purpose",
                "expected_effect",
                "category",
                "requested_amount",
                "supplier",
                "starts_on",
                "ends_on",
            )
        }
        data["year"] = intervention.budget.year
        data["enterprises"] = [e.slug for e in intervention.enterprises.all()]
    changes = payload.model_dump(exclude_unset=True, exclude={"platform", "submit"})
    data.update(changes)
    enterprises = data.pop("enterprises", None) or []
    form_data = {name: _text(value) for name, value in data.items()}
    form_data["enterprises"] = enterprises
    return form_data


def _fields(data) -> dict:
    return {
        name: data[name]
        for name in (
            "title",
            "purpose",
            "expected_effect",
            "category",
            "requested_amount",
            "supplier",
            "starts_on",
            "ends_on",
        )
    }


@router.post("", response={201: InterventionOut, **WRITE_ERRORS}, summary="Apply for an intervention")
def create_intervention(request, payload: InterventionIn):
    """A manager applies for their own enterprise; a coordinator for any of the platform's, or the whole platform."""
    require(request.user, "interventions.add_intervention")
    coordinated = access.platforms_with_role(request.user, {Role.COORDINATOR})
    managed = access.managed_enterprise_ids(request.user)
    allowed = (
        Platform.objects.all()
        if request.user.is_superuser
        else Platform.objects.filter(
            pk__in=set(coordinated)
            | set(Enterprise.objects.filter(pk__in=managed).values_list("platform_id", flat=True))
        )
    )
    if payload.platform:
        platform = allowed.filter(slug=payload.platform).first()
        if platform is None:
            return Status(
                422,
                {
                    "detail": _("The input is not valid."),
                    "errors": {"platform": [_("Choose one of your platforms.")]},
                },
            )
    elif allowed.count() == 1:
        platform = allowed.get()
    else:
        return Status(
            422,
            {"detail": _("The input is not valid."), "errors": {"platform": [_("This field is required.")]}},
        )
    form = _intervention_form(request, platform, _intervention_data(payload, None))
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        intervention = services.create_intervention(
            platform=platform,
            year=data["year"],
            enterprises=list(data["enterprises"]),
            by=request.user,
            submit=payload.submit,
            **_fields(data),
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, _fresh(intervention.pk))


@router.patch(
    "/{int:intervention_id}", response={200: InterventionOut, **WRITE_ERRORS}, summary="Change an application"
)
def update_intervention(request, intervention_id: int, payload: InterventionIn):
    """Until the coordinator has prepared it. Send only what changes."""
    intervention = _intervention(request, intervention_id, "interventions.change_intervention")
    form = _intervention_form(
        request, intervention.platform, _intervention_data(payload, intervention), intervention
    )
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        services.change_intervention(
            intervention,
            year=data["year"],
            enterprises=list(data["enterprises"]),
            by=request.user,
            **_fields(data),
        )
    except ValidationError as error:
        return invalid(error)
    return _fresh(intervention.pk)


def _step(request, intervention_id, perm, service, **kwargs):
    intervention = _intervention(request, intervention_id, perm)
    try:
        service(intervention, by=request.user, **kwargs)
    except ValidationError as error:
        return invalid(error)
    return _fresh(intervention.pk)


@router.post(
    "/{int:intervention_id}/submit", response={200: InterventionOut, **WRITE_ERRORS}, summary="Submit a draft"
)
def submit(request, intervention_id: int):
    return _step(request, intervention_id, "interventions.change_intervention", services.submit_intervention)


@router.post(
    "/{int:intervention_id}/prepare",
    response={200: InterventionOut, **WRITE_ERRORS},
    summary="Prepare (coordinators)",
)
def prepare(request, intervention_id: int, payload: PrepareIn):
    intervention = _intervention(request, intervention_id, "interventions.prepare_intervention")
    form = PrepareForm(payload.model_dump())
    if not form.is_valid():
        return invalid(form)
    try:
        services.prepare_intervention(
            intervention, recommendation=form.cleaned_data["recommendation"], by=request.user
        )
    except ValidationError as error:
        return invalid(error)
    return _fresh(intervention.pk)


@router.post(
    "/{int:intervention_id}/start", response={200: InterventionOut, **WRITE_ERRORS}, summary="Mark as started"
)
def start(request, intervention_id: int):
    return _step(request, intervention_id, "interventions.report_intervention", services.start_intervention)


@router.post(
    "/{int:intervention_id}/report",
    response={200: InterventionOut, **WRITE_ERRORS},
    summary="Report the follow-up",
)
def report(request, intervention_id: int, payload: ReportIn):
    """The final report: what was done, the people reached by gender (women, men, other/not
    stated; the total is their sum) and the assessment. Bad counts (negative, not whole, over
    100000) answer 422 with the form's messages."""
    intervention = _intervention(request, intervention_id, "interventions.report_intervention")
    form = ReportForm({k: _text(v) for k, v in payload.model_dump().items()})
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        services.report_intervention(
            intervention,
            done=data["done"],
            people_reached_women=data["people_reached_women"],
            people_reached_men=data["people_reached_men"],
            people_reached_other=data["people_reached_other"],
            assessment=data["assessment"],
            by=request.user,
        )
    except ValidationError as error:
        return invalid(error)
    return _fresh(intervention.pk)


@router.post(
    "/{int:intervention_id}/close",
    response={200: InterventionOut, **WRITE_ERRORS},
    summary="Close (coordinators)",
)
def close(request, intervention_id: int):
    return _step(request, intervention_id, "interventions.close_intervention", services.close_intervention)


@router.post(
    "/{int:intervention_id}/cancel", response={200: InterventionOut, **WRITE_ERRORS}, summary="Cancel"
)
def cancel(request, intervention_id: int):
    """Releases what was committed and not spent; the history stays."""
    return _step(request, intervention_id, "interventions.cancel_intervention", services.cancel_intervention)


# -- Decisions and expenses ------------------------------------------------------


@router.get(
    "/{int:intervention_id}/decisions",
    response={200: list[InterventionDecisionOut], **READ_ERRORS},
    summary="Decisions",
)
def list_decisions(request, intervention_id: int):
    intervention = _intervention(request, intervention_id, "interventions.view_intervention")
    return [decision_out(d) for d in intervention.decisions.select_related("replaces").order_by("number")]


@router.post(
    "/{int:intervention_id}/decisions",
    response={201: InterventionDecisionOut, **WRITE_ERRORS},
    summary="Record the steering group's decision",
)
def create_decision(request, intervention_id: int, payload: InterventionDecisionIn):
    """On a prepared intervention, or a new decision (a new approved amount) on an approved one.

    A decision is never changed: a new one refers to the one it replaces.
    """
    intervention = _intervention(request, intervention_id, "interventions.decide_intervention")
    data = {k: _text(v) for k, v in payload.model_dump(exclude={"agreed_by", "meeting"}).items()}
    data["basis"] = "meeting" if payload.meeting is not None or not payload.agreed_by else "circulation"
    data.update(meeting=_text(payload.meeting), agreed_by=[str(pk) for pk in payload.agreed_by])
    form = DecisionForm(
        data,
        meetings=services.decision_meetings(intervention.platform),
        members=services.steering_member_choices(intervention.platform),
        amending=intervention.status in (State.APPROVED, State.IN_PROGRESS),
    )
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        decision = services.record_decision(
            intervention,
            outcome=data["outcome"],
            meeting=data.get("meeting"),
            agreed_by=data.get("agreed_by") or [],
            decided_on=data.get("decided_on"),
            amount=data.get("amount"),
            text=data.get("text", ""),
            by=request.user,
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, decision_out(decision))


@router.get(
    "/{int:intervention_id}/expenses", response={200: list[ExpenseOut], **READ_ERRORS}, summary="Expenses"
)
def list_expenses(request, intervention_id: int):
    intervention = _intervention(request, intervention_id, "interventions.view_intervention")
    return [expense_out(e) for e in intervention.expenses.order_by("date", "pk")]


@router.post(
    "/{int:intervention_id}/expenses",
    response={201: ExpenseOut, **WRITE_ERRORS},
    summary="Record an expense (coordinators)",
)
def create_expense(request, intervention_id: int, payload: ExpenseIn):
    """The sum of expenses never passes the approved amount. Attachments are added on the page."""
    intervention = _intervention(request, intervention_id, "interventions.record_expense")
    # A manager's expense needs its receipt, which is uploaded on the page: here, coordinators only.
    require(request.user, "interventions.review_expense", intervention)
    form = ExpenseForm({k: _text(v) for k, v in payload.model_dump().items()})
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        expense = services.record_expense(
            intervention,
            date=data["date"],
            amount=data["amount"],
            supplier=data["supplier"],
            invoice_reference=data.get("invoice_reference", ""),
            by=request.user,
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, expense_out(expense))
