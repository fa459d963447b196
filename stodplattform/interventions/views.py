"""Pages of the budget and the interventions: access → form → service → redirect."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.core.actions import Action, action_bar
from stodplattform.core.addresses import addresses
from stodplattform.core.audit import describe, history_for_objects
from stodplattform.core.files import private_file_response
from stodplattform.core.forms import apply_errors, slug_in
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

from . import exporters, services
from .charts import budget_chart
from .forms import (
    AttachmentForm,
    BudgetForm,
    DecisionForm,
    ExpenseForm,
    ExpenseReviewForm,
    InterventionForm,
    PrepareForm,
    ReportForm,
)
from .models import Attachment, Budget, Category, Decision, Expense, ExpenseStatus, Intervention, Status

PAGE_SIZE = 50


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 2000 <= number <= 2100 else None


# -- The budget ------------------------------------------------------------------


def _platform(request, slug, perm) -> Platform:
    platform = get_object_or_404(Platform.objects.member_of(request.user), slug=slug)
    require(request.user, perm, platform)
    return platform


@login_required
def budget_overview(request, slug):
    platform = _platform(request, slug, "interventions.view_budget")
    years = list(Budget.objects.filter(platform=platform).order_by("-year").values_list("year", flat=True))
    year = _int(request.GET.get("year")) or (
        timezone.localdate().year if timezone.localdate().year in years else (years[0] if years else None)
    )
    budget = Budget.objects.filter(platform=platform, year=year).first() if year else None
    summary = services.budget_summary(budget) if budget else None
    next_year = timezone.localdate().year + 1
    fmt = request.GET.get("format")
    if summary and fmt in ("csv", "xlsx"):
        filename = f"budget-{platform.slug}-{budget.year}"
        return exporters.summary_response(summary, fmt, filename)
    chart = None
    if summary:
        chart = base64.b64encode(budget_chart(summary).encode()).decode()
    return render(
        request,
        "interventions/budget.html",
        {
            "platform": platform,
            "years": years,
            "year": year,
            "budget": budget,
            "summary": summary,
            "chart": chart,
            "can_manage": can(request.user, "interventions.manage_budget", platform),
            # Next year's budget may be opened early, so applications in the autumn can draw on it.
            "next_year": next_year if next_year not in years else None,
            "can_list": can(request.user, "interventions.list_interventions"),
        },
    )


def _budget_initial(budget: Budget) -> dict:
    initial = {"year": budget.year, "total": budget.total, "funder": budget.funder}
    for row in budget.category_amounts.all():
        initial[f"category_{row.category}"] = row.amount
    return initial


@login_required
def budget_create(request, slug):
    platform = _platform(request, slug, "interventions.manage_budget")
    initial = {"year": _int(request.GET.get("year")) or timezone.localdate().year, "funder": platform.funder}
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.create_budget(
                platform=platform,
                year=data["year"],
                total=data["total"],
                funder=data["funder"],
                category_amounts=form.category_amounts(),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The budget for %(year)s was saved.") % {"year": budget.year})
            return redirect(budget.get_absolute_url())
    return render(request, "interventions/budget_form.html", {"form": form, "platform": platform})


@login_required
def budget_edit(request, slug, year):
    platform = _platform(request, slug, "interventions.manage_budget")
    budget = get_object_or_404(Budget.objects.visible_to(request.user), platform=platform, year=year)
    form = BudgetForm(request.POST or None, initial=_budget_initial(budget), editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_budget(
                budget,
                total=data["total"],
                funder=data["funder"],
                category_amounts=form.category_amounts(),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The budget for %(year)s was saved.") % {"year": budget.year})
            return redirect(budget.get_absolute_url())
    return render(
        request, "interventions/budget_form.html", {"form": form, "platform": platform, "budget": budget}
    )


# -- Interventions ---------------------------------------------------------------


def _intervention(request, pk, perm=None) -> Intervention:
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.user).select_related("platform", "budget", "applicant"), pk=pk
    )
    if perm:
        require(request.user, perm, intervention)
    return intervention


@login_required
def intervention_list(request):
    require(request.user, "interventions.list_interventions")
    interventions = Intervention.objects.visible_to(request.user)
    year, status = _int(request.GET.get("year")), request.GET.get("status", "")
    if year:
        interventions = interventions.filter(budget__year=year)
    if status in Status.values:
        interventions = interventions.filter(status=status)
    interventions = (
        # What the table shows (interventions/list.html), not whole rows with their platforms'.
        interventions.select_related("budget")
        .only("title", "status", "requested_amount", "approved_amount", "created_at", "budget__year")
        # The names only: a whole enterprise row has some 50 columns.
        .prefetch_related(Prefetch("enterprises", Enterprise.objects.only("name")))
        .annotate(spent=services._spent_subquery())
        .order_by("-budget__year", "-created_at", "-pk")
    )
    page = Paginator(interventions, PAGE_SIZE).get_page(request.GET.get("page"))
    # What each row shows, worked out once for the page: one reverse() and the status names
    # (get_status_display() builds the choices anew and translates for every row).
    detail_url, statuses = addresses("interventions-detail"), {v: str(label) for v, label in Status.choices}
    for intervention in page.object_list:
        intervention.url = detail_url(intervention.pk)
        intervention.status_label = statuses.get(intervention.status, intervention.status)
    query = request.GET.copy()
    query.pop("page", None)
    budget_platforms = [
        p
        for p in Platform.objects.member_of(request.user)
        if can(request.user, "interventions.view_budget", p)
    ]
    return render(
        request,
        "interventions/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "year": year,
            "status": status,
            "statuses": Status.choices,
            "can_add": can(request.user, "interventions.add_intervention"),
            "budget_platforms": budget_platforms,
        },
    )


def _applicable(user):
    """(platforms, enterprises) for which the user may apply: coordinators all of theirs, managers their own."""
    if user.is_superuser:
        return Platform.objects.all(), Enterprise.objects.all()
    coordinated = access.platforms_with_role(user, {Role.COORDINATOR})
    managed = access.managed_enterprise_ids(user)
    enterprises = Enterprise.objects.filter(platform_id__in=coordinated) | Enterprise.objects.filter(
        pk__in=managed
    )
    platform_ids = set(coordinated) | set(
        Enterprise.objects.filter(pk__in=managed).values_list("platform_id", flat=True)
    )
    return Platform.objects.filter(pk__in=platform_ids), enterprises.select_related("platform").order_by(
        "platform__name", "name"
    )


def _intervention_fields(data) -> dict:
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


@login_required
def intervention_create(request):
    require(request.user, "interventions.add_intervention")
    platforms, enterprises = _applicable(request.user)
    coordinated = set(access.platforms_with_role(request.user, {Role.COORDINATOR}))
    platform = platforms.filter(slug=slug_in(request.POST, request.GET, name="platform")).first()
    platform = platform or platforms.order_by("name").first()
    if platform is None:
        raise PermissionDenied
    is_coordinator = request.user.is_superuser or platform.pk in coordinated
    enterprises = enterprises.filter(platform=platform)
    # Another page may start an application with a link (e.g. a sustainability check's weakest area).
    category = request.GET.get("category")
    initial = {
        "title": request.GET.get("title", "")[:200],
        "category": category if category in Category.values else None,
        "enterprises": list(enterprises.filter(slug=slug_in(request.GET, name="enterprise"))[:1]),
    }
    form = InterventionForm(
        request.POST or None,
        enterprises=enterprises,
        whole_platform_allowed=is_coordinator,
        initial={k: v for k, v in initial.items() if v},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention = services.create_intervention(
                platform=platform,
                year=data["year"],
                enterprises=list(data["enterprises"]),
                by=request.user,
                submit="submit" in request.POST,
                **_intervention_fields(data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if intervention.status == Status.SUBMITTED:
                messages.success(request, _("The application was submitted to the coordinator."))
            else:
                messages.success(request, _("The application was saved as a draft."))
            return redirect(intervention)
    return render(
        request,
        "interventions/form.html",
        {
            "form": form,
            "platform": platform,
            "platforms": platforms,
            "creating": True,
            "open_budget_year": _missing_budget_year(request.user, platform, form),
        },
    )


def _missing_budget_year(user, platform, form):
    """The year whose missing budget refused the form, when the user may open it (else None)."""
    if (
        not form.is_bound
        or "year" not in form.errors
        or not can(user, "interventions.manage_budget", platform)
    ):
        return None
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    year = year or _int(form.data.get("year"))
    if year and not Budget.objects.filter(platform=platform, year=year).exists():
        return year
    return None


@login_required
def intervention_edit(request, pk):
    intervention = _intervention(request, pk, "interventions.change_intervention")
    coordinator = request.user.is_superuser or access.has_platform_role(
        request.user, intervention.platform_id, {Role.COORDINATOR}
    )
    _platforms, enterprises = _applicable(request.user)
    form = InterventionForm(
        request.POST or None,
        instance=intervention,
        enterprises=enterprises.filter(platform=intervention.platform),
        whole_platform_allowed=coordinator,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_intervention(
                intervention,
                year=data["year"],
                enterprises=list(data["enterprises"]),
                by=request.user,
                **_intervention_fields(data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(intervention)
    return render(
        request,
        "interventions/form.html",
        {
            "form": form,
            "platform": intervention.platform,
            "intervention": intervention,
            "open_budget_year": _missing_budget_year(request.user, intervention.platform, form),
        },
    )


@login_required
def intervention_detail(request, pk):
    intervention = _intervention(request, pk, "interventions.view_intervention")
    user = request.user
    decisions = list(intervention.decisions.select_related("replaces").order_by("number"))
    expenses = list(intervention.expenses.select_related("recorded_by").order_by("date", "pk"))
    attachments = list(intervention.attachments.all())
    spent = sum((e.amount for e in expenses if e.status == ExpenseStatus.APPROVED), services.ZERO)
    awaiting = sum((e.amount for e in expenses if e.status == ExpenseStatus.SUBMITTED), services.ZERO)
    history = list(
        history_for_objects(
            [
                (Intervention, [intervention.pk]),
                (Decision, [d.pk for d in decisions]),
                (Expense, [e.pk for e in expenses]),
                (Attachment, [a.pk for a in attachments]),
            ]
        )
    )
    for entry in history:
        # A creation lists no changes (see history_table.html); describing it would look up its links.
        entry.described = describe(entry) if entry.action != entry.Action.CREATE else []
        entry.concerns = entry.object_repr
    perms = {
        name: can(user, f"interventions.{name}_intervention", intervention)
        for name in ("change", "prepare", "decide", "report", "close", "cancel")
    }
    perms["expense"] = can(user, "interventions.record_expense", intervention)
    perms["review_expense"] = can(user, "interventions.review_expense", intervention)
    return render(
        request,
        "interventions/detail.html",
        {
            "intervention": intervention,
            "enterprises": list(intervention.enterprises.all()),
            "decisions": decisions,
            "expenses": expenses,
            "attachments": attachments,
            "spent": spent,
            "awaiting": awaiting,
            "left": (intervention.approved_amount or services.ZERO) - spent,
            "ExpenseStatus": ExpenseStatus,
            "history": history,
            "may": perms,
            "actions": _intervention_actions(intervention, perms),
            "attachment_form": AttachmentForm(),
            "Status": Status,
        },
    )


def _intervention_actions(intervention, may):
    """The next step of the workflow for this person, the others under "More actions"."""
    status, pk = intervention.status, intervention.pk

    def step(allowed, label, name, **kwargs):
        return Action(label, reverse(name, args=[pk]), **kwargs) if allowed else None

    submit = step(
        may["change"] and status == Status.DRAFT,
        _("Submit the application"),
        "interventions-submit",
        post=True,
    )
    prepare = step(may["prepare"] and status == Status.SUBMITTED, _("Prepare"), "interventions-prepare")
    decide = step(
        may["decide"] and status == Status.PREPARED, _("Record the decision"), "interventions-decide"
    )
    expense = step(
        may["expense"]
        and intervention.approved_amount
        and status in (Status.APPROVED, Status.IN_PROGRESS, Status.REPORTED),
        _("Record an expense") if may["review_expense"] else _("Submit an expense"),
        "interventions-expense",
    )
    start = step(
        may["report"] and status == Status.APPROVED, _("Mark as started"), "interventions-start", post=True
    )
    report = step(
        may["report"] and status in (Status.APPROVED, Status.IN_PROGRESS), _("Report"), "interventions-report"
    )
    close = step(may["close"] and status == Status.REPORTED, _("Close"), "interventions-close", post=True)
    return action_bar(
        [
            step(
                may["change"] and status in (Status.DRAFT, Status.SUBMITTED), _("Edit"), "interventions-edit"
            ),
            submit,
            prepare,
            decide,
            step(
                may["decide"] and status in (Status.APPROVED, Status.IN_PROGRESS),
                _("New decision"),
                "interventions-decide",
            ),
            expense,
            start,
            report,
            close,
            step(
                may["cancel"]
                and status
                in (Status.DRAFT, Status.SUBMITTED, Status.PREPARED, Status.APPROVED, Status.IN_PROGRESS),
                _("Cancel the intervention"),
                "interventions-cancel",
                post=True,
                danger=True,
            ),
        ],
        # A reported intervention is the closer's to close. While it runs, expenses come before the
        # report; once its planned period is over, the report is due and comes first.
        primary=submit
        or prepare
        or decide
        or close
        or (report if intervention.report_due else None)
        or expense
        or report
        or start,
    )


def _action(request, pk, perm, service, success):
    """A POST-only step of the workflow; a step the state does not allow is explained, not failed."""
    intervention = _intervention(request, pk, perm)
    try:
        service(intervention, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(intervention)


@login_required
@require_POST
def intervention_submit(request, pk):
    return _action(
        request,
        pk,
        "interventions.change_intervention",
        services.submit_intervention,
        _("The application was submitted to the coordinator."),
    )


@login_required
@require_POST
def intervention_start(request, pk):
    return _action(
        request, pk, "interventions.report_intervention", services.start_intervention, _("Marked as started.")
    )


@login_required
@require_POST
def intervention_close(request, pk):
    return _action(
        request,
        pk,
        "interventions.close_intervention",
        services.close_intervention,
        _("The intervention was closed."),
    )


@login_required
@require_POST
def intervention_cancel(request, pk):
    return _action(
        request,
        pk,
        "interventions.cancel_intervention",
        services.cancel_intervention,
        _("The intervention was cancelled; what was committed is released."),
    )


def _form_page(
    request,
    pk,
    perm,
    form_class,
    template_title,
    run,
    *,
    form_kwargs=None,
    files=False,
    template="interventions/step.html",
):
    intervention = _intervention(request, pk, perm)
    args = (request.POST or None, request.FILES or None) if files else (request.POST or None,)
    form = form_class(*args, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            message = run(intervention, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(intervention)
    return render(
        request,
        template,
        {"form": form, "intervention": intervention, "title": template_title, "multipart": files},
    )


@login_required
def intervention_prepare(request, pk):
    def run(intervention, data):
        services.prepare_intervention(intervention, recommendation=data["recommendation"], by=request.user)
        return _("The intervention is prepared for the steering group's decision.")

    return _form_page(request, pk, "interventions.prepare_intervention", PrepareForm, _("Prepare"), run)


@login_required
def intervention_decide(request, pk):
    intervention = _intervention(request, pk, "interventions.decide_intervention")
    amending = intervention.status in (Status.APPROVED, Status.IN_PROGRESS)

    def run(intervention, data):
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
        return _("Decision %(reference)s was recorded.") % {"reference": decision.reference}

    meetings = services.decision_meetings(intervention.platform)
    initial = {"basis": "meeting", "decided_on": timezone.localdate()}
    latest = meetings.first()
    if latest is not None:
        initial["meeting"] = latest.pk
    if not amending:
        initial["amount"] = intervention.requested_amount
    return _form_page(
        request,
        pk,
        "interventions.decide_intervention",
        DecisionForm,
        _("New decision") if amending else _("Decision"),
        run,
        form_kwargs={
            "initial": initial,
            "amending": amending,
            "meetings": meetings,
            "members": services.steering_member_choices(intervention.platform),
            "majority": services.circulation_majority(intervention.platform),
        },
        template="interventions/decide.html",
    )


@login_required
def intervention_expense(request, pk):
    """The coordinator records an expense (approved at once); a manager submits one with its receipt."""
    intervention = _intervention(request, pk, "interventions.record_expense")
    approve = can(request.user, "interventions.review_expense", intervention)

    def run(intervention, data):
        services.record_expense(
            intervention,
            date=data["date"],
            amount=data["amount"],
            supplier=data["supplier"],
            invoice_reference=data.get("invoice_reference", ""),
            attachment=data.get("attachment"),
            approve=approve,
            by=request.user,
        )
        if approve:
            return _("The expense was recorded.")
        return _("The expense was sent to the coordinator for approval.")

    return _form_page(
        request,
        pk,
        "interventions.record_expense",
        ExpenseForm,
        _("Record an expense") if approve else _("Submit an expense"),
        run,
        form_kwargs={"initial": {"date": timezone.localdate()}, "receipt_required": not approve},
        files=True,
    )


@login_required
def expense_review(request, pk):
    """The coordinator approves a submitted expense or rejects it with a reason."""
    expense = get_object_or_404(
        Expense.objects.visible_to(request.user).select_related("intervention", "recorded_by"), pk=pk
    )
    intervention = _intervention(request, expense.intervention_id, "interventions.review_expense")
    form = ExpenseReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_expense(
                expense,
                approve=form.cleaned_data["approve"],
                reason=form.cleaned_data.get("reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if form.cleaned_data["approve"]:
                messages.success(request, _("The expense was approved."))
            else:
                messages.success(request, _("The expense was not approved; the reason was sent."))
            return redirect(intervention)
    return render(
        request,
        "interventions/expense_review.html",
        {"form": form, "intervention": intervention, "expense": expense},
    )


@login_required
def intervention_report(request, pk):
    def run(intervention, data):
        services.report_intervention(
            intervention,
            done=data["done"],
            people_reached_women=data["people_reached_women"],
            people_reached_men=data["people_reached_men"],
            people_reached_other=data["people_reached_other"],
            assessment=data["assessment"],
            by=request.user,
        )
        return _("Thank you: the report was submitted.")

    return _form_page(request, pk, "interventions.report_intervention", ReportForm, _("Report"), run)


@login_required
@require_POST
def attachment_add(request, pk):
    intervention = _intervention(request, pk, "interventions.report_intervention")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_attachment(intervention, upload=form.cleaned_data["file"], by=request.user)
        messages.success(request, _("The file was attached."))
    else:
        messages.error(request, " ".join(str(m) for m in form.errors.get("file", [_("Choose a file.")])))
    return redirect(intervention)


def _file_response(field, name):
    return private_file_response(field, name)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(intervention__in=Intervention.objects.visible_to(request.user)), pk=pk
    )
    require(request.user, "interventions.view_intervention", attachment.intervention)
    return _file_response(attachment.file, attachment.name)


@login_required
def expense_attachment(request, pk):
    expense = get_object_or_404(Expense.objects.visible_to(request.user).exclude(attachment=""), pk=pk)
    require(request.user, "interventions.view_intervention", expense.intervention)
    return _file_response(expense.attachment, expense.attachment_name or "underlag")
