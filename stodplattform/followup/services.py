"""Work on the key figures. Pages, the API, the spreadsheet import and the reminder command call these.

Each write runs in a transaction with its actor recorded in the audit history
(``core.audit.acting_as``), saves the row one by one (so the history has every change) and
raises ``ValidationError`` with a message per field for bad input, saving nothing.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.core.permissions import can
from stodplattform.core.validators import CONTROL_MESSAGE, has_control_characters
from stodplattform.enterprises.models import SEEING_ROLES, Enterprise
from stodplattform.enterprises.models import Status as EnterpriseStatus
from stodplattform.lib.numbers import parse_number
from stodplattform.platforms.models import Membership, Platform, Role

from .models import (
    GENDERS,
    MONEY_FIELDS,
    PERSON_COUNTS,
    FiguresDueDate,
    FiguresReminder,
    FigureStatus,
    KeyFigures,
    Source,
    default_due_date,
)

COUNT_FIELDS = tuple(f"{name}_{gender}" for name in PERSON_COUNTS for gender in GENDERS)
DECIMAL_FIELDS = (*MONEY_FIELDS, "employees_fte")
# Every figure a person enters: what the form, the API and the import may set.
FIGURE_FIELDS = (*DECIMAL_FIELDS, *COUNT_FIELDS)
# What the columns hold: 14 digits of which 2 decimals, 7 of which 1, a count PostgreSQL's integer.
_BOUND = {
    name: Decimal(10)
    ** (KeyFigures._meta.get_field(name).max_digits - KeyFigures._meta.get_field(name).decimal_places)
    for name in DECIMAL_FIELDS
} | dict.fromkeys(COUNT_FIELDS, Decimal(2**31))

# Enterprises that are expected to report a year's figures.
REPORTING_STATUSES = (EnterpriseStatus.STARTUP, EnterpriseStatus.ACTIVE, EnterpriseStatus.PAUSED)
# Managers are reminded this many days before the figures are due (and after, until they are in).
REMIND_DAYS_BEFORE = 30


def enterprises_known_to(user):
    """The enterprises whose figures a person may be told about: those of the platforms where they
    coordinate or sit on the steering group, and those they manage (all for a superuser). Anyone
    else, the public directory notwithstanding, gets 404 for an enterprise's figures."""
    if not getattr(user, "is_authenticated", False):
        return Enterprise.objects.none()
    if user.is_superuser:
        return Enterprise.objects.all()
    return Enterprise.objects.filter(Enterprise.objects.all().works_with(user, SEEING_ROLES))


def last_year(on: datetime.date | None = None) -> int:
    """The last full calendar year: the one whose figures are asked for now."""
    return (on or timezone.localdate()).year - 1


# -- Reading and checking values ----------------------------------------------------


def _coerce(values: dict) -> tuple[dict, dict]:
    """Values as the model stores them, and a message per field that could not be read.

    Accepts numbers and text as people write them ("1 250 000,50"); an empty amount is
    "not given" (None), an empty count is 0.
    """
    clean, errors = {}, {}
    for name, value in values.items():
        if name not in FIGURE_FIELDS:
            errors[name] = _("Unknown figure.")
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            clean[name] = None if name in DECIMAL_FIELDS else 0
            continue
        try:
            number = parse_number(value)
        except ValueError:
            errors[name] = _("Enter a number, e.g. 1 250 000,50.")
            continue
        if not number.is_finite() or abs(number) >= _BOUND[name]:
            errors[name] = _("The number is too large.")
            continue
        if name in COUNT_FIELDS:
            if number != number.to_integral_value():
                errors[name] = _("Enter a whole number.")
                continue
            if number < 0:
                errors[name] = _("A count cannot be negative.")
                continue
            clean[name] = int(number)
        else:
            places = 1 if name == "employees_fte" else 2
            if number != round(number, places):
                errors[name] = (
                    _("Enter at most one decimal.") if places == 1 else _("Enter at most two decimals (öre).")
                )
                continue
            clean[name] = number.quantize(Decimal(1).scaleb(-places))
    return clean, errors


def check_year(enterprise: Enterprise, year) -> None:
    """A year is a calendar year up to this one, not before the enterprise was founded."""
    this_year = timezone.localdate().year
    if not isinstance(year, int) or year < 1900:
        raise ValidationError({"year": _("Enter a year, e.g. %(year)s.") % {"year": this_year - 1}})
    if year > this_year:
        raise ValidationError({"year": _("The year %(year)s has not begun yet.") % {"year": year}})
    if enterprise.year_founded and year < enterprise.year_founded:
        raise ValidationError(
            {
                "year": _("%(name)s was founded in %(founded)s: there are no figures for %(year)s.")
                % {"name": enterprise.name, "founded": enterprise.year_founded, "year": year}
            }
        )


def _may_change(by, enterprise) -> None:
    # None: the system itself (the demo loader, a management command).
    if by is not None and not can(by, "followup.change_key_figures", enterprise):
        raise ValidationError({"enterprise": _("You may not enter figures for this enterprise.")})


# -- Writes -------------------------------------------------------------------------


