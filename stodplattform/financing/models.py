"""Financing, public procurement and quality labels: funding calls matched to the enterprises
they fit, the evidence for reserved contracts, procurement opportunities and quality labels.

A call or tender is kept for one platform by its coordinators; a call may also be shared by
every platform of a region (kept by a coordinator named for the region) or by the whole
installation (kept by a superuser). Matching is in ``matching.py``, one function per criterion.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.files import private_storage
from stodplattform.core.models import ScopedQuerySet
from stodplattform.enterprises.models import Enterprise, Industry, LegalForm, OfferKind, Status
from stodplattform.platforms import access
from stodplattform.platforms.models import Municipality, Platform, Region, RegionalRole, Role

# How many days before a deadline the reminder goes out, unless a call says otherwise.
DEFAULT_REMINDER_DAYS = 14


class CallKind(models.TextChoices):
    STATE_WISE = "state_wise", _("State support to work-integrating social enterprises")
    ESF = "esf", _("European Social Fund (ESF+)")
    INHERITANCE_FUND = "arvsfonden", _("The Inheritance Fund (Arvsfonden)")
    REGIONAL = "regional", _("Regional development funds")
    LEADER = "leader", _("Leader area")
    FOUNDATION = "foundation", _("Foundation")
    CHEQUE = "cheque", _("Business development cheque")
    OTHER = "other", _("Other funding")


class CallQuerySet(ScopedQuerySet):
    def open(self, today=None):
        """Calls one can still apply to: continuous, or with a deadline today or later."""
        today = today or timezone.localdate()
        return self.filter(Q(continuous=True) | Q(deadline__gte=today))

    def for_platforms(self, platform_ids):
        """Calls that reach the given platforms: their own, their regions', and installation-wide."""
        regions = Municipality.objects.filter(platforms__in=platform_ids).values("region_id")
        return self.filter(
            Q(platform_id__in=platform_ids)
            | Q(platform__isnull=True, region_id__in=regions)
            | Q(platform__isnull=True, region__isnull=True)
        )

    def scope(self, user) -> Q:
        """Calls that reach the platforms a user works on or the enterprises they manage, and the
        calls of regions they coordinate."""
        platforms = set(access.platform_roles(user)) | set(
            Enterprise.objects.filter(pk__in=access.managed_enterprise_ids(user)).values_list(
                "platform_id", flat=True
            )
        )
        regions = Municipality.objects.filter(platforms__in=platforms).values("region_id")
        return (
            Q(platform_id__in=platforms)
            | Q(platform__isnull=True, region_id__in=regions)
            | Q(platform__isnull=True, region__isnull=True)
            | Q(region_id__in=access.regions_with_role(user, {RegionalRole.Kind.COORDINATOR}))
        )

    def public(self):
        return self.filter(Q(platform__isnull=True) | Q(platform__is_public=True))


