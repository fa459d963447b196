"""Follow-up: what comes of the work, per enterprise and year.

**Key figures** (``KeyFigures``) use the definitions of national statistics, so that sums
compare with SCB's and Tillväxtverket's: net turnover (nettoomsättning) and two parts of
it, grants kept apart (they are not turnover), the result after financial items, the wage
bill; people as counts only (never names, identity numbers or health data), each count
split into women, men and other/not stated:

* employees (anställda) at year end, and of them those with wage subsidy or another
  employment support;
* occupied but not employed (work training, placements, daily activity);
* of all occupied (employees + occupied but not employed), those from the target group,
  far from the labour market: the share public buyers check for a reserved contract
  (at least 30 %, LOU 4 kap. 18 §);
* supervisors (handledare), and of them those trained during the year;
* people who ended during the year, by outcome: work, studies, actively job-seeking, other.

Figures are self-reported until a coordinator checks them; a checked year is reopened
with a reason (the audit history keeps both).

**The sustainability check** (``SustainabilityCheck``, bärkraftsanalys) is the platform's
own method: the nine areas of the Swedish standard for certifying work-integrating social
enterprises plus market and customer mix, each scored 1–5 with a comment, filled in by the
manager and agreed with the coordinator.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.models import ScopedQuerySet
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

# LOU 4 kap. 18 §: at least 30 % of those employed come from the target group.
RESERVED_CONTRACT_SHARE = Decimal("0.30")

GENDERS = ("women", "men", "other")

# The person counts, each stored as three fields: <name>_women, <name>_men, <name>_other.
PERSON_COUNTS = (
    "employees",
    "supported_employees",
    "occupied",
    "target_group",
    "supervisors",
    "supervisors_trained",
    "ended_work",
    "ended_studies",
    "ended_seeking",
    "ended_other",
)

# (part, whole): no gender's part may exceed its whole.
PARTS = (
    ("supported_employees", "employees"),
    ("supervisors_trained", "supervisors"),
)

MONEY_FIELDS = (
    "net_turnover",
    "sales_goods_services",
    "sales_public_buyers",
    "grants",
    "result_after_financial_items",
    "wage_bill",
)


def _money(verbose_name, help_text, *, signed=False):
    validators = [] if signed else [MinValueValidator(Decimal("0"))]
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=validators,
        help_text=help_text,
    )


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0)


class FigureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Self-reported")
    CHECKED = "checked", _("Checked")


class Source(models.TextChoices):
    FORM = "form", _("the form")
    API = "api", _("the API")
    IMPORT = "import", _("a spreadsheet import")
    DEMO = "demo", _("demo data")


class KeyFiguresQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """The managers of the enterprise and the coordinators of its platform.

        Steering members and observers see no single enterprise's figures: they get sums
        (the reporting app), small counts suppressed.
        """
        return Q(enterprise_id__in=access.managed_enterprise_ids(user)) | Q(
            enterprise__platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR})
        )


class KeyFigures(models.Model):
    """One enterprise's key figures for one calendar year."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="key_figures",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=FigureStatus.choices, default=FigureStatus.DRAFT
    )

    net_turnover = _money(
        _("net turnover (SEK)"),
        _("Sales of goods and services in the ordinary business, after discounts and VAT (nettoomsättning)."),
    )
    sales_goods_services = _money(
        _("of which sales of goods and services (SEK)"),
        _("What customers paid for goods and services on the market."),
    )
    sales_public_buyers = _money(
        _("of which work training, placements and daily activity sold to public buyers (SEK)"),
        _(
            "What municipalities, the region or Arbetsförmedlingen paid for places in work training, placements or daily activity."
        ),
    )
    grants = _money(
        _("grants and operating support (SEK)"),
        _("Grants, project money and operating support. Not turnover: kept apart."),
    )
    result_after_financial_items = _money(
        _("result after financial items (SEK)"),
        _("Operating result plus financial income minus financial costs, before appropriations and tax."),
        signed=True,
    )
    wage_bill = _money(
        _("wage bill (SEK)"),
        _("Gross wages paid during the year, without employer's contributions."),
    )
    employees_fte = models.DecimalField(
        _("employees in full-time equivalents"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Hours worked by the employees during the year divided by a full-time year."),
    )

    employees_women = _count(_("employees at year end, women"))
    employees_men = _count(_("employees at year end, men"))
    employees_other = _count(_("employees at year end, other or not stated"))
    supported_employees_women = _count(_("of whom with wage subsidy or other employment support, women"))
    supported_employees_men = _count(_("of whom with wage subsidy or other employment support, men"))
    supported_employees_other = _count(
        _("of whom with wage subsidy or other employment support, other or not stated")
    )
    occupied_women = _count(_("occupied but not employed, women"))
    occupied_men = _count(_("occupied but not employed, men"))
    occupied_other = _count(_("occupied but not employed, other or not stated"))
    target_group_women = _count(_("of all occupied, from the target group, women"))
    target_group_men = _count(_("of all occupied, from the target group, men"))
    target_group_other = _count(_("of all occupied, from the target group, other or not stated"))
    supervisors_women = _count(_("supervisors, women"))
    supervisors_men = _count(_("supervisors, men"))
    supervisors_other = _count(_("supervisors, other or not stated"))
    supervisors_trained_women = _count(_("of whom trained during the year, women"))
    supervisors_trained_men = _count(_("of whom trained during the year, men"))
    supervisors_trained_other = _count(_("of whom trained during the year, other or not stated"))
    ended_work_women = _count(_("ended to work, women"))
    ended_work_men = _count(_("ended to work, men"))
    ended_work_other = _count(_("ended to work, other or not stated"))
    ended_studies_women = _count(_("ended to studies, women"))
    ended_studies_men = _count(_("ended to studies, men"))
    ended_studies_other = _count(_("ended to studies, other or not stated"))
    ended_seeking_women = _count(_("ended actively job-seeking, women"))
    ended_seeking_men = _count(_("ended actively job-seeking, men"))
    ended_seeking_other = _count(_("ended actively job-seeking, other or not stated"))
    ended_other_women = _count(_("ended otherwise, women"))
    ended_other_men = _count(_("ended otherwise, men"))
    ended_other_other = _count(_("ended otherwise, other or not stated"))

    source = models.CharField(
        _("entered through"), max_length=10, choices=Source.choices, default=Source.FORM, editable=False
    )
    reopen_reason = models.CharField(
        _("reason for reopening"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("Why a checked year was opened for changes again."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figures")
        verbose_name_plural = _("key figures")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="key_figures_one_per_enterprise_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="key_figures_year_status")]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    def total(self, name: str) -> int:
        """A person count summed over women, men and other: ``total("employees")``."""
        return sum(getattr(self, f"{name}_{gender}") for gender in GENDERS)

    @property
    def all_occupied(self) -> int:
        """Everyone occupied in the enterprise: employees and those occupied but not employed."""
        return self.total("employees") + self.total("occupied")

    @property
    def target_group_share(self) -> Decimal | None:
        """The target group's share of all occupied (0–1), None when nobody is occupied."""
        if not self.all_occupied:
            return None
        return Decimal(self.total("target_group")) / Decimal(self.all_occupied)

    @property
    def meets_reserved_contract_share(self) -> bool:
        share = self.target_group_share
        return share is not None and share >= RESERVED_CONTRACT_SHARE

    @property
    def is_checked(self) -> bool:
        return self.status == FigureStatus.CHECKED

    def clean(self):
        errors = {}
        for part, whole in PARTS:
            for gender in GENDERS:
                if getattr(self, f"{part}_{gender}") > getattr(self, f"{whole}_{gender}"):
                    errors[f"{part}_{gender}"] = _("Cannot be more than the total it is part of.")
        for gender in GENDERS:
            occupied = getattr(self, f"employees_{gender}") + getattr(self, f"occupied_{gender}")
            if getattr(self, f"target_group_{gender}") > occupied:
                errors[f"target_group_{gender}"] = _(
                    "Cannot be more than everyone occupied (employees and occupied but not employed)."
                )
        parts = [self.sales_goods_services or 0, self.sales_public_buyers or 0]
        if self.net_turnover is not None and sum(parts) > self.net_turnover:
            errors["sales_public_buyers"] = _("The parts of the net turnover cannot add up to more than it.")
        if errors:
            raise ValidationError(errors)


def default_due_date(year: int, month: int = 3, day: int = 31) -> datetime.date:
    """The day a year's figures are due: by default 31 March of the year after."""
    last = calendar.monthrange(year + 1, month)[1]
    return datetime.date(year + 1, month, min(day, last))


class FiguresDueDate(models.Model):
    """When a platform's enterprises are to have reported a year's figures (31 March by default)."""

    platform = models.OneToOneField(
        "platforms.Platform",
        on_delete=models.CASCADE,
        related_name="figures_due_date",
        verbose_name=_("platform"),
    )
    month = models.PositiveSmallIntegerField(
        _("month"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        verbose_name = _("due date for key figures")
        verbose_name_plural = _("due dates for key figures")

    def __str__(self):
        return f"{self.platform}: {self.day}/{self.month}"

    def clean(self):
        try:
            datetime.date(2024, self.month or 1, self.day or 1)  # a leap year: 29 February is allowed
        except ValueError:
            raise ValidationError({"day": _("The month has no such day.")}) from None

    def due_on(self, year: int) -> datetime.date:
        return default_due_date(year, self.month, self.day)


class FiguresReminder(models.Model):
    """One reminder mailed about one enterprise's figures for one year: sent once per person."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("key figures reminder")
        verbose_name_plural = _("key figures reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "recipient"], name="figures_reminder_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year} → {self.recipient_id}"


class Area(models.TextChoices):
    """The nine areas of the Swedish standard for work-integrating social enterprises, and market."""

    PURPOSE = "purpose", _("Purpose and direction")
    FINANCES = "finances", _("Finances")
    ORGANISATION = "organisation", _("Organisation and independence")
    STAFF = "staff", _("Staff and competence")
    PARTICIPATION = "participation", _("Responsibility and participation")
    ENVIRONMENT = "environment", _("Environment")
    SOCIAL = "social", _("Social responsibility")
    MANAGEMENT = "management", _("Management")
    WORK_ENVIRONMENT = "work_environment", _("Work environment")
    MARKET = "market", _("Market and customer mix")


class CheckStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent for agreement")
    AGREED = "agreed", _("Agreed")


class SustainabilityCheckQuerySet(KeyFiguresQuerySet):
    """Read as the key figures are: the enterprise's managers and its platform's coordinators only
    (the comments are for them alone)."""


class SustainabilityCheck(models.Model):
    """One enterprise's yearly sustainability check (bärkraftsanalys): a score per area."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="sustainability_checks",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=CheckStatus.choices, default=CheckStatus.DRAFT
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the coordinator sent it back to the manager; emptied when it is sent again.
    return_note = models.TextField(_("note from the coordinator"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SustainabilityCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("sustainability check")
        verbose_name_plural = _("sustainability checks")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="sustainability_one_per_enterprise_year"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"


class Score(models.Model):
    """One area's score (1 weak – 5 strong) in a sustainability check, with a comment."""

    sustainability_check = models.ForeignKey(
        SustainabilityCheck,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("sustainability check"),
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 weak – 5 strong.")
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sustainability_check", "area"]
        constraints = [
            models.UniqueConstraint(fields=["sustainability_check", "area"], name="score_one_per_area"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.score}"
