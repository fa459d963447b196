"""Work on support cases. Pages, the API and the management commands call these.

Each runs in a transaction, records its actor in the audit history (``acting_as``),
and sends its e-mail once the transaction has committed.
"""

import calendar
import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.core.files import private_storage
from stodplattform.enterprises.models import Status
from stodplattform.enterprises.services import validate_and_save
from stodplattform.platforms.models import Membership, Platform, Role

from .forms import staff_of
from .models import (
    CaseEntry,
    CaseMinutesMonth,
    CaseStatus,
    DigestSent,
    Prospect,
    ReferenceCounter,
    RequestCounter,
    Source,
    Stage,
    SupportCase,
    TimeEntry,
    forget_assignments,
    reference_prefix,
    retention_cutoff,
)

# -- E-mail ---------------------------------------------------------------------


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(template: str, context: dict, to: list[str], language: str = "sv") -> None:
    """Send ``support/email/<template>`` once the surrounding transaction has committed."""
    to = [address for address in to if address]
    if not to:
        return

    def send():
        with translation.override(language):
            subject = render_to_string(f"support/email/{template}_subject.txt", context).strip()
            body = render_to_string(f"support/email/{template}.txt", context)
        send_mail(" ".join(subject.split()), body, None, to)

    transaction.on_commit(send)


def _coordinator_emails(platform: Platform) -> list[str]:
    members = Membership.objects.current().filter(platform=platform, role=Role.COORDINATOR)
    return list(
        User.objects.filter(pk__in=members.values("user_id"), is_active=True).values_list("email", flat=True)
    )


# -- Opening cases --------------------------------------------------------------