def save_key_figures(
    *, enterprise: Enterprise, year: int, values: dict, by: User | None, source: str = Source.FORM
) -> KeyFigures:
    """Create or update one enterprise's figures for one year. Raises ValidationError, saving nothing.

    ``values`` maps figure names (``FIGURE_FIELDS``) to numbers or text ("1 250 000,50");
    names left out keep their value. A checked year must be reopened first. New figures
    start as a draft; an import's are reported (self-reported until checked).
    """
    _may_change(by, enterprise)
    check_year(enterprise, year)
    clean, errors = _coerce(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        figures = KeyFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        if figures is None:
            figures = KeyFigures(enterprise=enterprise, year=year)
            if source == Source.IMPORT:
                figures.status = FigureStatus.SUBMITTED
                figures.submitted_at, figures.submitted_by = timezone.now(), by
        elif figures.is_checked:
            raise ValidationError(
                {
                    "__all__": _(
                        "These figures are checked. A coordinator reopens the year before they are changed."
                    )
                }
            )
        for name, value in clean.items():
            setattr(figures, name, value)
        figures.source = source
        figures.full_clean()
        try:
            with transaction.atomic():
                figures.save()
        except IntegrityError:
            # Someone entered the same year at the same moment: theirs stands, nothing of this is saved.
            raise ValidationError(
                {
                    "year": _(
                        "Figures for %(year)s were entered just now by someone else: reload and try again."
                    )
                    % {"year": year}
                }
            ) from None
    return figures


def submit_key_figures(*, figures: KeyFigures, by: User | None) -> KeyFigures:
    """The figures are reported: self-reported until a coordinator checks them."""
    _may_change(by, figures.enterprise)
    with transaction.atomic(), acting_as(by):
        figures = KeyFigures.objects.select_for_update().select_related("enterprise").get(pk=figures.pk)
        if figures.status != FigureStatus.DRAFT:
            raise ValidationError({"status": _("These figures are already reported.")})
        figures.full_clean()
        figures.status = FigureStatus.SUBMITTED
        figures.submitted_at, figures.submitted_by = timezone.now(), by
        figures.save()
    return figures


def check_key_figures(*, figures: KeyFigures, by: User | None) -> KeyFigures:
    """A coordinator has gone through the figures: they are no longer self-reported."""
    if by is not None and not can(by, "followup.check_key_figures", figures.enterprise):
        raise ValidationError({"status": _("Only the platform's coordinators check the figures.")})
    with transaction.atomic(), acting_as(by):
        figures = KeyFigures.objects.select_for_update().select_related("enterprise").get(pk=figures.pk)
        if figures.is_checked:
            raise ValidationError({"status": _("These figures are already checked.")})
        figures.full_clean()
        if figures.submitted_at is None:
            figures.submitted_at, figures.submitted_by = timezone.now(), by
        figures.status = FigureStatus.CHECKED
        figures.checked_at, figures.checked_by = timezone.now(), by
        figures.save()
    return figures


def reopen_key_figures(*, figures: KeyFigures, by: User | None, reason: str) -> KeyFigures:
    """Open a checked year for changes again, with a reason (kept in the history)."""
    if by is not None and not can(by, "followup.check_key_figures", figures.enterprise):
        raise ValidationError({"status": _("Only the platform's coordinators reopen checked figures.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the year is reopened.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most 500 characters.")})
    if has_control_characters(reason, multiline=True):
        raise ValidationError({"reason": CONTROL_MESSAGE})
    with transaction.atomic(), acting_as(by):
        figures = KeyFigures.objects.select_for_update().select_related("enterprise").get(pk=figures.pk)
        if not figures.is_checked:
            raise ValidationError({"status": _("Only checked figures are reopened.")})
        figures.status = FigureStatus.SUBMITTED
        figures.checked_at, figures.checked_by = None, None
        figures.reopen_reason = reason
        figures.save()
    return figures


def set_due_date(*, platform: Platform, month: int, day: int, by: User | None) -> FiguresDueDate:
    """The day of the year after when the platform's enterprises are to have reported a year's figures."""
    with transaction.atomic(), acting_as(by):
        due, _created = FiguresDueDate.objects.select_for_update().get_or_create(platform=platform)
        due.month, due.day = month, day
        due.full_clean()
        due.save()
    return due


# -- Reads ----------------------------------------------------------------------------


def due_date(platform_or_id, year: int, *, due_dates: dict | None = None) -> datetime.date:
    """When ``year``'s figures are due on the platform (31 March of the year after by default)."""
    platform_id = getattr(platform_or_id, "pk", platform_or_id)
    if due_dates is None:
        due_dates = {d.platform_id: d for d in FiguresDueDate.objects.filter(platform_id=platform_id)}
    due = due_dates.get(platform_id)
    return due.due_on(year) if due else default_due_date(year)


def first_year(enterprise: Enterprise, *, on: datetime.date | None = None, span: int = 10) -> int:
    """The earliest year offered for an enterprise: when it was founded, at most ``span`` years back."""
    earliest = last_year(on) - span + 1
    return max(earliest, enterprise.year_founded or earliest)


def share_percent(figures: KeyFigures | None) -> int | None:
    """The target group's share of all occupied in whole per cent (rounded half up), None if nobody."""
    share = figures.target_group_share if figures else None
    return None if share is None else int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class YearRow:
    year: int
    figures: KeyFigures | None
    due: datetime.date

    @property
    def missing(self) -> bool:
        return self.figures is None or self.figures.status == FigureStatus.DRAFT

    @property
    def share_percent(self) -> int | None:
        return share_percent(self.figures)

    @property
    def overdue(self) -> bool:
        return self.missing and timezone.localdate() > self.due


def enterprise_years(enterprise: Enterprise, *, on: datetime.date | None = None) -> list[YearRow]:
    """Every year from the first offered to this one, newest first, with its figures if any (2 queries)."""
    stored = {f.year: f for f in KeyFigures.objects.filter(enterprise=enterprise)}
    this_year = (on or timezone.localdate()).year
    years = set(range(first_year(enterprise, on=on), this_year + 1)) | set(stored)
    due_dates = {d.platform_id: d for d in FiguresDueDate.objects.filter(platform_id=enterprise.platform_id)}
    return [
        YearRow(year, stored.get(year), due_date(enterprise.platform_id, year, due_dates=due_dates))
        for year in sorted(years, reverse=True)
    ]


@dataclass
class OverviewRow:
    enterprise: Enterprise
    cells: list = field(default_factory=list)  # (year, KeyFigures | None, expected)


def overview(platform: Platform, enterprises: Iterable[Enterprise], years: list[int]) -> list[OverviewRow]:
    """One row per enterprise (a page of them) with its figures for each of ``years``: one query."""
    enterprises = list(enterprises)
    found = {
        (f.enterprise_id, f.year): f
        for f in KeyFigures.objects.filter(enterprise__in=[e.pk for e in enterprises], year__in=years).only(
            "pk", "enterprise_id", "year", "status", "submitted_at", "checked_at"
        )
    }
    rows = []
    for enterprise in enterprises:
        row = OverviewRow(enterprise)
        for year in years:
            expected = not enterprise.year_founded or enterprise.year_founded <= year
            row.cells.append((year, found.get((enterprise.pk, year)), expected))
        rows.append(row)
    return rows


def previous_values(enterprise: Enterprise, year: int) -> KeyFigures | None:
    return KeyFigures.objects.filter(enterprise=enterprise, year=year - 1).first()


# -- Reminders --------------------------------------------------------------------------


def _language(user: User) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in ("sv", "en") else "sv"


def _mail(user: User, context: dict) -> None:
    with translation.override(_language(user)):
        context = {**context, "user": user}
        subject = " ".join(render_to_string("followup/email/figures_due_subject.txt", context).split())
        text = render_to_string("followup/email/figures_due.txt", context)
    EmailMultiAlternatives(subject, text, to=[user.email]).send()


def reminders_due(*, on: datetime.date | None = None) -> list[tuple[Enterprise, int, datetime.date]]:
    """(enterprise, year, due date) for last year's figures that are not reported and soon or over due."""
    on = on or timezone.localdate()
    year = last_year(on)
    due_dates = {d.platform_id: d for d in FiguresDueDate.objects.all()}
    reported = KeyFigures.objects.filter(year=year).exclude(status=FigureStatus.DRAFT).values("enterprise_id")
    enterprises = (
        Enterprise.objects.filter(status__in=REPORTING_STATUSES)
        .filter(Q(year_founded__isnull=True) | Q(year_founded__lte=year))
        .exclude(pk__in=reported)
        .select_related("platform")
        .order_by("pk")
    )
    due = []
    for enterprise in enterprises:
        day = due_date(enterprise.platform_id, year, due_dates=due_dates)
        if on >= day - datetime.timedelta(days=REMIND_DAYS_BEFORE):
            due.append((enterprise, year, day))
    return due


def send_key_figure_reminders(*, on: datetime.date | None = None) -> int:
    """Mail each current manager of an enterprise whose figures are due, once per enterprise and year.

    Safe to run twice, also at the same time: each reminder is claimed by inserting its row
    (one per enterprise, year and person, a unique constraint) before the mail goes out.
    """
    on = on or timezone.localdate()
    due = reminders_due(on=on)
    if not due:
        return 0
    managers: dict[int, list[User]] = {}
    for membership in (
        Membership.objects.current()
        .filter(role=Role.MANAGER, enterprise_id__in=[e.pk for e, _y, _d in due])
        .select_related("user")
        .order_by("pk")
    ):
        if membership.user.is_active and membership.user.email:
            managers.setdefault(membership.enterprise_id, []).append(membership.user)
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    for enterprise, year, day in due:
        for user in managers.get(enterprise.pk, []):
            try:
                with transaction.atomic():
                    FiguresReminder.objects.create(enterprise=enterprise, year=year, recipient=user)
            except IntegrityError:
                continue  # reminded already (or by a run alongside)
            link = site + reverse("followup-edit", args=[enterprise.slug, year])
            _mail(
                user, {"enterprise": enterprise, "year": year, "due": day, "link": link, "overdue": on > day}
            )
            sent += 1
    return sent
