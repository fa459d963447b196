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
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.core.money import sek
from stodplattform.meetings import services as meetings_services
from stodplattform.platforms import access
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
    ExpenseStatus,
    Intervention,
    Outcome,
    Status,
)

# -- Notices: each step tells whoever must act next -------------------------------


def _language(user: User) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in ("sv", "en") else "sv"


def _platform_people(platform_id: int, role: str) -> list[User]:
    """The platform's current holders of ``role`` (active accounts)."""
    ids = Membership.objects.current().filter(platform_id=platform_id, role=role).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _send_notice(user: User, event: str, context: dict) -> None:
    with translation.override(_language(user)):
        context = {**context, "user": user, "event": event}
        subject = " ".join(render_to_string("interventions/email/notice_subject.txt", context).split())
        text = render_to_string("interventions/email/notice.txt", context)
        html = render_to_string("interventions/email/notice.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def notify(people, event: str, *, intervention: Intervention, by: User | None = None, **extra) -> None:
    """Mail ``people`` (not the actor, once each, each in their own language) about ``event``
    once the transaction commits: a step that is rolled back tells nobody."""
    actor = getattr(by, "pk", None)
    seen, recipients = set(), []
    for person in people:
        if (
            person is None
            or person.pk == actor
            or person.pk in seen
            or not person.is_active
            or not person.email
        ):
            continue
        seen.add(person.pk)
        recipients.append(person)
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + intervention.get_absolute_url()
    context = {"intervention": intervention, "platform": intervention.platform, "link": link, **extra}

    def send():
        for person in recipients:
            _send_notice(person, event, context)

    transaction.on_commit(send)


# -- Sums ------------------------------------------------------------------------


def _spent_subquery():
    return Coalesce(
        Subquery(
            Expense.objects.filter(intervention=OuterRef("pk"), status=ExpenseStatus.APPROVED)
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
        Expense.objects.filter(
            intervention__in=interventions.filter(status__in=SETTLED), status=ExpenseStatus.APPROVED
        ).aggregate(s=Sum("amount"))["s"]
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


def budget_totals(budgets: list[Budget]) -> dict[int, Sums]:
    """Each budget's total budget, committed, spent and remaining, by budget id: the ``total`` of
    ``budget_summary`` for many budgets in two grouped queries, however many budgets and
    interventions (an observer's start page summed each platform's budget one by one).
    """
    ids = [b.pk for b in budgets]
    held = dict(
        Intervention.objects.filter(budget_id__in=ids, status__in=HOLDING)
        .order_by()
        .values_list("budget_id")
        .annotate(s=Sum("approved_amount"))
    )
    # What was spent, all of it and what of it settled interventions spent (that is what they hold).
    spent = {
        budget_id: (every or ZERO, settled or ZERO)
        for budget_id, every, settled in Expense.objects.filter(
            intervention__budget_id__in=ids, status=ExpenseStatus.APPROVED
        )
        .order_by()
        .values_list("intervention__budget_id")
        .annotate(
            every=Sum("amount"),
            settled=Sum("amount", filter=Q(intervention__status__in=SETTLED)),
        )
    }
    totals = {}
    for budget in budgets:
        every, settled = spent.get(budget.pk, (ZERO, ZERO))
        # Exact on PostgreSQL; SQLite sums decimals as floating point, so round back to öre.
        every, settled = Decimal(every).quantize(ONE_ORE), Decimal(settled).quantize(ONE_ORE)
        reserved = (held.get(budget.pk) or ZERO) + settled
        totals[budget.pk] = Sums(budget=budget.total, committed=reserved - every, spent=every)
    return totals


def spent_on(intervention: Intervention) -> Decimal:
    """What the coordinator has approved of its expenses (only that counts as spent)."""
    expenses = intervention.expenses.filter(status=ExpenseStatus.APPROVED)
    return (expenses.aggregate(s=Sum("amount"))["s"] or ZERO).quantize(ONE_ORE)


def awaiting_on(intervention: Intervention) -> Decimal:
    """What its submitted expenses, not yet approved, add up to."""
    expenses = intervention.expenses.filter(status=ExpenseStatus.SUBMITTED)
    return (expenses.aggregate(s=Sum("amount"))["s"] or ZERO).quantize(ONE_ORE)


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


def budget_for(platform: Platform, year: int, *, by: User | None = None) -> Budget:
    """The platform's budget of ``year``; when there is none, the message says what to do:
    the coordinator opens it (the budget page offers next year's early), others ask the
    coordinator or apply against a year that has a budget."""
    budget = Budget.objects.filter(platform=platform, year=year).first()
    if budget is None:
        years = list(
            Budget.objects.filter(platform=platform, year__gte=timezone.localdate().year)
            .order_by("year")
            .values_list("year", flat=True)
        )
        values = {"platform": platform.name, "year": year, "years": ", ".join(str(y) for y in years)}
        coordinator = by is not None and (
            getattr(by, "is_superuser", False)
            or access.has_platform_role(by, platform.pk, {Role.COORDINATOR})
        )
        if coordinator:
            hint = _("Open the %(year)s budget first (the budget page: “Open the budget for %(year)s”).")
        else:
            hint = _("Ask the platform's coordinator to open the %(year)s budget.")
        message = _("%(platform)s has no budget for %(year)s yet.") + " " + hint
        if years:
            message += " " + _("Or apply against a year that has one: %(years)s.")
        raise ValidationError({"year": message % values})
    return budget


def _check_enterprises(platform: Platform, enterprises) -> None:
    if any(e.platform_id != platform.pk for e in enterprises):
        raise ValidationError({"enterprises": _("Choose enterprises of the intervention's platform.")})


def create_intervention(
    *, platform: Platform, year: int, enterprises, by: User | None, submit: bool = False, **fields
) -> Intervention:
    with transaction.atomic(), acting_as(by):
        budget = budget_for(platform, year, by=by)
        _check_enterprises(platform, enterprises)
        intervention = Intervention(platform=platform, budget=budget, applicant=by, **fields)
        intervention.full_clean(exclude=["enterprises", "applicant"])
        intervention.save()
        intervention.enterprises.set(enterprises)
        if submit:
            intervention.submit()
            _notify_submitted(intervention, by=by)
    return intervention


def change_intervention(
    intervention: Intervention, *, year: int, enterprises, by: User | None, **fields
) -> Intervention:
    """The application may be changed until the coordinator has prepared it."""
    with transaction.atomic(), acting_as(by):
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        intervention._require(Status.DRAFT, Status.SUBMITTED)
        intervention.budget = budget_for(intervention.platform, year, by=by)
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


def _notify_submitted(intervention: Intervention, *, by) -> None:
    people = _platform_people(intervention.platform_id, Role.COORDINATOR)
    notify(people, "submitted", intervention=intervention, by=by)


def submit_intervention(intervention, *, by):
    """Submitted to the coordinator: the platform's coordinators are told."""
    with transaction.atomic():
        intervention = _transition(intervention, "submit", by=by)
        _notify_submitted(intervention, by=by)
    return intervention


def prepare_intervention(intervention, *, recommendation: str, by):
    """Prepared for decision: the steering group is told."""
    with transaction.atomic():
        intervention = _transition(intervention, "prepare", by=by, recommendation=recommendation)
        people = _platform_people(intervention.platform_id, Role.STEERING)
        notify(people, "prepared", intervention=intervention, by=by)
    return intervention


def start_intervention(intervention, *, by):
    return _transition(intervention, "start", by=by)


def report_intervention(
    intervention,
    *,
    done: str,
    people_reached_women: int,
    people_reached_men: int,
    people_reached_other: int,
    assessment: str,
    by,
):
    """Reported, with the people reached by gender (other/not stated for those whose gender is
    other or not known; the total is their sum): the coordinators are told, to read it and
    close the intervention."""
    with transaction.atomic():
        intervention = _transition(
            intervention,
            "report",
            by=by,
            done=done,
            women=people_reached_women,
            men=people_reached_men,
            other=people_reached_other,
            assessment=assessment,
        )
        people = _platform_people(intervention.platform_id, Role.COORDINATOR)
        notify(people, "reported", intervention=intervention, by=by)
    return intervention


def close_intervention(intervention, *, by):
    """Closed once reported, and once no submitted expense awaits the coordinator's approval."""
    if intervention.expenses.filter(status=ExpenseStatus.SUBMITTED).exists():
        raise ValidationError(_("Approve or reject the expenses that await approval first."))
    return _transition(intervention, "close", by=by)


def cancel_intervention(intervention, *, by):
    """Cancelled: what was committed and not spent goes back to the year's budget; the history stays."""
    with transaction.atomic(), acting_as(by):
        Budget.objects.select_for_update().filter(pk=intervention.budget_id).first()
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        locked.cancel()
    return locked


def steering_members(platform: Platform) -> list[User]:
    """The platform's current steering members: who may agree to a decision by circulation."""
    return _platform_people(platform.pk, Role.STEERING)


def steering_member_choices(platform: Platform):
    """The current steering members as a queryset (for a form's choices)."""
    ids = Membership.objects.current().filter(platform_id=platform.pk, role=Role.STEERING).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


def decision_meetings(platform: Platform):
    """The platform's steering group meetings where a decision can have been taken (newest first):
    the ones that have begun and whose minutes are not locked."""
    return meetings_services.steering_meetings(platform, open_minutes=True)


def circulation_majority(platform: Platform) -> int:
    """How many steering members must agree to a decision by circulation: more than half of
    the current steering members (at least one)."""
    return len(steering_members(platform)) // 2 + 1


def _minutes_text(intervention: Intervention, outcome: str, amount, text: str, amending: bool) -> str:
    """The § as it reads in the minutes, in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"title": intervention.title, "amount": sek(amount)}
        if outcome == Outcome.APPROVED and amending:
            line = _("Targeted intervention “%(title)s”: the approved amount is changed to %(amount)s.")
        elif outcome == Outcome.APPROVED:
            line = _("Targeted intervention “%(title)s”: approved with %(amount)s.")
        else:
            line = _("Targeted intervention “%(title)s”: not approved.")
        line = line % values
    return f"{line}\n{text.strip()}" if text.strip() else line


def _check_basis(intervention: Intervention, *, meeting, agreed_by, decided_on) -> tuple:
    """(meeting, agreed members, date) of a decision: taken at one of the platform's steering
    meetings that has begun, or by circulation with a majority of the current steering members."""
    if meeting is not None and agreed_by:
        raise ValidationError(
            {"agreed_by": _("A decision is taken either at a meeting or by circulation, not both.")}
        )
    if meeting is not None:
        if not meetings_services.steering_meetings(intervention.platform).filter(pk=meeting.pk).exists():
            raise ValidationError(
                {"meeting": _("Choose a steering group meeting of the platform that has begun.")}
            )
        return meeting, [], timezone.localtime(meeting.starts_at).date()
    if not agreed_by:
        raise ValidationError(
            {"meeting": _("Choose the steering group meeting, or record a decision by circulation.")}
        )
    members = {u.pk: u for u in steering_members(intervention.platform)}
    agreed = {u.pk for u in agreed_by}
    if agreed - set(members):
        raise ValidationError({"agreed_by": _("Choose among the current steering members.")})
    needed = len(members) // 2 + 1
    if len(agreed) < needed:
        raise ValidationError(
            {
                "agreed_by": ngettext(
                    "A decision by circulation needs a majority: at least %(count)s of the %(members)s steering member.",
                    "A decision by circulation needs a majority: at least %(count)s of the %(members)s steering members.",
                    len(members),
                )
                % {"count": needed, "members": len(members)}
            }
        )
    if decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    return None, [members[pk] for pk in sorted(agreed)], decided_on


def _decided_by_text(meeting, agreed: list[User]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if meeting is not None:
            return _("%(meeting)s, %(date)s") % {
                "meeting": meeting.title,
                "date": timezone.localtime(meeting.starts_at).date().isoformat(),
            }
        names = ", ".join(u.full_name or u.email for u in agreed)
        return (_("By circulation: %(names)s") % {"names": names})[:300]


def record_decision(
    intervention: Intervention,
    *,
    outcome: str,
    meeting=None,
    agreed_by=(),
    decided_on: datetime.date | None = None,
    amount: Decimal | None = None,
    text: str = "",
    by: User | None,
) -> Decision:
    """The steering group's decision on a prepared intervention, or a new decision on an approved one.

    Taken at a steering group meeting (``meeting``: it becomes a § of that meeting's minutes,
    which must not be locked yet) or by circulation (``agreed_by``: more than half of the
    current steering members, ``decided_on``). Either way it takes the next number of the
    steering group's one register (§ n/år, shared with the meetings' decisions).

    A new decision replaces the latest (it never edits it): it changes the approved amount,
    e.g. when expenses must go over. Approved amounts of the year never exceed its budget.
    """
    agreed_by = list(agreed_by or [])
    with transaction.atomic(), acting_as(by):
        # The budget's row lock makes concurrent approvals take turns; the platform's (taken by
        # the meetings' register below) does the same for the numbering.
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
        meeting, agreed, decided_on = _check_basis(
            intervention, meeting=meeting, agreed_by=agreed_by, decided_on=decided_on
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
        minutes_decision = None
        if meeting is not None:
            # A § of the meeting's minutes: the meetings' service numbers it under its lock.
            try:
                minutes_decision = meetings_services.add_decision(
                    meeting, by=by, text=_minutes_text(intervention, outcome, amount, text, amending)
                )
            except ValidationError as error:
                raise ValidationError({"meeting": error.messages}) from None
            year, number = minutes_decision.year, minutes_decision.number
        else:
            year = decided_on.year
            number = meetings_services.allocate_decision_number(intervention.platform, year)
        decision = Decision.objects.create(
            platform_id=budget.platform_id,
            intervention=intervention,
            year=year,
            number=number,
            decided_on=decided_on,
            decided_by=_decided_by_text(meeting, agreed),
            meeting=meeting,
            minutes_decision=minutes_decision,
            by_circulation=meeting is None,
            outcome=outcome,
            amount=amount,
            text=text,
            replaces=previous,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        if agreed:
            decision.agreed_by.set(agreed)
        intervention.approved_amount = amount
        if not amending:
            intervention.status = Status.APPROVED if outcome == Outcome.APPROVED else Status.REJECTED
        intervention.save()
        notify(
            _decision_recipients(intervention),
            "decided",
            intervention=intervention,
            by=by,
            decision=decision,
            amending=amending,
        )
    return decision


def highest_decision_number(platform_id: int, year: int) -> int | None:
    """The highest § of the platform's year among the interventions' decisions (for the register)."""
    return Decision.objects.filter(platform_id=platform_id, year=year).aggregate(m=Max("number"))["m"]


def _decision_recipients(intervention: Intervention) -> list[User]:
    """The applicant, the current managers of the enterprises it serves, and the coordinators."""
    people = [intervention.applicant] if intervention.applicant_id else []
    enterprise_ids = intervention.enterprises.values("pk")
    managers = Membership.objects.current().filter(role=Role.MANAGER, enterprise_id__in=enterprise_ids)
    people += list(User.objects.filter(pk__in=managers.values("user_id")).order_by("pk"))
    return people + _platform_people(intervention.platform_id, Role.COORDINATOR)


def approve_intervention(
    intervention, *, amount, meeting=None, agreed_by=(), decided_on=None, text="", by
) -> Decision:
    return record_decision(
        intervention,
        outcome=Outcome.APPROVED,
        amount=amount,
        meeting=meeting,
        agreed_by=agreed_by,
        decided_on=decided_on,
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
    approve: bool = True,
    by: User | None,
) -> Expense:
    """An expense: approved at once (``approve``, the coordinator) or submitted with its receipt
    for the coordinator to approve (a manager). Approved and submitted ones together never pass
    the approved amount: going over needs a new decision. The coordinators are told of a
    submitted one."""
    check_expense_date(intervention, date)
    if not approve and not attachment:
        raise ValidationError({"attachment": _("Attach the invoice or receipt.")})
    with transaction.atomic(), acting_as(by):
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if intervention.status not in HOLDING:
            raise ValidationError(
                _("Expenses are recorded on an approved intervention; this one is %(status)s.")
                % {"status": intervention.get_status_display().lower()}
            )
        _check_within_approved(intervention, amount)
        expense = Expense(
            intervention=intervention,
            date=date,
            amount=amount,
            supplier=supplier,
            invoice_reference=invoice_reference,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
            status=ExpenseStatus.APPROVED if approve else ExpenseStatus.SUBMITTED,
        )
        if approve:
            expense.reviewed_by = expense.recorded_by
            expense.reviewed_at = timezone.now()
        if attachment:
            expense.attachment_name = attachment.name[:200]
            expense.attachment = attachment
        expense.save()
        if intervention.status == Status.APPROVED:
            intervention.start()
        if not approve:
            people = _platform_people(intervention.platform_id, Role.COORDINATOR)
            notify(people, "expense_submitted", intervention=intervention, by=by, expense=expense)
    return expense


def _check_within_approved(intervention: Intervention, amount: Decimal, *, exclude=None) -> None:
    """Approved and awaiting expenses plus ``amount`` stay within the approved amount (the caller
    holds the intervention's row lock)."""
    held = intervention.expenses.exclude(status=ExpenseStatus.REJECTED)
    if exclude is not None:
        held = held.exclude(pk=exclude.pk)
    used = (held.aggregate(s=Sum("amount"))["s"] or ZERO).quantize(ONE_ORE)
    approved = intervention.approved_amount or ZERO
    if used + amount > approved:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(left)s of the approved %(approved)s is left. Going over needs a new decision."
                )
                % {"left": sek(max(approved - used, ZERO)), "approved": sek(approved)}
            }
        )


