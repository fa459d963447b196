"""Meetings: the monthly network meeting of all managers, the steering group, and others.

A series (``Series``) makes meetings from a recurrence; a meeting (``Meeting``)
has its agenda (``AgendaItem``), attendance (``Attendance``), minutes (notes per
agenda item), numbered decisions (``Decision``, § 12/2026 per platform and year)
and action items (``ActionItem``). Minutes are checked (justeras) by a named
person and then locked; a correction after that is an ``Addition``.

Times are aware datetimes; a series keeps its local wall-clock time, so that a
meeting at 13:00 stays at 13:00 in Europe/Stockholm across daylight-saving changes.
"""

import datetime
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.files import private_storage
from stodplattform.core.models import ScopedQuerySet, Weekday
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Platform, Role


class Kind(models.TextChoices):
    NETWORK = "network", _("Network meeting")
    STEERING = "steering", _("Steering group meeting")
    OTHER = "other", _("Other meeting")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class SeriesQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        coordinated = access.platforms_with_role(user, {Role.COORDINATOR})
        steering = access.platforms_with_role(user, {Role.STEERING})
        managed = access.platforms_with_role(user, {Role.MANAGER})
        return (
            Q(platform_id__in=coordinated)
            | Q(kind=Kind.NETWORK, platform_id__in=managed)
            | Q(kind=Kind.STEERING, platform_id__in=steering)
        )


