"""Seminars, fairs and workshops: the events a platform arranges, their programme,
exhibitors and registrations."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.calendar import CalendarEntry
from stodplattform.core.models import ScopedQuerySet, TranslatedDescription
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform


class Kind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    FAIR = "fair", _("Fair")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other")


class EventQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(is_public=True, platform__is_public=True)

    def visible_to(self, user):
        # Unlike other records, events are for the public too.
        if not getattr(user, "is_authenticated", False):
            return self.public()
        return super().visible_to(user)

    def scope(self, user) -> Q:
        """Public events for everyone; invitation-only events for the platform's members."""
        return Q(is_public=True, platform__is_public=True) | Q(
            platform_id__in=list(access.platform_roles(user))
        )

    def organised_by(self, user):
        """Events of the platforms the user coordinates (all for a superuser)."""
        return self.scoped(
            user, lambda user: Q(platform_id__in=access.platforms_with_role(user, {"coordinator"}))
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_fair(self):
        return self.filter(Q(kind=Kind.FAIR) | Q(with_fair=True))

    def with_counts(self):
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            attended_count=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
        )


class Event(TranslatedDescription, models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="events", verbose_name=_("organising platform")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SEMINAR)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("Name of the venue."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(_("link to join online"), blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for lists and search engines."),
    )
    description = models.TextField(
        _("description"), max_length=10000, blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    description_en = models.TextField(
        _("description in English"),
        max_length=10000,
        blank=True,
        help_text=_("Optional. Shown on the English pages; without it they show the Swedish text."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Untick for an event by invitation only: only the platform's members see it."),
    )
    with_fair = models.BooleanField(
        _("with a fair"),
        default=False,
        help_text=_("Social enterprises exhibit at the event (always so for a fair)."),
    )
    is_example = models.BooleanField(_("example text"), default=False)
    feedback_requested_at = models.DateTimeField(_("feedback requested"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events-detail", args=[self.slug])

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_fair(self) -> bool:
        """Enterprises exhibit: a fair, or a seminar with a fair alongside."""
        return self.kind == Kind.FAIR or self.with_fair

    def registration_state(self, now=None) -> str:
        """ "open", "not_yet", "closed" (deadline passed or the event is over)."""
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= (self.registration_closes_at or self.starts_at) or self.ends_at < now:
            return "closed"
        return "open"

    @property
    def retention_ends_at(self) -> datetime.datetime:
        return self.ends_at + datetime.timedelta(days=settings.EVENTS_RETENTION_DAYS)

    @property
    def location_text(self) -> str:
        return ", ".join(part for part in (self.venue, self.room, self.address) if part) or self.online_url

    def calendar_entry(self) -> CalendarEntry:
        url = settings.SITE_URL.rstrip("/") + self.get_absolute_url()
        return CalendarEntry(
            uid=f"event-{self.pk}@stodplattform",
            summary=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=self.location_text,
            description=(self.summary + "\n\n" if self.summary else "") + url,
            url=url,
            updated_at=self.updated_at,
        )


class ProgrammeItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme", verbose_name=_("event")
    )
    starts_at = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


class Exhibitor(models.Model):
    """An enterprise showing what it does at a fair (the digital fair links to its showcase page)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="exhibitors", verbose_name=_("event")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="exhibitions",
        verbose_name=_("enterprise"),
    )
    booth = models.CharField(_("booth number"), max_length=20, blank=True)
    pitch = models.CharField(_("one-line pitch"), max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["booth", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="exhibitor_once_per_event")
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.event})"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])


class Registration(models.Model):
    """One person's place (or place in line). Personal data is erased a while after the event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    note = models.TextField(_("note"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5, default="sv")
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)
    # The reminder a day or two before the event: set once, so a second run sends nothing.
    reminded_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One place (or place in line) per address; a cancelled registration does not count.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waiting"]) & ~Q(email=""),
                name="registration_once_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return self.name or str(_("(removed)"))

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None

    def check_in(self, *, undo: bool = False) -> None:
        self.checked_in_at = None if undo else (self.checked_in_at or timezone.now())
        self.save(update_fields=["checked_in_at"])
