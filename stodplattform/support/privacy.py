"""Personal data of support requests, case notes, HR cases and prospects (core/privacy.py)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import ERASED, Found, Kind, Person, record, register

from .models import CaseEntry, CaseStatus, DigestSent, Prospect, SupportCase, TimeEntry
from .services import purge_confidential_cases

CASE_FIELDS = [
    "reference",
    "title",
    "description",
    "status",
    "opened_on",
    "closed_at",
    "requester_name",
    "requester_email",
    "requester_phone",
    "requester_organisation",
]


def _cases_of(person: Person, *, confidential: bool):
    query = Q(requester_email__iexact=person.email) if person.email else Q(pk__in=[])
    if person.user is not None:
        query |= Q(assignee=person.user) | Q(created_by=person.user) | Q(entries__author=person.user)
    return SupportCase.objects.filter(query, confidential=confidential).distinct()


def _cases(person: Person, *, confidential: bool) -> list[Found]:
    cases = list(_cases_of(person, confidential=confidential).order_by("pk"))
    entries = {}
    for entry in CaseEntry.objects.filter(case__in=cases).select_related("author").order_by("date", "pk"):
        entries.setdefault(entry.case_id, []).append(entry)
    found = []
    for case in cases:
        requester = bool(person.email) and case.requester_email.lower() == person.email.lower()
        data = record(case, CASE_FIELDS if requester else ["reference", "status", "opened_on"])
        data["as"] = "requester" if requester else "staff"
        data["entries"] = [
            record(e, ["date", "kind", "text", "attachment_name"], author=e.author)
            for e in entries.get(case.pk, [])
            if requester or e.author_id == getattr(person.user, "pk", None)
        ]
        found.append(Found(case.platform_id, data, names=(case.requester_name,) if requester else ()))
    if not confidential and person.user is not None:
        found += [
            Found(t.platform_id, record(t, ["date", "category", "minutes", "note"]))
            for t in TimeEntry.objects.filter(person=person.user).order_by("date", "pk")
        ]
    return found


def _erase_cases(person: Person, *, confidential: bool) -> int:
    """The requester's contact details and attachments go; the case, its reference and hours stay.

    Names in free text (the description, the notes) are replaced by core.privacy.scrub_everywhere.
    """
    if person.user is not None and not confidential:
        DigestSent.objects.filter(user=person.user).delete()
    if not person.email:
        return 0
    cases = SupportCase.objects.filter(requester_email__iexact=person.email, confidential=confidential)
    entries = CaseEntry.objects.filter(case__in=cases).exclude(attachment="")
    files = list(entries.values_list("attachment", flat=True))
    entries.update(attachment="", attachment_name="")
    count = cases.update(
        requester_name=ERASED,
        requester_email="",
        requester_phone="",
        requester_organisation="",
        notify_requester=False,
    )
    storage = CaseEntry._meta.get_field("attachment").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return count


def _purge_requesters(now: datetime.datetime) -> int:
    """Closed ordinary cases lose the requester's contact details SUPPORT_CASE_RETENTION_MONTHS after closing."""
    cutoff = now - datetime.timedelta(days=30 * settings.SUPPORT_CASE_RETENTION_MONTHS)
    return (
        SupportCase.objects.filter(confidential=False, status=CaseStatus.CLOSED, closed_at__lt=cutoff)
        .exclude(requester_name="", requester_email="", requester_phone="", requester_organisation="")
        .update(
            requester_name="",
            requester_email="",
            requester_phone="",
            requester_organisation="",
            notify_requester=False,
        )
    )