def next_reference(platform: Platform, year: int) -> str:
    """The next reference of the platform and year, e.g. VAS-2026-0042; call inside a transaction.

    The counter row is locked (select_for_update) until the transaction ends, so two
    requests at once get consecutive numbers, never the same.
    """
    counter = ReferenceCounter.objects.select_for_update().filter(platform=platform, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(platform=platform, year=year)
        except IntegrityError:
            pass  # another request created it first: lock theirs
        counter = ReferenceCounter.objects.select_for_update().get(platform=platform, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{reference_prefix(platform)}-{year}-{counter.last:04d}"


def open_case(*, platform: Platform, by: User | None, **fields) -> SupportCase:
    """Create a case with the next reference of its platform; coordinators hear of a new request."""
    with transaction.atomic(), acting_as(by):
        case = SupportCase(platform=platform, created_by=by if by and by.is_authenticated else None, **fields)
        case.reference = next_reference(platform, (case.opened_on or timezone.localdate()).year)
        case.save()
    if fields.get("assignee") is not None:
        forget_assignments(fields["assignee"])
    if case.source != Source.STAFF or case.assignee_id is None:
        _mail(
            "new_case",
            {"case": case, "link": _link(case.get_absolute_url())},
            [e for e in _coordinator_emails(platform) if not by or e != by.email],
        )
    if case.assignee_id and case.assignee_id != getattr(by, "pk", None):
        _mail("assigned", {"case": case, "link": _link(case.get_absolute_url())}, [case.assignee.email])
    return case


def count_request_from(address: str) -> int:
    """Count a public support request from ``address``; the number of its requests within the hour.

    Atomic on both databases: the increment is one UPDATE, which locks the row (PostgreSQL)
    or the database (SQLite) until the transaction ends, so concurrent requests get 1, 2, 3, ...
    """
    now = timezone.now()
    with transaction.atomic():
        RequestCounter.objects.filter(started_at__lte=now - datetime.timedelta(hours=1)).delete()
        counter, _created = RequestCounter.objects.get_or_create(
            address=address[:64], defaults={"started_at": now}
        )
        RequestCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        return RequestCounter.objects.values_list("count", flat=True).get(pk=counter.pk)


def submit_request(*, data: dict, platform: Platform, language: str = "sv") -> SupportCase:
    """A request from the public form becomes a new case; the sender gets a receipt by e-mail."""
    needs = list(data["needs"])
    case = open_case(
        platform=platform,
        by=None,
        source=Source.FORM,
        title=(data.get("organisation") or data["name"])[:200],
        category=needs[0],
        needs=needs[1:],
        description=data["message"],
        requester_name=data["name"],
        requester_email=data["email"],
        requester_phone=data.get("phone", ""),
        requester_organisation=data.get("organisation", ""),
        municipality=data["municipality"],
        notify_requester=bool(data.get("notify")),
        language=language,
    )
    _mail("receipt", {"case": case, "platform": platform}, [case.requester_email], language)
    return case


# What the minutes of a case are summed by (CaseMinutesMonth): a change to one sums its months anew.
SUMMED_BY = ("category", "enterprise_id", "confidential")


def save_case(form, *, by: User) -> SupportCase:
    """Save changes to a case's fields from a valid CaseForm."""
    with transaction.atomic(), acting_as(by):
        # Compared with what is stored (the row locked, so that another person's change is
        # committed first), not with what the form was shown: a form from before someone
        # else's change may change it back.
        before = (
            SupportCase.objects.select_for_update(no_key=True)
            .filter(pk=form.instance.pk)
            .values_list(*SUMMED_BY)
            .first()
        )
        case = form.save()
        if before is not None and before != tuple(getattr(case, f) for f in SUMMED_BY):
            _sum_cases_anew([case])
        return case


# -- Workflow -------------------------------------------------------------------


def change_case_status(case: SupportCase, *, status: str, outcome: str = "", by: User | None) -> SupportCase:
    """Move a case along the workflow (ValidationError by field if the step is not allowed)."""
    with transaction.atomic(), acting_as(by):
        case = SupportCase.objects.select_for_update().select_related("platform").get(pk=case.pk)
        case.change_status(status, outcome)
        case.save()
    if status == CaseStatus.CLOSED and case.notify_requester and case.requester_email:
        _mail("closed", {"case": case, "platform": case.platform}, [case.requester_email], case.language)
    return case


def assign_case(case: SupportCase, *, assignee: User | None, by: User | None) -> SupportCase:
    """Give the case to a coordinator or co-opted support person of its platform, or to nobody."""
    if assignee is not None and not staff_of(case.platform).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("Choose a coordinator or co-opted support person of the platform.")}
        )
    with transaction.atomic(), acting_as(by):
        case = SupportCase.objects.select_for_update().get(pk=case.pk)
        if case.assignee_id == getattr(assignee, "pk", None):
            return case
        case.assignee = assignee
        if case.status == CaseStatus.NEW and assignee is not None:
            case.status = CaseStatus.OPEN
        case.save()
    for person in (assignee, by):
        if person is not None:
            forget_assignments(person)
    if assignee is not None and assignee != by:
        _mail("assigned", {"case": case, "link": _link(case.get_absolute_url())}, [assignee.email])
    return case


def add_entry(case: SupportCase, form, *, by: User) -> CaseEntry:
    """Save a valid EntryForm on the case; a new case is then open."""
    with transaction.atomic(), acting_as(by):
        entry = form.save(commit=False)
        entry.case, entry.author = case, by
        upload = form.cleaned_data.get("attachment")
        if upload:
            entry.attachment_name = upload.name.rsplit("/", 1)[-1][:200]
        entry.save()
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.OPEN
            case.save()
        sum_case_minutes(platform_ids=[case.platform_id], months=[entry.date])
        return entry


def sum_case_minutes(*, platform_ids=None, months=None) -> int:
    """Sum the minutes logged on cases into ``CaseMinutesMonth`` anew: of the platforms given
    (all: None) in the months of the days given (all: None). Returns the number of sums kept.

    In the caller's transaction, after a lock on the platforms' rows (``_lock_for_sums``), so
    that two people writing on one platform at once sum one after the other and neither's
    minutes are lost or counted twice.
    """
    if months is not None and platform_ids is None:
        raise ValueError("Months are summed anew on the platforms given.")
    with transaction.atomic():
        _lock_for_sums(platform_ids)
        return _sum_anew(platform_ids, months)