def review_expense(expense: Expense, *, approve: bool, reason: str = "", by: User | None) -> Expense:
    """The coordinator approves a submitted expense (it then counts as spent) or rejects it with a
    reason; the one who submitted it is told."""
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the expense is not approved.")})
    with transaction.atomic(), acting_as(by):
        intervention = Intervention.objects.select_for_update().get(pk=expense.intervention_id)
        expense = Expense.objects.select_for_update().get(pk=expense.pk)
        if expense.status != ExpenseStatus.SUBMITTED:
            raise ValidationError(
                _("This expense is already %(status)s.") % {"status": expense.get_status_display().lower()}
            )
        if approve:
            if intervention.status not in HOLDING:
                raise ValidationError(
                    _("Expenses are recorded on an approved intervention; this one is %(status)s.")
                    % {"status": intervention.get_status_display().lower()}
                )
            _check_within_approved(intervention, expense.amount, exclude=expense)
        expense.status = ExpenseStatus.APPROVED if approve else ExpenseStatus.REJECTED
        expense.rejection_reason = "" if approve else reason.strip()
        expense.reviewed_by = by if getattr(by, "is_authenticated", False) else None
        expense.reviewed_at = timezone.now()
        expense.save()
        notify(
            [expense.recorded_by] if expense.recorded_by_id else [],
            "expense_approved" if approve else "expense_rejected",
            intervention=intervention,
            by=by,
            expense=expense,
        )
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


def _recipients(intervention: Intervention) -> list[User]:
    """The applicant, or else the current managers of the enterprises it serves, or the coordinators."""
    if intervention.applicant_id and intervention.applicant.is_active:
        return [intervention.applicant]
    members = Membership.objects.current().filter(platform_id=intervention.platform_id)
    enterprise_ids = list(intervention.enterprises.values_list("pk", flat=True))
    if enterprise_ids:
        members = members.filter(role=Role.MANAGER, enterprise_id__in=enterprise_ids)
    else:
        members = members.filter(role=Role.COORDINATOR)
    return list(User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by("email"))


def send_report_reminders(*, on: datetime.date | None = None) -> int:
    """Mail each intervention whose report is due once. Safe to run twice, also at the same time.

    Each row is claimed with a conditional update before its mail goes out, so a second
    run (or a run alongside) finds it taken and sends nothing. Each recipient gets it in
    their own language, as text and HTML, with the link to the report form.
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
        context = {"intervention": intervention, "platform": intervention.platform, "link": link}
        for person in recipients:
            _send_notice(person, "report_due", context)
        Intervention.objects.filter(pk=intervention.pk).update(
            report_reminder_sent_to=", ".join(p.email for p in recipients)
        )
        sent += 1
    return sent
