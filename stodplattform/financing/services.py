"""Work on calls, applications, evidence, tenders and labels: pages, API and commands call these."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stodplattform.accounts.models import User
from stodplattform.core.audit import acting_as
from stodplattform.enterprises.models import Enterprise
from stodplattform.followup.models import KeyFigures
from stodplattform.platforms.models import Membership, Role
from stodplattform.support import services as support
from stodplattform.support.models import Category, Source

from . import matching
from .models import (
    CallApplication,
    FundingCall,
    QualityLabel,
    Reminder,
    ReservedEvidence,
    Tender,
    TenderResponse,
)


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, user: User) -> None:
    """One e-mail in the person's language, once the transaction has committed."""

    def send():
        with translation.override(getattr(user, "language", "") or "sv"):
            subject = render_to_string(f"financing/email/{template}_subject.txt", context).strip()
            body = render_to_string(f"financing/email/{template}.txt", {**context, "user": user})
        send_mail(" ".join(subject.split()), body, None, [user.email])

    transaction.on_commit(send)


def managers_of(enterprise_ids) -> dict[int, list[User]]:
    """{enterprise id: its current managers} in one query."""
    result: dict[int, list[User]] = {}
    memberships = (
        Membership.objects.current()
        .filter(enterprise_id__in=enterprise_ids, role=Role.MANAGER, user__is_active=True)
        .select_related("user")
    )
    for membership in memberships:
        result.setdefault(membership.enterprise_id, []).append(membership.user)
    return result


# -- Calls ------------------------------------------------------------------------------


def save_call(form, *, by: User) -> FundingCall:
    with transaction.atomic(), acting_as(by):
        return form.save()


def seek_with_support(call: FundingCall, enterprise: Enterprise, *, by: User) -> CallApplication:
    """ "Sök med stöd": the enterprise's application for the call, with a financing support case
    opened for it, in one step. Twice gives the same application and case."""
    with transaction.atomic(), acting_as(by):
        application, _created = CallApplication.objects.select_for_update().get_or_create(
            call=call, enterprise=enterprise
        )
        if application.case_id is None:
            deadline = call.deadline.isoformat() if call.deadline else ""
            application.case = support.open_case(
                platform=enterprise.platform,
                by=by,
                title=f"Ansökan: {call.title}"[:200],
                category=Category.FINANCING,
                enterprise=enterprise,
                description="\n".join(
                    filter(
                        None,
                        [f"{call.funder}: {call.title}", call.url, deadline and f"Sista dag: {deadline}"],
                    )
                ),
                due_on=call.deadline - datetime.timedelta(days=7) if call.deadline else None,
                source=Source.MANAGER if enterprise.pk in _managed(by) else Source.STAFF,
            )
            application.save()
    return application


def _managed(user) -> set[int]:
    from stodplattform.platforms.access import managed_enterprise_ids

    return managed_enterprise_ids(user)


def mark_interest(call: FundingCall, enterprise: Enterprise, *, by: User) -> CallApplication:
    """The enterprise is interested in the call: its application, created as "interested" when
    there is none yet (an outcome already recorded is kept). Twice gives the same application."""
    with transaction.atomic(), acting_as(by):
        try:
            with transaction.atomic():
                application, _ = CallApplication.objects.get_or_create(call=call, enterprise=enterprise)
        except IntegrityError:
            application = CallApplication.objects.get(call=call, enterprise=enterprise)
    return application


def record_outcome(form, *, by: User) -> CallApplication:
    with transaction.atomic(), acting_as(by):
        return form.save()


# -- Reminders --------------------------------------------------------------------------


def send_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail the managers of every enterprise that a call or tender fits, once, when the deadline
    is within the call's reminder days; and of every label whose renewal is due within 30 days.
    Safe to run twice: a reminder sent is recorded (one per call or tender and enterprise)."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=120)
    calls = [
        c
        for c in FundingCall.objects.filter(continuous=False, deadline__gte=today, deadline__lte=horizon)
        if c.days_left(today) <= c.reminder_days
    ]
    tenders = list(
        Tender.objects.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=14)
        ).select_related("platform")
    )
    if calls or tenders:
        candidates = matching.enterprise_candidates(Enterprise.objects.all())
        for call, fitting in matching.match(calls, candidates, today):
            sent += _remind([c.obj for c in fitting], call=call, template="call_reminder")
        for tender, fitting in matching.match_tenders(tenders, candidates, today):
            sent += _remind([c.obj for c in fitting], tender=tender, template="tender_reminder")
    labels = QualityLabel.objects.filter(
        renewal_due__gte=today, renewal_due__lte=today + datetime.timedelta(days=30)
    ).select_related("enterprise")
    for label in labels:
        sent += _remind([label.enterprise], label=label, template="label_reminder")
    return sent