def _sum_anew(platform_ids, months) -> int:
    """``sum_case_minutes`` once the platforms are locked (in a transaction)."""
    entries = CaseEntry.objects.all()
    sums = CaseMinutesMonth.objects.all()
    if platform_ids is not None:
        platform_ids = sorted(set(platform_ids))
        entries = entries.filter(case__platform_id__in=platform_ids)
        sums = sums.filter(platform_id__in=platform_ids)
    if months is not None:
        firsts = sorted({day.replace(day=1) for day in months})
        if not firsts:
            return 0
        within = Q()
        for first in firsts:
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            within |= Q(date__gte=first, date__lte=last)
        entries = entries.filter(within)
        sums = sums.filter(month__in=firsts)
    sums.delete()
    rows = (
        entries.order_by()
        .values_list(
            "case__platform_id",
            TruncMonth("date"),
            "case__category",
            "case__enterprise_id",
            "case__confidential",
        )
        .annotate(minutes=Sum("minutes"))
    )
    made = CaseMinutesMonth.objects.bulk_create(
        (
            CaseMinutesMonth(
                platform_id=platform_id,
                month=month,
                category=category,
                enterprise_id=enterprise_id,
                confidential=confidential,
                minutes=minutes,
            )
            # Zero minutes too: a note without time still says the enterprise was worked with.
            for platform_id, month, category, enterprise_id, confidential, minutes in rows.iterator()
        ),
        batch_size=2000,
    )
    return len(made)


def _lock_for_sums(platform_ids) -> None:
    """Lock the platforms' rows (all: None) in one order, for one sum at a time on a platform.

    ``FOR NO KEY UPDATE`` (PostgreSQL): it waits for other sums, but not for rows that are
    added pointing to the platform (those take ``FOR KEY SHARE``). SQLite writes one at a time.
    """
    platforms = (
        Platform.objects.all() if platform_ids is None else Platform.objects.filter(pk__in=platform_ids)
    )
    list(platforms.select_for_update(no_key=True).order_by("pk").values_list("pk"))


def _sum_cases_anew(cases) -> None:
    """Sum the months of these cases' entries anew (a case's platform never changes).

    The entries' days are read after the lock: an entry another person adds meanwhile was
    summed by them before this change was committed, so its month is summed again here.
    """
    ids = [case.pk for case in cases]
    if not ids:
        return
    platform_ids = {case.platform_id for case in cases}
    _lock_for_sums(platform_ids)
    days = set(CaseEntry.objects.filter(case_id__in=ids).values_list("date", flat=True))
    if days:
        _sum_anew(platform_ids, days)


def log_time(form, *, by: User) -> TimeEntry:
    with transaction.atomic(), acting_as(by):
        entry = form.save(commit=False)
        entry.person = by
        entry.save()
        return entry


# -- Start-up pipeline ----------------------------------------------------------


def save_prospect(form, *, platform: Platform, by: User) -> Prospect:
    with transaction.atomic(), acting_as(by):
        prospect = form.save(commit=False)
        prospect.platform = platform
        prospect.save()
        return prospect


def add_case_to_pipeline(case: SupportCase, form, *, by: User) -> Prospect:
    """A request becomes a prospect of the case's platform, and the case refers to it (both ways in one step)."""
    with transaction.atomic(), acting_as(by):
        case = SupportCase.objects.select_for_update().get(pk=case.pk)
        if case.prospect_id or case.enterprise_id:
            raise ValidationError(_("The case already concerns a prospect or an enterprise."))
        prospect = form.save(commit=False)
        prospect.platform = case.platform
        prospect.save()
        case.prospect = prospect
        case.save()
        return prospect


def prospect_initial_from_case(case: SupportCase) -> dict:
    """The prospect's form filled from the request: the idea's name, the contact and the municipality."""
    municipality = case.municipality if case.municipality_id else None
    if municipality and not case.platform.municipalities.filter(pk=municipality.pk).exists():
        municipality = None
    return {
        "name": (case.requester_organisation or case.title)[:150],
        "contact_name": case.requester_name,
        "contact_email": case.requester_email,
        "contact_phone": case.requester_phone,
        "municipality": municipality.pk if municipality else None,
        "stage": Stage.IDEA,
        "notes": _("From the support request %(reference)s.") % {"reference": case.reference},
    }


