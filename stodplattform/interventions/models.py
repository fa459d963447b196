"""Targeted interventions (riktade insatser) and the yearly budget they draw on.

Money is ``Decimal`` SEK with öre (two decimals), never float. What an intervention
holds of its year's budget (``reserved``) follows its state:

* approved, in progress, reported: the approved amount;
* closed or cancelled: what was actually spent (the rest is released);
* anything else: nothing.

Spent is the sum of its expenses; committed is reserved minus spent. The sum of
what the year's interventions reserve never exceeds the year's budget
(``services.decide`` checks it under a row lock on the budget).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.files import private_storage
from stodplattform.core.models import ScopedQuerySet
from stodplattform.core.money import sek
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

ZERO = Decimal("0.00")
ONE_ORE = Decimal("0.01")


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("validators", [MinValueValidator(ONE_ORE)])
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class Category(models.TextChoices):
    SUPERVISOR_TRAINING = "supervisor", _("Supervisor training")
    COMPETENCE = "competence", _("Competence development")
    EXPERT = "expert", _("Expert support")
    MARKETING = "marketing", _("Marketing and sales")
    JOINT = "joint", _("Joint activities")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PREPARED = "prepared", _("Prepared")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", pgettext_lazy("intervention status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("intervention status", "Cancelled")


# States in which the approved amount is held, and in which expenses may be recorded.
HOLDING = {Status.APPROVED, Status.IN_PROGRESS, Status.REPORTED}
SETTLED = {Status.CLOSED, Status.CANCELLED}
CANCELLABLE = {Status.DRAFT, Status.SUBMITTED, Status.PREPARED, Status.APPROVED, Status.IN_PROGRESS}


class BudgetQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """Budgets of the platforms where the user is coordinator, steering member or observer."""
        return Q(
            platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR, Role.STEERING, Role.OBSERVER})
        )


class Budget(models.Model):
    """The money a platform may commit to targeted interventions in one year."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("platform")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = money_field(_("total amount (SEK)"))
    funder = models.CharField(_("funder"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["platform", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="budget_one_per_platform_year"),
            models.CheckConstraint(condition=Q(total__gt=0), name="budget_total_positive"),
        ]

    def __str__(self):
        return f"{self.platform} {self.year}"

    def get_absolute_url(self):
        return reverse("interventions-budget", args=[self.platform.slug]) + f"?year={self.year}"


class CategoryAmount(models.Model):
    """An optional part of a year's budget set aside for one category."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="category_amounts", verbose_name=_("budget")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = money_field(_("amount (SEK)"))

    class Meta:
        verbose_name = _("category amount")
        verbose_name_plural = _("category amounts")
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="category_amount_unique"),
        ]

    def __str__(self):
        return f"{self.budget} – {self.get_category_display()}"


class InterventionQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """All of the platform's for its coordinators and steering members; a manager's own enterprise's.

        Observers see sums only (the budget overview), co-opted members none of these.
        """
        platforms = access.platforms_with_role(user, {Role.COORDINATOR, Role.STEERING})
        managed = access.managed_enterprise_ids(user)
        query = Q(platform_id__in=platforms)
        if managed:
            query |= Q(
                pk__in=Intervention.enterprises.through.objects.filter(enterprise_id__in=managed).values(
                    "intervention_id"
                )
            )
        return query

    def report_due(self, on=None):
        """Ended (by the planned period) but not yet reported."""
        on = on or timezone.localdate()
        return self.filter(status__in=[Status.APPROVED, Status.IN_PROGRESS], ends_on__lt=on)


def attachment_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"interventions/{timezone.now():%Y/%m}/{instance.intervention_id}-{timezone.now():%H%M%S%f}.{ext}"


class Intervention(models.Model):
    """A targeted, budgeted piece of support: applied for, decided, carried out, reported."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("platform")
    )
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("budget year")
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=4000)
    expected_effect = models.TextField(_("expected effect"), max_length=4000)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("enterprises"),
        blank=True,
        related_name="interventions",
        help_text=_("Leave empty if the intervention serves the whole platform."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    requested_amount = money_field(_("requested amount (SEK)"))
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    starts_on = models.DateField(_("planned start"))
    ends_on = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("applicant"),
    )
    recommendation = models.TextField(_("coordinator's recommendation"), max_length=4000, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    report_done = models.TextField(_("what was done"), max_length=4000, blank=True)
    # People reached, by gender as the funder's follow-up counts them; the total is their sum
    # (``people_reached``), never stored on its own.
    people_reached_women = models.PositiveIntegerField(
        _("people reached: women"), null=True, blank=True, help_text=_("A count only: no names.")
    )
    people_reached_men = models.PositiveIntegerField(
        _("people reached: men"), null=True, blank=True, help_text=_("A count only: no names.")
    )
    people_reached_other = models.PositiveIntegerField(
        _("people reached: other/not stated"),
        null=True,
        blank=True,
        help_text=_("Those whose gender is other or not known. A count only: no names."),
    )
    report_assessment = models.TextField(_("assessment"), max_length=4000, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    # Bookkeeping of the reminder command (claimed with a conditional update; not in the history).
    report_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_reminder_sent_to = models.TextField(blank=True, editable=False)
    is_example = models.BooleanField(_("example text"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gt=0), name="intervention_requested_positive"
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__lte=models.F("requested_amount")),
                name="intervention_approved_within_requested",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="intervention_period"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("interventions-detail", args=[self.pk])

    @property
    def people_reached(self) -> int | None:
        """Everyone the report counts (women, men and other/not stated); None before a report."""
        counts = (self.people_reached_women, self.people_reached_men, self.people_reached_other)
        if all(n is None for n in counts):
            return None
        return sum(n or 0 for n in counts)

    @property
    def report_due(self) -> bool:
        return self.status in (Status.APPROVED, Status.IN_PROGRESS) and self.ends_on < timezone.localdate()

    def reserved(self, spent: Decimal) -> Decimal:
        """What this intervention holds of its year's budget, given what it has spent."""
        if self.status in HOLDING:
            return self.approved_amount or ZERO
        if self.status in SETTLED:
            return spent
        return ZERO

    # -- One-object changes (services wrap them in a transaction and the actor) --

    def _require(self, *states):
        if self.status not in states:
            raise ValidationError(
                _("This cannot be done while the intervention is %(status)s.")
                % {"status": self.get_status_display().lower()}
            )

    def submit(self):
        self._require(Status.DRAFT)
        self.status = Status.SUBMITTED
        self.save()

    def prepare(self, recommendation: str):
        self._require(Status.SUBMITTED)
        self.recommendation = recommendation
        self.status = Status.PREPARED
        self.save()

    def start(self):
        self._require(Status.APPROVED)
        self.status = Status.IN_PROGRESS
        self.save()

    def report(self, *, done: str, women: int, men: int, other: int, assessment: str):
        """The final report: what was done, the people reached by gender, and how it went."""
        self._require(Status.APPROVED, Status.IN_PROGRESS)
        self.report_done, self.report_assessment = done, assessment
        self.people_reached_women, self.people_reached_men, self.people_reached_other = women, men, other
        self.reported_at = timezone.now()
        self.status = Status.REPORTED
        self.save()

    def close(self):
        self._require(Status.REPORTED)
        self.status = Status.CLOSED
        self.save()

    def cancel(self):
        self._require(*CANCELLABLE)
        self.status = Status.CANCELLED
        self.save()


class Attachment(models.Model):
    """A file that belongs to an intervention; served only through a permission-checked view."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("intervention")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DecisionQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        return Q(intervention__in=Intervention.objects.visible_to(user))


class Decision(models.Model):
    """The steering group's decision on an intervention: taken at one of its meetings (and then
    also a § of that meeting's minutes) or by circulation (per capsulam, with the steering
    members who agreed), numbered in the steering group's one register, § 12/2026 per platform
    and year, shared with the meetings' decisions.

    A decision is never edited: a change is a new decision that refers to the old one.
    """

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("intervention")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    decided_on = models.DateField(_("date of the decision"))
    # Written by the service from the meeting or the members who agreed (before: free text).
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("steering group meeting"),
    )
    minutes_decision = models.OneToOneField(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("§ in the minutes"),
    )
    by_circulation = models.BooleanField(_("decision by circulation"), default=False)
    agreed_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by (decision by circulation)"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(
        _("approved amount (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("conditions or reason"), max_length=4000, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces decision"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year", "number"], name="decision_number_unique"),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"§ {self.number}/{self.year}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A decision cannot be changed. Record a new decision instead."))
        super().save(*args, **kwargs)


class ExpenseQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        return Q(intervention__in=Intervention.objects.visible_to(user))


def expense_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"interventions/expenses/{timezone.now():%Y/%m}/{instance.intervention_id}-{timezone.now():%H%M%S%f}.{ext}"


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", pgettext_lazy("expense", "Approved")
    REJECTED = "rejected", _("Not approved")


class Expense(models.Model):
    """Money spent on an intervention; their sum never exceeds the approved amount.

    A coordinator's expense is approved as it is recorded; a manager submits one with its
    receipt, and it counts as spent only once the coordinator has approved it. Submitted
    ones are held against the approved amount too, so that approving them never goes over.
    """

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("intervention")
    )
    date = models.DateField(_("date"))
    amount = money_field(_("amount (SEK)"))
    supplier = models.CharField(_("supplier"), max_length=200)
    invoice_reference = models.CharField(_("invoice reference"), max_length=100, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=expense_path, storage=private_storage, blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.APPROVED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not approving"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ExpenseQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self):
        return f"{self.date} {self.supplier} {sek(self.amount)}"
