"""Work on interventions and budgets. Pages, the API and the reminder command call these.

Each runs in a transaction with its actor recorded in the audit history. Anything
that touches what a year's budget holds locks the budget's row first
(``select_for_update``), so two approvals at the same moment are checked one
after the other and the year is never over-committed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.core.money import sek
from stodplattform.platforms.models import Membership, Platform, Role

from .models import (
    HOLDING,
    ONE_ORE,
    SETTLED,
    ZERO,
    Attachment,
    Budget,
    Category,
    CategoryAmount,
    Decision,
    Expense,
    Intervention,
    Outcome,
    Status,
)

# -- Sums ------------------------------------------------------------------------


def _spent_subquery():
    return Coalesce(
        Subquery(
            Expense.objects.filter(intervention=OuterRef("pk"))
            .order_by()
            .values("intervention")
            .annotate(s=Sum("amount"))
            .values("s")
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def reserved_total(budget: Budget, *, exclude: Intervention | None = None) -> Decimal:
    """What the year's interventions hold of the budget: approved amounts, or what settled ones spent."""
    interventions = Intervention.objects.filter(budget=budget)
    if exclude is not None:
        interventions = interventions.exclude(pk=exclude.pk)
    held = interventions.filter(status__in=HOLDING).aggregate(s=Sum("approved_amount"))["s"] or ZERO
    settled = (
        Expense.objects.filter(intervention__in=interventions.filter(status__in=SETTLED)).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )
    return (held + settled).quantize(ONE_ORE)


@dataclass
class Sums:
    budget: Decimal | None = None
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    count: int = 0

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed - self.spent

    def add(self, committed, spent):
        self.committed += committed
        self.spent += spent
        self.count += 1


@dataclass
class Summary:
    budget: Budget
    total: Sums
    categories: list[tuple[str, Sums]] = field(default_factory=list)
    enterprises: list[tuple[str, Sums]] = field(default_factory=list)


def budget_summary(budget: Budget) -> Summary:
    """Budget, committed, spent and remaining: in total, per category and per enterprise.

    Three queries whatever the number of interventions. Per enterprise, an intervention
    that serves several enterprises is counted once, on its own row, so the rows add up.
    """
    rows = list(
        Intervention.objects.filter(budget=budget)
        .annotate(spent_sum=_spent_subquery())
        .only("pk", "status", "category", "approved_amount")
    )
    through = Intervention.enterprises.through
    links: dict[int, list[tuple[int, str]]] = {}
    for intervention_id, enterprise_id, name in through.objects.filter(
        intervention__budget=budget
    ).values_list("intervention_id", "enterprise_id", "enterprise__name"):
        links.setdefault(intervention_id, []).append((enterprise_id, name))
    category_amounts = {c.category: c.amount for c in budget.category_amounts.all()}

    total = Sums(budget=budget.total)
    categories = {c.value: Sums(budget=category_amounts.get(c.value)) for c in Category}
    by_enterprise: dict[str, Sums] = {}
    several, whole = Sums(), Sums()
    for intervention in rows:
        # Exact on PostgreSQL; SQLite sums decimals as floating point, so round back to öre.
        spent = intervention.spent_sum.quantize(ONE_ORE)
        reserved = intervention.reserved(spent)
        if not reserved and not spent:
            continue
        committed = reserved - spent
        total.add(committed, spent)
        categories[intervention.category].add(committed, spent)
        served = links.get(intervention.pk, [])
        if len(served) == 1:
            by_enterprise.setdefault(served[0][1], Sums()).add(committed, spent)
        elif served:
            several.add(committed, spent)
        else:
            whole.add(committed, spent)
    enterprise_rows = sorted(by_enterprise.items())
    if several.count:
        enterprise_rows.append((_("Several enterprises"), several))
    if whole.count:
        enterprise_rows.append((_("The whole platform"), whole))
    return Summary(
        budget=budget,
        total=total,
        categories=[(label, categories[value]) for value, label in Category.choices],
        enterprises=enterprise_rows,
    )


def spent_on(intervention: Intervention) -> Decimal:
    return (intervention.expenses.aggregate(s=Sum("amount"))["s"] or ZERO).quantize(ONE_ORE)


