from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stodplattform.core.models import PeriodQuerySet


class Region(models.Model):
    """A county (län) with its SCB code, e.g. 20 Dalarna."""

    code = models.CharField(_("SCB code"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")])
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (kommun) with its four-digit SCB code, e.g. 2085 Ludvika."""

    code = models.CharField(_("SCB code"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$")])
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlatformQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def reachable_by(self, user):
        from stodplattform.core import access

        return access.reachable_platforms(self, user)


class Platform(models.Model):
    """One support structure for social enterprises: the tenant."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="platforms"
    )
    operator = models.CharField(_("operating organisation"), max_length=150)
    funder = models.CharField(_("funder"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    description = models.TextField(_("public description"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms-detail", args=[self.slug])


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING = "steering", _("Steering group member")
    COOPTED = "coopted", _("Co-opted support person")
    OBSERVER = "observer", _("Regional observer")


class Membership(models.Model):
    """A person's role in a platform, for a period."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("platform")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(_("organisation represented"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    show_publicly = models.BooleanField(
        _("shown on the platform page"),
        default=True,
        help_text=_("The role and organisation are shown publicly; the person's name is not."),
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["platform", "role", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "user", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="membership_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.platform}"