register(
    Kind(
        key="support_requests",
        order=30,
        title=_("Support requests and case notes"),
        stored=_(
            "Name, e-mail, phone, organisation and municipality of whoever asked for support, what they ask "
            "for help with, the notes and attachments of the work, and the time staff log."
        ),
        purpose=_("To answer and help; to follow up the support given."),
        legal_basis=_(
            "Consent when the public form is sent; otherwise legitimate interest in giving the support."
        ),
        seen_by=_("The platform's coordinators, the person assigned and the enterprise's manager."),
        retention=lambda: (
            _(
                "The requester's contact details are removed %(months)s months after the case is closed; "
                "the case, its notes and hours stay for follow-up."
            )
            % {"months": settings.SUPPORT_CASE_RETENTION_MONTHS}
        ),
        setting="SUPPORT_CASE_RETENTION_MONTHS",
        models=("support.SupportCase", "support.CaseEntry", "support.TimeEntry", "support.DigestSent"),
        find=lambda person: _cases(person, confidential=False),
        erase=lambda person: _erase_cases(person, confidential=False),
        purge=_purge_requesters,
    )
)

register(
    Kind(
        key="confidential_cases",
        order=31,
        title=_("Confidential HR cases"),
        stored=_("As for support requests, about a matter concerning an employee's work situation."),
        purpose=_("To support the enterprise in an HR matter."),
        legal_basis=_(
            "Legitimate interest in giving the support, with access restricted to those who work on it."
        ),
        seen_by=_(
            "The platform's coordinators, the person assigned and the enterprise's manager; nobody else."
        ),
        retention=lambda: (
            _("Names, texts and attachments are removed %(months)s months after the case is closed.")
            % {"months": settings.SUPPORT_CONFIDENTIAL_RETENTION_MONTHS}
        ),
        setting="SUPPORT_CONFIDENTIAL_RETENTION_MONTHS",
        models=("support.SupportCase",),
        find=lambda person: _cases(person, confidential=True),
        erase=lambda person: _erase_cases(person, confidential=True),
        purge=lambda now: purge_confidential_cases(now=now),
    )
)


def _prospects_of(person: Person):
    if not person.email:
        return Prospect.objects.none()
    return Prospect.objects.filter(contact_email__iexact=person.email)


def _prospects(person: Person) -> list[Found]:
    return [
        Found(
            p.platform_id,
            record(
                p, ["name", "contact_name", "contact_email", "contact_phone", "stage", "notes", "created_at"]
            ),
            names=(p.contact_name,),
        )
        for p in _prospects_of(person).order_by("pk")
    ]


def _purge_prospects(now: datetime.datetime) -> int:
    """Contact details go once a prospect has been untouched SUPPORT_PROSPECT_RETENTION_MONTHS.

    A registered (or abandoned) idea is no longer worked on; the idea's name, stage and
    link to its enterprise stay for the pipeline's figures.
    """
    cutoff = now - datetime.timedelta(days=30 * settings.SUPPORT_PROSPECT_RETENTION_MONTHS)
    return (
        Prospect.objects.filter(updated_at__lt=cutoff)
        .exclude(contact_name="", contact_email="", contact_phone="", notes="")
        .update(contact_name="", contact_email="", contact_phone="", notes="")
    )


register(
    Kind(
        key="prospects",
        order=32,
        title=_("Prospects in the start-up pipeline"),
        stored=_("The contact person of an idea for a new social enterprise: name, e-mail, phone, notes."),
        purpose=_("To help the idea on its way to a registered enterprise."),
        legal_basis=_("Legitimate interest: the person asked the platform for help in starting."),
        seen_by=_("The platform's coordinators."),
        retention=lambda: (
            _(
                "The contact details and notes are removed when the prospect has not been changed for %(months)s "
                "months (after it was registered as an enterprise, or given up)."
            )
            % {"months": settings.SUPPORT_PROSPECT_RETENTION_MONTHS}
        ),
        setting="SUPPORT_PROSPECT_RETENTION_MONTHS",
        models=("support.Prospect",),
        find=_prospects,
        erase=lambda person: _prospects_of(person).update(
            contact_name=ERASED, contact_email="", contact_phone=""
        ),
        purge=_purge_prospects,
    )
)
