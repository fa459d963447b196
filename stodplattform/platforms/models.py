import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from stodplattform.core.models import PeriodQuerySet, ScopedQuerySet
from stodplattform.lib.colour import AA_CONTRAST, WHITE, contrast_ratio, normalise_hex

# The colour of the page header when a platform has chosen none: white text on it passes WCAG AA.
DEFAULT_COLOUR = "#1d3a5f"


def validate_colour(value: str) -> None:
    """A #rrggbb colour on which the header's white text has a contrast of at least 4.5:1 (WCAG AA)."""
    colour = normalise_hex(value)
    if colour is None or colour != value:
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, for example #1d3a5f."), code="invalid"
        )
    ratio = contrast_ratio(colour, WHITE)
    if ratio < AA_CONTRAST:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of only %(ratio)s:1; at least 4.5:1 is needed "
                "so that everyone can read the header. Choose a darker colour."
            ),
            code="low_contrast",
            # Rounded down: 4.49 must not read as the 4.5 it fails to reach.
            params={"colour": colour, "ratio": number_format(math.floor(ratio * 10) / 10, 1)},
        )


def platform_logo_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"platforms/{instance.slug}-{timezone.now():%Y%m%d%H%M%S}.{ext}"


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


class PlatformQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def reachable_by(self, user):
        """Public platforms, and the non-public ones the user is a member of."""
        from .access import platform_roles

        if getattr(user, "is_superuser", False):
            return self
        return self.filter(Q(is_public=True) | Q(pk__in=list(platform_roles(user))))

    def member_of(self, user):
        """Platforms a signed-in user holds a current role in (any role)."""
        from .access import platform_roles

        return self.scoped(user, lambda user: Q(pk__in=list(platform_roles(user))))


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
    logo = models.ImageField(
        _("logo"),
        upload_to=platform_logo_path,
        blank=True,
        help_text=_("Shown next to the name at the top of the platform's pages. JPEG, PNG or WebP."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_colour],
        help_text=_("The colour of the top of the platform's pages, behind white text, e.g. #1d3a5f."),
    )
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
    MANAGER = "manager", _("Enterprise manager")


class Membership(models.Model):
    """A person's role in a platform, or as manager of one of its enterprises, for a period.

    The period runs from ``starts_on`` up to, not including, ``ends_on``: ending a
    membership today takes effect at once. Memberships are ended, never deleted,
    so the history of who held which role stays.
    """

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
    # Only for the manager role. Referred to by name: platforms never imports enterprises.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    organisation = models.CharField(_("organisation represented"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
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
            models.UniqueConstraint(
                fields=["platform", "user", "role"],
                condition=Q(ends_on__isnull=True, enterprise__isnull=True),
                name="membership_unique_open_role",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "user"],
                condition=Q(ends_on__isnull=True, enterprise__isnull=False),
                name="membership_unique_open_manager",
            ),
            models.CheckConstraint(
                condition=Q(role="manager", enterprise__isnull=False)
                | (~Q(role="manager") & Q(enterprise__isnull=True)),
                name="membership_manager_has_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="membership_period_ordered",
            ),
        ]

    def __str__(self):
        where = self.enterprise if self.enterprise_id else self.platform
        return f"{self.user} – {self.get_role_display()}, {where}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or self.ends_on > on
        )


class RegionalRole(models.Model):
    """A person's role for a whole region (county), for a period, not a membership per platform.

    * observer: sees the figures of every platform in the region side by side (the county
      view), never people or confidential content;
    * coordinator: keeps what is shared by the region's platforms (e.g. regional funding calls).

    The period works as a membership's: from ``starts_on`` up to, not including, ``ends_on``.
    """

    class Kind(models.TextChoices):
        OBSERVER = "observer", _("Regional observer")
        COORDINATOR = "coordinator", _("Regional coordinator")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="regional_roles", verbose_name=_("region")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="regional_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    organisation = models.CharField(_("organisation represented"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional role")
        verbose_name_plural = _("regional roles")
        ordering = ["region", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "user", "role"],
                condition=Q(ends_on__isnull=True),
                name="regional_role_unique_open",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="regional_role_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.region}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Sent, not yet accepted or withdrawn (expired ones included: they can be resent)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed invitation to a role on a platform, or as manager of one of its enterprises.

    The link carries a signed reference to the invitation and its current ``key``;
    resending makes a new key, so only the newest link works.
    """

    class Language(models.TextChoices):
        SWEDISH = "sv", "Svenska"
        ENGLISH = "en", "English"

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("platform")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("enterprise"),
    )
    organisation = models.CharField(_("organisation represented"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    language = models.CharField(
        _("language of the e-mail"), max_length=2, choices=Language.choices, default="sv"
    )
    message = models.TextField(_("personal message"), max_length=2000, blank=True)
    key = models.CharField(max_length=43, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()}, {self.enterprise or self.platform}"

    @property
    def expires_at(self):
        if self.sent_at is None:
            return None
        return self.sent_at + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.withdrawn_at:
            return "withdrawn"
        return "expired" if self.is_expired else "pending"

    def get_status_display(self) -> str:
        return {
            "accepted": _("accepted"),
            "withdrawn": _("withdrawn"),
            "expired": _("expired"),
            "pending": _("waiting for an answer"),
        }[self.status]