class Series(models.Model):
    """Recurring meetings: e.g. the first Tuesday of each month at 13:00, skipping July."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("platform")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NETWORK)
    title = models.CharField(_("title"), max_length=150)
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    ordinal = models.SmallIntegerField(
        _("which week of the month"),
        choices=Ordinal.choices,
        default=Ordinal.FIRST,
        help_text=_("For monthly meetings: e.g. the first Tuesday."),
    )
    weekday = models.SmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY)
    start_time = models.TimeField(_("starts at"), default=datetime.time(13, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=120)
    starts_on = models.DateField(_("first possible date"))
    ends_on = models.DateField(_("last possible date"))
    skip_months = models.CharField(
        _("months without a meeting"), max_length=40, blank=True, help_text=_("E.g. July.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["platform", "title"]

    def __str__(self):
        return self.title

    @property
    def skipped_months(self) -> list[int]:
        return [int(m) for m in self.skip_months.split(",") if m.strip().isdigit()]

    def get_absolute_url(self):
        return reverse("meetings-list") + f"?series={self.pk}"


class MeetingQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        """Network meetings: the platform's coordinators and its enterprises' managers; steering
        meetings: the steering group and coordinators; any meeting: its invited guests (e.g.
        co-opted members), its secretary and its checker. Nothing of other platforms (404)."""
        coordinated = access.platforms_with_role(user, {Role.COORDINATOR})
        steering = access.platforms_with_role(user, {Role.STEERING})
        managed = access.platforms_with_role(user, {Role.MANAGER})
        # Named as guest, secretary or checker: only while the person still works with the
        # meeting's platform, so ending someone's last membership there ends these too.
        working = access.platforms_with_role(user, access.WORKING_ROLES)
        return (
            Q(platform_id__in=coordinated)
            | Q(kind=Kind.NETWORK, platform_id__in=managed)
            | Q(kind=Kind.STEERING, platform_id__in=steering)
            | (
                Q(platform_id__in=working)
                & (
                    Q(pk__in=MeetingGuest.objects.filter(user=user).values("meeting_id"))
                    | Q(secretary=user)
                    | Q(checker=user)
                )
            )
        )

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for word in text.split()[:8]:
            query &= (
                Q(title__icontains=word)
                | Q(place__icontains=word)
                | Q(agenda_items__title__icontains=word)
                | Q(agenda_items__notes__icontains=word)
                | Q(decisions__text__icontains=word)
                | Q(action_items__title__icontains=word)
            )
        return self.filter(pk__in=self.model.objects.filter(query).values("pk"))


class Meeting(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("platform")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NETWORK)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    proposals_close_at = models.DateTimeField(
        _("agenda proposals close"),
        help_text=_("Until then, invited managers may propose agenda items."),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
        help_text=_("Writes the minutes, with the coordinators."),
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checker of the minutes"),
        help_text=_("Checks (justerar) the minutes and then locks them."),
    )
    locked_at = models.DateTimeField(_("minutes checked and locked"), null=True, blank=True)
    # Bookkeeping for the reminder command: claimed with a conditional update(), so twice is once.
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["platform", "starts_at"]),
            # The coming meetings (ends_at >= now) of the person's platforms: read off this one
            # instead of every meeting of the platform (670 at 5 000 enterprises): the start
            # page's and the meetings list's 2.9 -> 1.0 ms on SQLite.
            models.Index(fields=["platform", "ends_at"], name="meeting_platform_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.title} {local:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings-detail", args=[self.pk])

    @property
    def has_started(self) -> bool:
        """Replies are taken until the meeting starts; attendance is shown from then on."""
        return self.starts_at <= timezone.now()

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def proposals_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.proposals_close_at

    def lock(self, *, by) -> None:
        """The checker has checked the minutes: from now on, corrections are additions."""
        self.locked_at = timezone.now()
        self.save(update_fields=["locked_at"])

    def invitee_memberships(self):
        """The current memberships (on the meeting's date) that invite a person to this meeting."""
        on = timezone.localtime(self.starts_at).date()
        roles = {
            Kind.NETWORK: [Role.COORDINATOR, Role.MANAGER],
            Kind.STEERING: [Role.COORDINATOR, Role.STEERING],
        }
        return (
            Membership.objects.current(on)
            .filter(platform_id=self.platform_id, role__in=roles.get(self.kind, [Role.COORDINATOR]))
            .select_related("user", "enterprise")
        )

    def invitees(self, memberships=None) -> list:
        """Everyone invited: by role on the meeting's date, and the named guests. Sorted by name."""
        memberships = memberships if memberships is not None else self.invitee_memberships()
        people = {m.user_id: m.user for m in memberships}
        on = timezone.localtime(self.starts_at).date()
        # A guest whose work with the platform has ended by the meeting's date is no longer invited.
        working = Membership.objects.current(on).filter(
            platform_id=self.platform_id, role__in=access.WORKING_ROLES
        )
        guests = MeetingGuest.objects.filter(meeting=self, user__in=working.values("user_id"))
        for guest in guests.select_related("user"):
            people.setdefault(guest.user_id, guest.user)
        return sorted(people.values(), key=lambda u: (u.full_name or u.email).lower())

    def attendance_overview(self):
        """([(person, enterprise or None, Attendance or None)] per invitee, [(enterprise, present?)]).

        For a network meeting an enterprise counts as present when one of its managers was.
        Uses the prefetched ``attendance`` when there is one.
        """
        # Only the names: every invited manager's whole user and enterprise rows (a network
        # meeting of a large platform invites 167) took most of the meeting page's time.
        memberships = list(
            self.invitee_memberships().only(
                "user",
                "enterprise",
                "user__full_name",
                "user__email",
                "enterprise__name",
                "enterprise__slug",
            )
        )
        recorded = {a.user_id: a for a in self.attendance.all()}
        enterprise_of = {m.user_id: m.enterprise for m in memberships if m.enterprise_id}
        rows = [
            (person, enterprise_of.get(person.pk), recorded.get(person.pk))
            for person in self.invitees(memberships)
        ]
        by_enterprise = {}
        if self.kind == Kind.NETWORK:
            for m in memberships:
                if m.enterprise_id:
                    record = recorded.get(m.user_id)
                    present = bool(record and record.status == Attendance.Status.PRESENT)
                    by_enterprise[m.enterprise] = by_enterprise.get(m.enterprise, False) or present
        return rows, sorted(by_enterprise.items(), key=lambda item: item[0].name)

    def reply_overview(self, rows):
        """Before the meeting: [(person, enterprise, Reply or None)] for the rows of attendance_overview,
        and per enterprise of a network meeting "coming", "not_coming" or "" (no reply yet).

        Uses the prefetched ``replies`` when there is one.
        """
        replies = {r.user_id: r for r in self.replies.all()}
        reply_rows = [(person, enterprise, replies.get(person.pk)) for person, enterprise, _record in rows]
        by_enterprise = {}
        for _person, enterprise, reply in reply_rows:
            if enterprise is None or self.kind != Kind.NETWORK:
                continue
            answer = reply.answer if reply else ""
            current = by_enterprise.get(enterprise, "")
            # One manager coming is enough for the enterprise to come.
            if current != Reply.Answer.COMING and answer:
                by_enterprise[enterprise] = answer
            else:
                by_enterprise.setdefault(enterprise, current)
        return reply_rows, sorted(by_enterprise.items(), key=lambda item: item[0].name)


class MeetingGuest(models.Model):
    """Someone invited by name, e.g. a co-opted support person to a steering meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_guest_unique")]

    def __str__(self):
        return str(self.user)


def attachment_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(4)}-{filename[-80:]}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes on the agenda"), null=True, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, storage=private_storage, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    notes = models.TextField(_("minutes notes"), blank=True, max_length=20000)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def notes_version(self) -> str:
        """The version of the notes a minutes form was loaded from (see ``notes_version``)."""
        return notes_version(self.notes)


def notes_version(text: str) -> str:
    """A digest of minutes notes, newlines and surrounding space normalised.

    A digest rather than a counter: a save can then tell the items its writer changed
    (the text differs from the version loaded) from those left alone, so two people
    writing different items of the same minutes never stop each other."""
    normalised = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode()).hexdigest()[:20]


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", pgettext_lazy("attendance", "Excused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    # For network meetings: the enterprise the person came for (its manager).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique_person")]

    def __str__(self):
        return f"{self.user}: {self.get_status_display()}"


class Reply(models.Model):
    """An invitee's answer before the meeting: coming or not. Attendance is recorded after it."""

    class Answer(models.TextChoices):
        COMING = "coming", _("Coming")
        NOT_COMING = "not_coming", _("Cannot come")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="replies", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    answer = models.CharField(_("reply"), max_length=12, choices=Answer.choices)
    replied_at = models.DateTimeField(_("replied"), default=timezone.now)

    class Meta:
        verbose_name = _("reply to an invitation")
        verbose_name_plural = _("replies to invitations")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="reply_unique_person")]

    def __str__(self):
        return f"{self.user}: {self.get_answer_display()}"


class DecisionQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        return Q(meeting__in=Meeting.objects.visible_to(user).values("pk"))

    def steering(self):
        return self.filter(meeting__kind=Kind.STEERING)


class Decision(models.Model):
    """A decision in the minutes, numbered per platform and year: § 12/2026."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number (§)"))
    text = models.TextField(_("decision"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year", "number"], name="decision_unique_number")
        ]

    def __str__(self):
        return f"§ {self.number}/{self.year}"

    @property
    def paragraph(self) -> str:
        return f"§ {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("meetings-detail", args=[self.meeting_id]) + f"#decision-{self.pk}"


class ActionItemQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        # An owner keeps their items only while still working with the meeting's platform.
        working = access.platforms_with_role(user, access.WORKING_ROLES)
        return Q(meeting__in=Meeting.objects.visible_to(user).values("pk")) | Q(
            owner=user, meeting__platform_id__in=working
        )

    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)


class ActionItem(models.Model):
    """Something someone must do by a date (åtgärdspunkt)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("decision"),
    )
    title = models.CharField(_("what is to be done"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bookkeeping for the reminder command (claimed with a conditional update()).
    due_soon_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    def set_status(self, status: str) -> None:
        self.status = status
        self.save(update_fields=["status"])


class Addition(models.Model):
    """A correction to locked minutes: added, never changing what was checked."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="additions", verbose_name=_("meeting")
    )
    text = models.TextField(_("addition"), max_length=4000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("addition to the minutes")
        verbose_name_plural = _("additions to the minutes")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"{self.meeting}: {self.text[:60]}"


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed address; renewing it makes the old one stop."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)


STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
