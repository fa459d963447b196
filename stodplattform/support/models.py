"""Support cases (stödärenden): requests for support, the work on them, and the start-up pipeline."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.files import private_storage
from stodplattform.core.models import ScopedQuerySet
from stodplattform.platforms import access
from stodplattform.platforms.models import Municipality, Platform, Role


class Category(models.TextChoices):
    FINANCING = "financing", _("Financing")
    BUSINESS = "business", _("Business development")
    ADMINISTRATION = "administration", _("Administration")
    SUPERVISOR = "supervisor", _("Supervisor support")
    HR = "hr", _("HR")
    GOVERNANCE = "governance", _("Governance and legal")
    MARKET = "market", _("Market and sales")
    STARTUP = "startup", _("Start-up")
    OTHER = "other", pgettext_lazy("support category", "Other")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", pgettext_lazy("case status", "Open")
    WAITING = "waiting", _("Waiting")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


OPEN_STATUSES = [CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING]

# The workflow: which status may follow which. Reopening is closed → open.
TRANSITIONS = {
    CaseStatus.NEW: {CaseStatus.OPEN, CaseStatus.WAITING, CaseStatus.CLOSED},
    CaseStatus.OPEN: {CaseStatus.WAITING, CaseStatus.CLOSED},
    CaseStatus.WAITING: {CaseStatus.OPEN, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.OPEN},
}


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Support given")
    REFERRED = "referred", _("Referred elsewhere")
    ENTERPRISE = "enterprise", _("Enterprise started")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")
    NO_ACTION = "no_action", _("No action needed")


class Source(models.TextChoices):
    FORM = "form", _("Public form")
    MANAGER = "manager", _("Enterprise manager")
    STAFF = "staff", _("Platform staff")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLAN = "plan", _("Business plan")
    FINANCING = "financing", _("Financing")
    REGISTRATION = "registration", _("Registration")
    STARTED = "started", _("Started")


def _working_roles(user) -> tuple[list[int], set[int]]:
    return access.platforms_with_role(user, {Role.COORDINATOR}), access.managed_enterprise_ids(user)


def _assigned_beyond(user, coordinated, managed) -> bool:
    """Whether a case is assigned to the user outside the platforms they coordinate and the
    enterprises they manage: one query off the assignee's index, read once a request for the
    roles it was asked with (roles read anew after ``access.forget`` are asked anew;
    ``forget_assignments`` after an assignment within the request)."""
    key = (tuple(coordinated), frozenset(managed))
    known = user.__dict__.setdefault("_cases_assigned_beyond", {})
    if key not in known:
        known[key] = (
            SupportCase.objects.filter(assignee=user)
            .exclude(platform_id__in=coordinated)
            .exclude(enterprise_id__in=managed)
            .exists()
        )
    return known[key]


def forget_assignments(user) -> None:
    """Drop what ``_assigned_beyond`` read, after a case was assigned within the request."""
    user.__dict__.pop("_cases_assigned_beyond", None)


class ProspectQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """Prospects of the platforms the user coordinates."""
        return Q(platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR}))


class Prospect(models.Model):
    """Someone planning a social enterprise, on the way from an idea to a registered enterprise."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="prospects", verbose_name=_("platform")
    )
    name = models.CharField(_("name of the idea"), max_length=150)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospects",
        verbose_name=_("registered as"),
    )
    is_example = models.BooleanField(_("example text"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReferenceCounter(models.Model):
    """The last case number used per platform and year; locked row by row while numbering."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="support_counter_unique_year")
        ]

    def __str__(self):
        return f"{self.platform_id}/{self.year}: {self.last}"


class RequestCounter(models.Model):
    """Public support requests from one address since ``started_at`` (at most an hour ago).

    A row, not the cache: the cache's increment is a read and a write, so requests sent at
    the same moment all passed the limit; an UPDATE ... SET count = count + 1 takes turns.
    Rows older than an hour are deleted by the next request, so no address is kept longer.
    """

    address = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.address}: {self.count}"


def reference_prefix(platform: Platform) -> str:
    """Letters for a platform's case references, from its slug: falun-borlange → FB, vasterbergslagen → VAS."""
    parts = [p for p in platform.slug.split("-") if p]
    if len(parts) > 1:
        return "".join(p[0] for p in parts[:3]).upper()
    return (parts[0][:3] if parts else "SP").upper()


# What a case shows where cases are listed (the inbox's table, the start page's lists).
LISTED_COLUMNS = (
    "reference",
    "title",
    "purged_at",
    "category",
    "status",
    "due_on",
    "opened_on",
    "confidential",
    "requester_name",
    "requester_organisation",
    "enterprise__name",
    "prospect__name",
    "assignee__full_name",
)


class CaseQuerySet(ScopedQuerySet):
    def listed(self):
        """With only what a list shows: whole rows of the case, its enterprise, prospect and
        assignee were most of an inbox's database time and a fifth of its Python (50 rows)."""
        return self.select_related("assignee", "enterprise", "prospect").only(*LISTED_COLUMNS)

    def scope(self, user) -> Q:
        """Cases whose contents the user may read.

        Coordinators: all of their platforms' cases; anyone: the cases assigned to
        them; managers: their enterprises' cases, confidential ones included.
        Steering members and observers see counts only (``countable_by``).

        The cases assigned to the person are named apart only when some of them lie beyond the
        platforms they coordinate and the enterprises they manage; otherwise they are among
        those already. Named anyway, the OR made the database gather every open case of a
        coordinator's platform from two indexes and read each one's row: SQLite sorted them
        for the inbox's page (8 ms of 22), PostgreSQL counted the start page's from the rows
        (4.4 ms) instead of an index.
        """
        coordinated, managed = _working_roles(user)
        theirs = Q(platform_id__in=coordinated) | Q(enterprise_id__in=managed)
        if _assigned_beyond(user, coordinated, managed):
            theirs |= Q(assignee=user)
        return theirs

    def known_to(self, user):
        """Cases the user may know exist: the visible ones, and the platform's non-confidential ones
        for its other members (who are refused their contents with a 403)."""

        def rule(user) -> Q:
            member_of = access.platforms_with_role(user, {Role.STEERING, Role.COOPTED, Role.OBSERVER})
            visible = self.model.objects.visible_to(user).values("pk")
            return Q(pk__in=visible) | Q(platform_id__in=member_of, confidential=False)

        return self.scoped(user, rule)

    def countable_by(self, user):
        """Cases that the user may count (by category and status): their platforms' for steering and observers."""
        roles = {Role.COORDINATOR, Role.STEERING, Role.OBSERVER}
        return self.scoped(user, lambda user: Q(platform_id__in=access.platforms_with_role(user, roles)))

    def active(self):
        # "Not closed" named by the open statuses, so that an index on status (first, or after the
        # platform or the assignee) gives them: the newest 50 of each status are read off its
        # order (SQLite stops each status's range at the limit), counts off the index alone.
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on=None):
        return self.active().filter(due_on__lt=on or timezone.localdate())

    def search(self, text: str):
        query = Q()
        for word in (text or "").split()[:8]:
            query &= (
                Q(reference__icontains=word)
                | Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(requester_name__icontains=word)
                | Q(requester_organisation__icontains=word)
                | Q(enterprise__name__icontains=word)
                | Q(prospect__name__icontains=word)
            )
        return self.filter(query)


class SupportCase(models.Model):
    """One request for support and the work on it (stödärende)."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="support_cases", verbose_name=_("platform")
    )
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    # Further categories the requester ticked on the form, besides the main one.
    needs = models.JSONField(_("also asked about"), default=list, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.NEW)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    description = models.TextField(_("description"), max_length=8000, blank=True)
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_cases",
        verbose_name=_("assignee"),
        # Indexed with the platform and the enterprise (Meta.indexes), which serves a look-up by
        # assignee as this column's own index did.
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_cases",
        verbose_name=_("enterprise"),
    )
    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("prospect"),
    )
    confidential = models.BooleanField(
        _("confidential HR matter"),
        default=False,
        help_text=_("Only coordinators, the assignee and the enterprise's manager see it."),
    )
    requester_name = models.CharField(_("name"), max_length=150, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_phone = models.CharField(_("phone"), max_length=30, blank=True)
    requester_organisation = models.CharField(_("organisation or idea"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # The language the requester wrote in: their e-mails are sent in it.
    language = models.CharField(_("language"), max_length=2, default="sv")
    notify_requester = models.BooleanField(_("tell the requester when the case is closed"), default=False)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.STAFF)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    purged_at = models.DateTimeField(_("names and texts removed"), null=True, blank=True)
    is_example = models.BooleanField(_("example text"), default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "reference"], name="support_case_unique_reference")
        ]
        indexes = [
            # A coordinator's and an assignee's open cases, newest first, and their count, read
            # off these indexes alone (covering: the page's ids are chosen before its rows are
            # read, core.pagination): a coordinator's inbox at 200 000 cases sorted every case
            # of the platform with its joined rows (16 ms for the list, 14 for the count).
            models.Index(
                fields=["platform", "status", "-opened_on", "-id"], name="support_case_platform_open"
            ),
            models.Index(
                fields=["assignee", "status", "-opened_on", "-id"], name="support_case_assignee_open"
            ),
            # The inboxes' order: the newest 50 are read off this index instead of sorting every
            # open case (a superuser's inbox at 200 000 cases: 1.5 s for that query alone).
            models.Index(fields=["-opened_on", "-id"], name="support_case_newest"),
            # The open cases' count and the new ones, newest first (the inboxes, the start page),
            # read off an index instead of every case; and the overdue ones.
            models.Index(fields=["status", "-opened_on", "-id"], name="support_case_status_newest"),
            models.Index(fields=["status", "due_on"], name="support_case_status_due"),
            # A coordinator's start page: the platform's open cases counted as new, overdue and
            # theirs, and the soonest overdue chosen, off this index alone instead of each open
            # case's row (SQLite, 2 800 open cases of a platform: 8.4 ms for both, 1.9 so).
            models.Index(
                fields=["platform", "status", "due_on", "assignee"], name="support_case_platform_due"
            ),
            # The inbox filtered by enterprise and category: the matching enterprises' cases of
            # that category, not every case of theirs read to test its category; covering for
            # the page's ids in either order (by priority, newest first).
            models.Index(
                fields=["enterprise", "category", "priority", "-opened_on", "-id"],
                name="support_case_enterprise_cat",
            ),
            # The inbox filtered by category: the platform's cases of that category and the
            # person's own, each read off its index alone, for the count and the page's ids in
            # either order (SQLite, a coordinator's 6 700 cases, 700 of the category and 2 300
            # assigned to them, all statuses: 16.6 -> 0.2 ms for the count).
            models.Index(
                fields=["platform", "category", "status", "priority", "-opened_on", "-id"],
                name="support_case_platform_cat",
            ),
            models.Index(
                fields=["assignee", "category", "status", "priority", "-opened_on", "-id"],
                name="support_case_assignee_cat",
            ),
            # Whether any case assigned to a person lies beyond their platforms and enterprises
            # (CaseQuerySet.scope), off this index alone: a coordinator's 2 300 cases' rows were
            # read to find none.
            models.Index(fields=["assignee", "platform", "enterprise"], name="support_case_assignee_where"),
            # The figures (reporting.figures): a platform's cases opened, and closed, in a period by
            # category and month, counted off these indexes alone; the month is a range compared
            # with the stored value. Without them every case of the platform, of every year, was
            # read (the national data set's largest platform: 6 900 cases for 2 100 of the year).
            # With the enterprise last, also the dashboard's year: the enterprises a platform's
            # cases concern, off the index rather than each case's row (6 700 cases: 16 -> 6 ms
            # for the enterprises supported, SQLite).
            models.Index(
                fields=["platform", "opened_on", "category", "enterprise", "id"],
                name="support_case_platform_opened",
            ),
            models.Index(
                fields=["platform", "status", "closed_at", "category"], name="support_case_platform_closed"
            ),
        ]

    def __str__(self):
        # The reference only: the audit history keeps this text, and it must outlive a purge.
        return self.reference

    def get_absolute_url(self):
        return reverse("support-case", args=[self.pk])

    @property
    def display_title(self):
        return self.title if not self.purged_at else _("(removed after the retention period)")

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != CaseStatus.CLOSED
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def concerns(self):
        return self.enterprise or self.prospect or self.requester_organisation

    def allowed_statuses(self) -> list[str]:
        if self.purged_at:
            return []
        return [s for s in CaseStatus.values if s in TRANSITIONS[CaseStatus(self.status)]]

    def change_status(self, status: str, outcome: str = "") -> None:
        """Move along the workflow; ValidationError (by field) for a step it does not allow."""
        if status == self.status:
            raise ValidationError({"status": _("The case already has this status.")})
        if self.purged_at:
            raise ValidationError(
                {
                    "status": _(
                        "The case's names and texts were removed after the retention period: it cannot be reopened."
                    )
                }
            )
        if status not in TRANSITIONS[CaseStatus(self.status)]:
            raise ValidationError(
                {
                    "status": _("A case cannot go from “%(old)s” to “%(new)s”.")
                    % {"old": self.get_status_display(), "new": CaseStatus(status).label}
                }
            )
        if status == CaseStatus.CLOSED:
            if not outcome:
                raise ValidationError({"outcome": _("Choose the outcome when closing a case.")})
            self.outcome, self.closed_at = outcome, timezone.now()
        else:
            self.outcome, self.closed_at = "", None
        self.status = status

    def clean(self):
        if self.due_on and self.opened_on and self.due_on < self.opened_on:
            raise ValidationError({"due_on": _("The due date cannot be before the day the case was opened.")})

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries.all())


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    DECISION = "decision", _("Decision")


def attachment_path(entry, filename):
    # An unguessable name: the original name is kept in the entry for the download.
    ext = Path(filename).suffix.lower()[:6]
    return f"support/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


MAX_ENTRY_MINUTES = 24 * 60


class CaseEntry(models.Model):
    """A note, call, meeting, e-mail or decision on a case, with the minutes spent."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices, default=EntryKind.NOTE)
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    minutes = models.PositiveIntegerField(_("minutes spent"), default=0)
    text = models.TextField(_("text"), max_length=8000, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, storage=private_storage, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case entry")
        verbose_name_plural = _("case entries")
        ordering = ["-date", "-pk"]
        indexes = [
            # The figures: the time of a platform's cases in a period (and whether a case was
            # worked on in it), read off the index by case, without the entries' rows and texts.
            models.Index(fields=["case", "date", "minutes"], name="support_entry_case_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__lte=MAX_ENTRY_MINUTES), name="support_entry_minutes_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class CaseMinutesMonth(models.Model):
    """The minutes logged on a platform's cases in one month, summed by the cases' category,
    enterprise and confidentiality: what the figures of a year or a half-year read instead of
    every entry (a platform's year at 5 000 enterprises: 11 000 entries, 2 400 sums).

    Kept by ``services.sum_case_minutes`` whenever the application adds an entry or changes what
    a case is summed by; ``manage.py sum_case_minutes`` sums everything anew (after changes made
    outside the application). Periods that do not start and end with a month read the entries.
    """

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    category = models.CharField(max_length=16, choices=Category.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, null=True, related_name="+"
    )
    confidential = models.BooleanField()
    minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["platform", "month", "category", "enterprise", "confidential", "minutes"],
                name="support_minutes_month",
            )
        ]

    def __str__(self):
        return f"{self.platform_id} {self.month:%Y-%m} {self.category}: {self.minutes}"


class TimeCategory(models.TextChoices):
    NETWORK = "network", _("Network meetings")
    ADMINISTRATION = "administration", _("Administration")
    OUTREACH = "outreach", _("Outreach")
    STEERING = "steering", _("Steering group")
    LEARNING = "learning", _("Training and learning")
    OTHER = "other", pgettext_lazy("time category", "Other")


class TimeEntryQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """Coordinators see their platforms' time; others their own."""
        return Q(platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR})) | Q(person=user)


class TimeEntry(models.Model):
    """Time spent on platform work that belongs to no case, so the yearly report shows all hours."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.CharField(_("category"), max_length=16, choices=TimeCategory.choices)
    minutes = models.PositiveIntegerField(_("minutes spent"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__lte=MAX_ENTRY_MINUTES), name="support_time_minutes_day"
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.date}"


class DigestSent(models.Model):
    """One row per person and day of the overdue digest: claimed before sending, so it goes once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="support_digest_once_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.day}"


def retention_cutoff(now=None) -> datetime.datetime:
    """Closed confidential cases closed before this moment are purged."""
    now = now or timezone.now()
    months = settings.SUPPORT_CONFIDENTIAL_RETENTION_MONTHS
    year, month = divmod(now.month - 1 - months, 12)
    year, month = now.year + year, month + 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)