class FundingCall(models.Model):
    """A funding opportunity: who may apply, how much, until when, and where to read more."""

    platform = models.ForeignKey(
        Platform,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_calls",
        verbose_name=_("platform"),
        help_text=_("Empty for a call shared by a region or the whole installation."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_calls",
        verbose_name=_("shared by the region"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of funding"), max_length=12, choices=CallKind.choices)
    funder = models.CharField(_("funder"), max_length=150)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    amount_max = models.DecimalField(
        _("largest amount (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cofinancing_percent = models.PositiveSmallIntegerField(
        _("own co-financing (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the costs the applicant must pay itself."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    continuous = models.BooleanField(_("continuous (no deadline)"), default=False)
    url = models.URLField(_("link"), max_length=500)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"),
        default=DEFAULT_REMINDER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    # Who may apply; empty means anyone.
    legal_forms = models.JSONField(_("legal forms"), default=list, blank=True)
    statuses = models.JSONField(_("status of the enterprise"), default=list, blank=True)
    min_age_years = models.PositiveSmallIntegerField(_("at least this many years old"), null=True, blank=True)
    max_age_years = models.PositiveSmallIntegerField(_("at most this many years old"), null=True, blank=True)
    min_employees = models.PositiveSmallIntegerField(_("at least this many employees"), null=True, blank=True)
    max_employees = models.PositiveSmallIntegerField(_("at most this many employees"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("only in these municipalities")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("only in these regions")
    )
    industries = models.ManyToManyField(
        Industry, blank=True, related_name="+", verbose_name=_("only in these industries")
    )
    is_example = models.BooleanField(_("example text"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["continuous", "deadline", "title", "pk"]
        indexes = [models.Index(fields=["deadline"], name="financing_call_deadline")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financing-call", args=[self.pk])

    @property
    def reach(self) -> str:
        if self.platform_id:
            return self.platform.name
        if self.region_id:
            return _("All platforms in %(region)s") % {"region": self.region.name}
        return _("All platforms")

    @property
    def legal_form_labels(self) -> list[str]:
        labels = dict(LegalForm.choices)
        return [str(labels.get(v, v)) for v in self.legal_forms]

    @property
    def status_labels(self) -> list[str]:
        labels = dict(Status.choices)
        return [str(labels.get(v, v)) for v in self.statuses]

    @property
    def is_open_to_all(self) -> bool:
        """No criterion at all (the related ones prefetched)."""
        return not (
            self.legal_forms
            or self.statuses
            or any(
                v is not None
                for v in (self.min_age_years, self.max_age_years, self.min_employees, self.max_employees)
            )
            or self.regions.all()
            or self.municipalities.all()
            or self.industries.all()
        )

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.continuous or (self.deadline is not None and self.deadline >= today)

    def days_left(self, today=None):
        if self.continuous or self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class Outcome(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ApplicationQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """Coordinators see their platforms' enterprises' applications; managers their own."""
        return Q(enterprise__platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR})) | Q(
            enterprise_id__in=access.managed_enterprise_ids(user)
        )


class CallApplication(models.Model):
    """An enterprise's work on one call: interest, the support case, what came of it."""

    call = models.ForeignKey(
        FundingCall, on_delete=models.CASCADE, related_name="applications", verbose_name=_("funding call")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="call_applications", verbose_name=_("enterprise")
    )
    case = models.ForeignKey(
        "support.SupportCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support case"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.INTERESTED
    )
    amount_granted = models.DecimalField(
        _("amount granted (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application for funding")
        verbose_name_plural = _("applications for funding")
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="financing_one_application_per_call")
        ]

    def __str__(self):
        return f"{self.enterprise} – {self.call}"


class Reminder(models.Model):
    """A reminder sent: one per call or tender and enterprise, so the command can run twice."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, null=True, related_name="+")
    tender = models.ForeignKey("Tender", on_delete=models.CASCADE, null=True, related_name="+")
    label = models.ForeignKey("QualityLabel", on_delete=models.CASCADE, null=True, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="financing_reminder_call"),
            models.UniqueConstraint(fields=["tender", "enterprise"], name="financing_reminder_tender"),
            models.UniqueConstraint(fields=["label", "enterprise"], name="financing_reminder_label"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.sent_on}"


# -- Reserved contracts -------------------------------------------------------------------


def statutes_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"financing/statutes/{instance.enterprise_id}-{timezone.now():%Y%m%d%H%M%S}.{ext}"


class ReservedEvidence(models.Model):
    """What a buyer asks for before a reserved contract (LOU 4 kap. 18 §): the purpose in the
    statutes, and at least 30 % of those occupied from the target group (from the key figures)."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="reserved_evidence", verbose_name=_("enterprise")
    )
    statutes = models.FileField(
        _("statutes"), upload_to=statutes_path, storage=private_storage, blank=True, max_length=200
    )
    purpose_confirmed = models.BooleanField(
        _("the statutes state integration into work and society as the main purpose"), default=False
    )
    checked_on = models.DateField(_("date checked"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evidence for reserved contracts")
        verbose_name_plural = _("evidence for reserved contracts")

    def __str__(self):
        return str(self.enterprise)


# -- Procurement opportunities ------------------------------------------------------------


class TenderQuerySet(ScopedQuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))

    def scope(self, user) -> Q:
        platforms = set(access.platform_roles(user)) | set(
            Enterprise.objects.filter(pk__in=access.managed_enterprise_ids(user)).values_list(
                "platform_id", flat=True
            )
        )
        return Q(platform_id__in=platforms)


class TenderKind(models.TextChoices):
    TENDER = "tender", _("Tender")
    DIRECT = "direct", _("Direct award")


class Tender(models.Model):
    """An upcoming tender or direct-award need of a municipality in the platform's area."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="tenders", verbose_name=_("platform")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=TenderKind.choices, default=TenderKind.TENDER)
    buyer = models.CharField(_("buyer"), max_length=150, help_text=_("E.g. Ludvika kommun, social services."))
    description = models.TextField(_("what is bought"), max_length=4000, blank=True)
    offers = models.ManyToManyField(
        OfferKind, related_name="tenders", verbose_name=_("kinds of offer bought"), blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    reserved = models.BooleanField(_("reserved for work-integrating enterprises"), default=False)
    is_example = models.BooleanField(_("example text"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement opportunity")
        verbose_name_plural = _("procurement opportunities")
        ordering = ["deadline", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financing-tender", args=[self.pk])


class TenderOutcome(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    BID = "bid", _("Bid submitted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class TenderResponse(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="responses")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="tender_responses")
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=TenderOutcome.choices, default=TenderOutcome.INTERESTED
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tender", "enterprise"], name="financing_one_response_per_tender")
        ]

    def __str__(self):
        return f"{self.enterprise_id} – {self.tender_id}: {self.outcome}"


# -- Quality labels -----------------------------------------------------------------------


class LabelKind(models.TextChoices):
    CERTIFIED = "certified", _("Certified work-integrating social enterprise")
    MEMBER = "member", _("Member of the national association of social enterprises")
    OTHER = "other", _("Other label")


class QualityLabel(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="quality_labels", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("label"), max_length=12, choices=LabelKind.choices)
    name = models.CharField(_("name of the label"), max_length=150, blank=True)
    awarded_on = models.DateField(_("awarded"))
    renewal_due = models.DateField(_("renewal due"), null=True, blank=True)
    checked_on = models.DateField(_("date checked"), default=timezone.localdate)
    is_example = models.BooleanField(_("example text"), default=False)

    class Meta:
        verbose_name = _("quality label")
        verbose_name_plural = _("quality labels")
        ordering = ["kind", "-awarded_on"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or self.get_kind_display()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financing-labels", args=[self.enterprise.slug])

    def is_valid(self, today=None) -> bool:
        return self.renewal_due is None or self.renewal_due >= (today or timezone.localdate())

    def renewal_soon(self, today=None, days=60) -> bool:
        today = today or timezone.localdate()
        return self.renewal_due is not None and today <= self.renewal_due <= today + datetime.timedelta(days)