def move_prospect(prospect: Prospect, *, stage: str, by: User) -> Prospect:
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    with transaction.atomic(), acting_as(by):
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        prospect.stage = stage
        prospect.save()
        return prospect


def register_prospect(prospect: Prospect, make_form: Callable, *, by: User):
    """Register the prospect as an enterprise through the registry's own form and service.

    Returns (enterprise, form); the enterprise is None with the form's errors for bad input.
    The prospect's cases then concern the enterprise and keep their history.
    """
    with transaction.atomic(), acting_as(by):
        enterprise, form = validate_and_save(make_form, by=by)
        if enterprise is None:
            return None, form
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        prospect.enterprise, prospect.stage = enterprise, Stage.STARTED
        prospect.save()
        # One by one, so that the audit history records each case's new enterprise.
        cases = list(SupportCase.objects.filter(prospect=prospect, enterprise__isnull=True))
        for case in cases:
            case.enterprise = enterprise
            case.save()
        _sum_cases_anew(cases)
        return enterprise, form


def prospect_enterprise_initial(prospect: Prospect) -> dict:
    return {
        "platform": prospect.platform.slug,
        "name": prospect.name,
        "municipality": prospect.municipality.code,
        "city": prospect.municipality.name,
        "email": prospect.contact_email,
        "phone": prospect.contact_phone,
        "status": Status.STARTUP,
        "is_public": False,
    }


# -- Scheduled work -------------------------------------------------------------


def send_overdue_digests(*, day: datetime.date | None = None) -> int:
    """E-mail each assignee their overdue cases, once a day however often it runs.

    Each person's row for the day is claimed with a conditional update before the
    mail goes: a second run, or a second process at the same time, finds it taken.
    """
    day = day or timezone.localdate()
    counts = (
        SupportCase.objects.overdue(day)
        .filter(assignee__isnull=False, assignee__is_active=True)
        .values("assignee")
        .annotate(n=Count("pk"))
    )
    sent = 0
    for row in counts:
        DigestSent.objects.get_or_create(user_id=row["assignee"], day=day)
        claimed = DigestSent.objects.filter(user_id=row["assignee"], day=day, sent_at__isnull=True).update(
            sent_at=timezone.now(), cases=row["n"]
        )
        if not claimed:
            continue
        user = User.objects.get(pk=row["assignee"])
        cases = list(
            SupportCase.objects.overdue(day)
            .filter(assignee=user)
            .select_related("enterprise", "prospect")
            .order_by("due_on", "pk")[:100]
        )
        try:
            with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
                context = {
                    "user": user,
                    "cases": cases,
                    "count": row["n"],
                    "link": _link(reverse("support-inbox")),
                }
                subject = render_to_string("support/email/digest_subject.txt", context).strip()
                body = render_to_string("support/email/digest.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
        except Exception:
            # Not sent: give the row back so that the next run tries again.
            DigestSent.objects.filter(user=user, day=day).update(sent_at=None)
            raise
        sent += 1
    return sent


def purge_confidential_cases(*, now: datetime.datetime | None = None, by: User | None = None) -> int:
    """Remove names, texts and attachments from confidential cases closed before the retention period.

    Keeps the reference, category, hours and dates; the purge is recorded in the audit history.
    """
    cutoff = retention_cutoff(now)
    due = SupportCase.objects.filter(
        confidential=True, status=CaseStatus.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
    )
    purged = 0
    for pk in due.values_list("pk", flat=True):
        files = []
        with transaction.atomic(), acting_as(by):
            case = SupportCase.objects.select_for_update().filter(pk=pk, purged_at__isnull=True).first()
            if case is None:
                continue
            for entry in case.entries.exclude(Q(text="") & Q(attachment="")):
                if entry.attachment:
                    files.append(entry.attachment.name)
                entry.text, entry.attachment, entry.attachment_name = "", "", ""
                entry.save(update_fields=["text", "attachment", "attachment_name"])
            case.title = ""
            case.description = ""
            case.requester_name = case.requester_email = case.requester_phone = ""
            case.requester_organisation = ""
            case.needs = []
            case.notify_requester = False
            case.purged_at = timezone.now()
            case.save()
        for name in files:
            private_storage().delete(name)
        purged += 1
    return purged
