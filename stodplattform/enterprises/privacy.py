"""Personal data on enterprises' pages: the contact person (the register of processing: core/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import Found, Kind, Person, record, register

from .models import Enterprise


def _enterprises_of(person: Person):
    query = Q(email__iexact=person.email) if person.email else Q(pk__in=[])
    for name in person.names:
        if name.strip():
            query |= Q(contact_name__iexact=name.strip())
    return Enterprise.objects.filter(query)


def _contacts(person: Person) -> list[Found]:
    return [
        Found(e.platform_id, record(e, ["name", "contact_name", "contact_role", "email", "phone"]))
        for e in _enterprises_of(person).order_by("pk")
    ]


def _erase(person: Person) -> int:
    count = 0
    if person.email:
        count += Enterprise.objects.filter(email__iexact=person.email).update(email="")
    names = [name.strip() for name in person.names if name.strip()]
    if names:
        query = Q(pk__in=[])
        for name in names:
            query |= Q(contact_name__iexact=name)
        count += Enterprise.objects.filter(query).update(contact_name="", contact_role="")
    return count


register(
    Kind(
        key="enterprise_contacts",
        order=70,
        title=_("Contact people of enterprises"),
        stored=_("The name, role, e-mail and phone of an enterprise's contact person, shown on its page."),
        purpose=_("So that customers and partners can reach the enterprise."),
        legal_basis=_("Legitimate interest of the enterprise, which chooses what it publishes."),
        seen_by=_("Everyone, when the enterprise is public."),
        retention=lambda: _(
            "As long as the enterprise is in the registry; its manager changes or removes it."
        ),
        models=("enterprises.Enterprise",),
        find=_contacts,
        erase=_erase,
    )
)