# -- Budgets ---------------------------------------------------------------------


def _check_categories(total: Decimal, category_amounts: dict[str, Decimal | None]) -> None:
    parts = sum((a for a in category_amounts.values() if a), ZERO)
    if parts > total:
        raise ValidationError(
            {"total": _("The category amounts add up to %(sum)s, more than the total.") % {"sum": sek(parts)}}
        )


def _set_categories(budget: Budget, category_amounts: dict[str, Decimal | None]) -> None:
    existing = {c.category: c for c in budget.category_amounts.all()}
    for category, amount in category_amounts.items():
        row = existing.get(category)
        if amount and row is None:
            CategoryAmount.objects.create(budget=budget, category=category, amount=amount)
        elif amount and row.amount != amount:
            row.amount = amount
            row.save()
        elif not amount and row is not None:
            row.delete()


def create_budget(
    *, platform: Platform, year: int, total: Decimal, funder: str, category_amounts=None, by: User | None
) -> Budget:
    category_amounts = category_amounts or {}
    with transaction.atomic(), acting_as(by):
        taken = ValidationError(
            {"year": _("The platform already has a budget for %(year)s.") % {"year": year}}
        )
        if Budget.objects.filter(platform=platform, year=year).exists():
            raise taken
        _check_categories(total, category_amounts)
        try:
            # Another request may have made the year's budget since the check: the unique
            # constraint says so, and the person gets the same answer instead of a server error.
            with transaction.atomic():
                budget = Budget.objects.create(platform=platform, year=year, total=total, funder=funder)
        except IntegrityError:
            raise taken from None
        _set_categories(budget, category_amounts)
    return budget


def change_budget(
    budget: Budget, *, total: Decimal, funder: str, category_amounts=None, by: User | None
) -> Budget:
    """A budget is never lowered below what the year's interventions already hold."""
    category_amounts = category_amounts or {}
    with transaction.atomic(), acting_as(by):
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        held = reserved_total(budget)
        if total < held:
            raise ValidationError(
                {
                    "total": _(
                        "The budget cannot be lower than what is already committed and spent (%(held)s)."
                    )
                    % {"held": sek(held)}
                }
            )
        _check_categories(total, category_amounts)
        budget.total, budget.funder = total, funder
        budget.save()
        _set_categories(budget, category_amounts)
    return budget


# -- Interventions ---------------------------------------------------------------


def budget_for(platform: Platform, year: int) -> Budget:
    budget = Budget.objects.filter(platform=platform, year=year).first()
    if budget is None:
        raise ValidationError(
            {
                "year": _("%(platform)s has no budget for %(year)s.")
                % {"platform": platform.name, "year": year}
            }
        )
    return budget


def _check_enterprises(platform: Platform, enterprises) -> None:
    if any(e.platform_id != platform.pk for e in enterprises):
        raise ValidationError({"enterprises": _("Choose enterprises of the intervention's platform.")})


def create_intervention(
    *, platform: Platform, year: int, enterprises, by: User | None, submit: bool = False, **fields
) -> Intervention:
    with transaction.atomic(), acting_as(by):
        budget = budget_for(platform, year)
        _check_enterprises(platform, enterprises)
        intervention = Intervention(platform=platform, budget=budget, applicant=by, **fields)
        intervention.full_clean(exclude=["enterprises", "applicant"])
        intervention.save()
        intervention.enterprises.set(enterprises)
        if submit:
            intervention.submit()
    return intervention


def change_intervention(
    intervention: Intervention, *, year: int, enterprises, by: User | None, **fields
) -> Intervention:
    """The application may be changed until the coordinator has prepared it."""
    with transaction.atomic(), acting_as(by):
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        intervention._require(Status.DRAFT, Status.SUBMITTED)
        intervention.budget = budget_for(intervention.platform, year)
        _check_enterprises(intervention.platform, enterprises)
        for name, value in fields.items():
            setattr(intervention, name, value)
        intervention.full_clean(exclude=["enterprises", "applicant"])
        intervention.save()
        intervention.enterprises.set(enterprises)
    return intervention


def _transition(intervention: Intervention, method: str, *, by: User | None, **kwargs) -> Intervention:
    with transaction.atomic(), acting_as(by):
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        getattr(locked, method)(**kwargs)
    return locked


