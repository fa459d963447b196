"""Personal data of event registrations and feedback (the register of processing: core/privacy.py)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import ERASED, Found, Kind, Person, record, register

from .models import Registration
from .services import purge_personal_data


def _registrations_of(person: Person):
    if not person.email:
        return Registration.objects.none()
    return Registration.objects.filter(email__iexact=person.email)


def _registrations(person: Person) -> list[Found]:
    fields = [
        "name",
        "email",
        "organisation",
        "note",
        "status",
        "created_at",
        "checked_in_at",
        "rating",
        "comment",
    ]
    return [
        Found(r.event.platform_id, record(r, fields, event=r.event), names=(r.name,))
        for r in _registrations_of(person).select_related("event").order_by("created_at", "pk")
    ]


def _erase(person: Person) -> int:
    # The row stays (status, check-in, rating) so that the event's counts do not change.
    return _registrations_of(person).update(
        name=ERASED, email="", organisation="", note="", key="", anonymised_at=timezone.now()
    )


register(
    Kind(
        key="registrations",
        order=60,
        title=_("Event registrations and feedback"),
        stored=_("Name, e-mail, organisation, notes, check-in, and the rating and comment given afterwards."),
        purpose=_("To plan the event, let people in, tell them about it and learn from their feedback."),
        legal_basis=_("Consent: the person registers themselves."),
        seen_by=_("The platform's coordinators; the registrant through their own link."),
        retention=lambda: (
            _(
                "Names, addresses and notes are removed %(days)s days after the event; the number who came, "
                "the ratings and the comments (without names) are kept."
            )
            % {"days": settings.EVENTS_RETENTION_DAYS}
        ),
        setting="EVENTS_RETENTION_DAYS",
        models=("events.Registration", "events.ProgrammeItem"),
        find=_registrations,
        erase=_erase,
        purge=lambda now: purge_personal_data(now=now),
    )
)