def _remind(enterprises, *, template: str, **about) -> int:
    if not enterprises:
        return 0
    managers = managers_of([e.pk for e in enterprises])
    sent = 0
    for enterprise in enterprises:
        people = managers.get(enterprise.pk, [])
        if not people:
            continue
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(enterprise=enterprise, **about)
            if not created:
                continue
            thing = next(iter(about.values()))
            link = (
                _link(thing.get_absolute_url())
                if hasattr(thing, "get_absolute_url")
                else _link(enterprise.get_absolute_url())
            )
            for person in people:
                _send(template, {"enterprise": enterprise, "link": link, **about}, person)
                sent += 1
    return sent


# -- Reserved contracts -----------------------------------------------------------------


def reserved_share(enterprise: Enterprise) -> KeyFigures | None:
    """The latest year's key figures of an enterprise (for the 30 % share), or None."""
    return KeyFigures.objects.filter(enterprise=enterprise).order_by("-year").first()


def save_evidence(form, *, by: User) -> ReservedEvidence:
    with transaction.atomic(), acting_as(by):
        evidence = form.save(commit=False)
        evidence.checked_on = timezone.localdate()
        evidence.save()
        return evidence


def is_ready_for_reserved(evidence: ReservedEvidence | None, figures: KeyFigures | None) -> bool:
    """Both requirements: the purpose in uploaded statutes, and the share from the key figures."""
    return bool(
        evidence
        and evidence.statutes
        and evidence.purpose_confirmed
        and figures is not None
        and figures.meets_reserved_contract_share
    )


def buyer_queryset(enterprises):
    """The listed enterprises for the buyer page and its API, with what the page shows prefetched:
    a fixed number of queries whatever their number."""
    today = timezone.localdate()
    return (
        enterprises.public()
        .select_related("municipality", "platform", "reserved_evidence")
        .prefetch_related(
            "offers",
            Prefetch(
                "quality_labels",
                QualityLabel.objects.filter(Q(renewal_due__isnull=True) | Q(renewal_due__gte=today)),
            ),
            Prefetch("key_figures", KeyFigures.objects.filter(year__gte=today.year - 2).order_by("-year")),
        )
        .order_by("name", "pk")
    )


def mark_ready(enterprises) -> None:
    """Set ``ready_for_reserved`` on each enterprise of a buyer_queryset page."""
    for enterprise in enterprises:
        figures = next(iter(enterprise.key_figures.all()), None)
        evidence = getattr(enterprise, "reserved_evidence", None)
        enterprise.ready_for_reserved = is_ready_for_reserved(evidence, figures)


# -- Tenders ----------------------------------------------------------------------------


def save_tender(form, *, by: User) -> Tender:
    with transaction.atomic(), acting_as(by):
        return form.save()


def respond_to_tender(tender: Tender, enterprise: Enterprise, *, outcome: str, by: User) -> TenderResponse:
    with transaction.atomic(), acting_as(by):
        response, _ = TenderResponse.objects.select_for_update().get_or_create(
            tender=tender, enterprise=enterprise
        )
        response.outcome = outcome
        response.save()
    return response


def mark_tender_interest(tender: Tender, enterprise: Enterprise, *, by: User) -> TenderResponse:
    """The enterprise is interested in the tender; an outcome already recorded is kept."""
    with transaction.atomic(), acting_as(by):
        try:
            with transaction.atomic():
                response, _ = TenderResponse.objects.get_or_create(tender=tender, enterprise=enterprise)
        except IntegrityError:
            response = TenderResponse.objects.get(tender=tender, enterprise=enterprise)
    return response


# -- Labels -----------------------------------------------------------------------------


def save_label(form, *, enterprise: Enterprise, by: User) -> QualityLabel:
    with transaction.atomic(), acting_as(by):
        label = form.save(commit=False)
        label.enterprise = enterprise
        label.save()
        return label


def delete_label(label: QualityLabel, *, by: User) -> None:
    with transaction.atomic(), acting_as(by):
        label.delete()
