"""Who reported, checked and agreed the follow-up (the register of processing: core/privacy.py).

The figures themselves are counts of people, never a person: only the links to the
accounts that submitted, checked or agreed them are personal data.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import Found, Kind, Person, record, register

from .models import FiguresReminder, KeyFigures, SustainabilityCheck


def _find(person: Person) -> list[Found]:
    if person.user is None:
        return []
    user = person.user
    figures = (
        KeyFigures.objects.filter(Q(submitted_by=user) | Q(checked_by=user))
        .select_related("enterprise")
        .order_by("pk")
    )
    found = [
        Found(
            f.enterprise.platform_id,
            record(
                f,
                ["year", "status", "submitted_at", "checked_at"],
                enterprise=f.enterprise.name,
                submitted=f.submitted_by_id == user.pk,
                checked=f.checked_by_id == user.pk,
            ),
        )
        for f in figures
    ]
    checks = SustainabilityCheck.objects.filter(agreed_by=user).select_related("enterprise").order_by("pk")
    found += [
        Found(
            c.enterprise.platform_id, record(c, ["year", "status", "agreed_at"], enterprise=c.enterprise.name)
        )
        for c in checks
    ]
    reminders = FiguresReminder.objects.filter(recipient=user).select_related("enterprise").order_by("pk")
    found += [
        Found(r.enterprise.platform_id, record(r, ["year", "sent_at"], enterprise=r.enterprise.name))
        for r in reminders
    ]
    return found


register(
    Kind(
        key="followup",
        order=60,
        title=_("Follow-up of the enterprises"),
        stored=_(
            "Who submitted and checked an enterprise's yearly key figures, who was reminded of them, and who "
            "agreed its sustainability check. The figures are counts: no person in work integration is registered."
        ),
        purpose=_(
            "To know that the figures the platform reports were given and checked by someone responsible."
        ),
        legal_basis=_("Legitimate interest, and the funder's demand for verifiable follow-up."),
        seen_by=_("The enterprise's managers and the platform's coordinators."),
        retention=lambda: _("As long as the figures are kept; the link goes when the account is removed."),
        models=("followup.KeyFigures", "followup.SustainabilityCheck", "followup.FiguresReminder"),
        find=_find,
        # The account keeps its (anonymised) row, so the links show "Borttagen person".
        erase=lambda person: 0,
    )
)
