"""Personal data of intervention applicants (the register of processing: core/privacy.py)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import Found, Kind, Person, record, register

from .models import Decision, Intervention


def _interventions(person: Person) -> list[Found]:
    if person.user is None:
        return []
    user = person.user
    rows = (
        Intervention.objects.filter(
            Q(applicant=user)
            | Q(attachments__uploaded_by=user)
            | Q(expenses__recorded_by=user)
            | Q(expenses__reviewed_by=user)
        )
        .distinct()
        .order_by("pk")
    )
    found = [
        Found(
            i.platform_id,
            record(
                i,
                ["title", "status", "starts_on", "ends_on", "created_at"],
                applicant=i.applicant_id == user.pk,
            ),
        )
        for i in rows.select_related("applicant")
    ]
    found += [
        Found(
            d.platform_id,
            record(
                d,
                ["year", "number", "outcome", "by_circulation"],
                recorded=d.recorded_by_id == user.pk,
                intervention=d.intervention,
            ),
        )
        for d in Decision.objects.filter(Q(recorded_by=user) | Q(agreed_by=user))
        .distinct()
        .select_related("intervention")
        .order_by("pk")
    ]
    return found


def _purge_applicants(now: datetime.datetime) -> int:
    """The applicant link of interventions of budget years over INTERVENTIONS_RETENTION_YEARS old."""
    last_year = now.year - settings.INTERVENTIONS_RETENTION_YEARS
    return (
        Intervention.objects.filter(budget__year__lt=last_year)
        .exclude(applicant=None, report_reminder_sent_to="")
        .update(applicant=None, report_reminder_sent_to="")
    )


register(
    Kind(
        key="applicants",
        order=40,
        title=_("Intervention applicants"),
        stored=_(
            "Who applied for a targeted intervention, uploaded its attachments, recorded its decisions and "
            "expenses, agreed to a decision by circulation, approved expenses, and to whom report reminders "
            "were sent."
        ),
        purpose=_("To decide on, follow and account for the use of the budget."),
        legal_basis=_(
            "Legitimate interest, and the funder's and the accounting rules' demand for verifiable records."
        ),
        seen_by=_("The platform's coordinators and steering group; the applicant."),
        retention=lambda: (
            _(
                "The applicant is removed from the interventions of a budget year %(years)s years after it; "
                "decisions and amounts stay."
            )
            % {"years": settings.INTERVENTIONS_RETENTION_YEARS}
        ),
        setting="INTERVENTIONS_RETENTION_YEARS",
        models=(
            "interventions.Intervention",
            "interventions.Attachment",
            "interventions.Decision",
            "interventions.Expense",
        ),
        find=_interventions,
        # The account keeps its (anonymised) row, so the links stay and show "Borttagen person";
        # names in the texts and the reminder addresses go in core.privacy.scrub_everywhere.
        erase=lambda person: 0,
        purge=_purge_applicants,
    )
)