def submit_intervention(intervention, *, by):
    return _transition(intervention, "submit", by=by)


def prepare_intervention(intervention, *, recommendation: str, by):
    return _transition(intervention, "prepare", by=by, recommendation=recommendation)


def start_intervention(intervention, *, by):
    return _transition(intervention, "start", by=by)


def report_intervention(intervention, *, done: str, people_reached: int, assessment: str, by):
    return _transition(
        intervention, "report", by=by, done=done, people_reached=people_reached, assessment=assessment
    )


def close_intervention(intervention, *, by):
    return _transition(intervention, "close", by=by)


def cancel_intervention(intervention, *, by):
    """Cancelled: what was committed and not spent goes back to the year's budget; the history stays."""
    with transaction.atomic(), acting_as(by):
        Budget.objects.select_for_update().filter(pk=intervention.budget_id).first()
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        locked.cancel()
    return locked


def record_decision(
    intervention: Intervention,
    *,
    outcome: str,
    decided_on: datetime.date,
    decided_by: str,
    amount: Decimal | None = None,
    text: str = "",
    by: User | None,
) -> Decision:
    """The steering group's decision on a prepared intervention, or a new decision on an approved one.

    A new decision replaces the latest (it never edits it): it changes the approved amount,
    e.g. when expenses must go over. Approved amounts of the year never exceed its budget.
    """
    with transaction.atomic(), acting_as(by):
        # The budget's row lock makes concurrent approvals (and the numbering) take turns.
        budget = Budget.objects.select_for_update().get(pk=intervention.budget_id)
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        amending = intervention.status in (Status.APPROVED, Status.IN_PROGRESS)
        if intervention.status != Status.PREPARED and not amending:
            raise ValidationError(
                _(
                    "A decision can be recorded only on a prepared or approved intervention; this one is %(status)s."
                )
                % {"status": intervention.get_status_display().lower()}
            )
        if outcome == Outcome.APPROVED:
            if amount is None:
                raise ValidationError({"amount": _("Give the approved amount.")})
            if amount > intervention.requested_amount:
                raise ValidationError(
                    {
                        "amount": _("The approved amount can be at most the requested amount, %(requested)s.")
                        % {"requested": sek(intervention.requested_amount)}
                    }
                )
            if amending:
                spent = spent_on(intervention)
                if amount < spent:
                    raise ValidationError(
                        {"amount": _("%(spent)s has already been spent.") % {"spent": sek(spent)}}
                    )
            available = budget.total - reserved_total(budget, exclude=intervention)
            if amount > available:
                raise ValidationError(
                    {
                        "amount": _("Only %(available)s of the %(year)s budget remains.")
                        % {"available": sek(max(available, ZERO)), "year": budget.year}
                    }
                )
        else:
            if amending:
                raise ValidationError({"outcome": _("An approved intervention is cancelled, not rejected.")})
            if not text.strip():
                raise ValidationError({"text": _("Give the reason for the rejection.")})
            amount = None
        previous = intervention.decisions.order_by("-pk").first() if amending else None
        last = Decision.objects.filter(platform_id=budget.platform_id, year=budget.year).order_by("-number")
        number = (last.values_list("number", flat=True).first() or 0) + 1
        decision = Decision.objects.create(
            platform_id=budget.platform_id,
            intervention=intervention,
            year=budget.year,
            number=number,
            decided_on=decided_on,
            decided_by=decided_by,
            outcome=outcome,
            amount=amount,
            text=text,
            replaces=previous,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        intervention.approved_amount = amount
        if not amending:
            intervention.status = Status.APPROVED if outcome == Outcome.APPROVED else Status.REJECTED
        intervention.save()
    return decision


def approve_intervention(intervention, *, amount, decided_on, decided_by, text="", by) -> Decision:
    return record_decision(
        intervention,
        outcome=Outcome.APPROVED,
        amount=amount,
        decided_on=decided_on,
        decided_by=decided_by,
        text=text,
        by=by,
    )


# How far ahead an expense may be dated: a booked invoice may lie months ahead, a mistyped year not.
EXPENSE_DAYS_AFTER_TODAY = 366


def check_expense_date(intervention: Intervention, date: datetime.date) -> None:
    """An expense is dated within its budget's year or after it, and not over a year ahead
    (a typo such as year 0001 or 2206 would otherwise count against the budget)."""
    year = intervention.budget.year
    if date < datetime.date(year, 1, 1):
        raise ValidationError(
            {
                "date": _("An expense of the %(year)s budget is dated 1 January %(year)s or later.")
                % {"year": year}
            }
        )
    if date > timezone.localdate() + datetime.timedelta(days=EXPENSE_DAYS_AFTER_TODAY):
        raise ValidationError({"date": _("Enter the date of the invoice or payment.")})


def record_expense(
    intervention: Intervention,
    *,
    date: datetime.date,
    amount: Decimal,
    supplier: str,
    invoice_reference: str = "",
    attachment=None,
    by: User | None,
) -> Expense:
    """The sum of expenses never passes the approved amount: going over needs a new decision."""
    check_expense_date(intervention, date)
    with transaction.atomic(), acting_as(by):
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if intervention.status not in HOLDING:
            raise ValidationError(
                _("Expenses are recorded on an approved intervention; this one is %(status)s.")
                % {"status": intervention.get_status_display().lower()}
            )
        spent = spent_on(intervention)
        approved = intervention.approved_amount or ZERO
        if spent + amount > approved:
            raise ValidationError(
                {
                    "amount": _(
                        "Only %(left)s of the approved %(approved)s is left. Going over needs a new decision."
                    )
                    % {"left": sek(approved - spent), "approved": sek(approved)}
                }
            )
        expense = Expense(
            intervention=intervention,
            date=date,
            amount=amount,
            supplier=supplier,
            invoice_reference=invoice_reference,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        if attachment:
            expense.attachment_name = attachment.name[:200]
            expense.attachment = attachment
        expense.save()
        if intervention.status == Status.APPROVED:
            intervention.start()
    return expense


def add_attachment(intervention: Intervention, *, upload, by: User | None) -> Attachment:
    with transaction.atomic(), acting_as(by):
        return Attachment.objects.create(
            intervention=intervention,
            file=upload,
            name=upload.name[:200],
            content_type=getattr(upload, "content_type", "") or "application/octet-stream",
            size=upload.size,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        )


# -- Reminders -------------------------------------------------------------------


def _recipients(intervention: Intervention) -> list[str]:
    """The applicant, or else the current managers of the enterprises it serves, or the coordinators."""
    if intervention.applicant_id and intervention.applicant.is_active:
        return [intervention.applicant.email]
    members = Membership.objects.current().filter(platform_id=intervention.platform_id)
    enterprise_ids = list(intervention.enterprises.values_list("pk", flat=True))
    if enterprise_ids:
        members = members.filter(role=Role.MANAGER, enterprise_id__in=enterprise_ids)
    else:
        members = members.filter(role=Role.COORDINATOR)
    return sorted(set(members.values_list("user__email", flat=True)))


def send_report_reminders(*, on: datetime.date | None = None) -> int:
    """Mail each intervention whose report is due once. Safe to run twice, also at the same time.

    Each row is claimed with a conditional update before its mail goes out, so a second
    run (or a run alongside) finds it taken and sends nothing.
    """
    on = on or timezone.localdate()
    sent = 0
    due = Intervention.objects.report_due(on).filter(report_reminder_sent_at__isnull=True)
    for intervention in due.select_related("platform", "applicant").order_by("pk"):
        claimed = Intervention.objects.filter(
            pk=intervention.pk, report_reminder_sent_at__isnull=True
        ).update(report_reminder_sent_at=timezone.now())
        if not claimed:
            continue
        recipients = _recipients(intervention)
        link = settings.SITE_URL.rstrip("/") + reverse("interventions-report", args=[intervention.pk])
        with translation.override(settings.LANGUAGE_CODE):
            context = {"intervention": intervention, "link": link}
            subject = " ".join(
                render_to_string("interventions/email/report_due_subject.txt", context).split()
            )
            body = render_to_string("interventions/email/report_due.txt", context)
        send_mail(subject, body, None, recipients)
        Intervention.objects.filter(pk=intervention.pk).update(report_reminder_sent_to=", ".join(recipients))
        sent += 1
    return sent
