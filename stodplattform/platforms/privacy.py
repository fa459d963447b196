"""Personal data of roles and invitations (the register of processing: core/privacy.py)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stodplattform.core.privacy import Found, Kind, Person, record, register

from .models import Invitation, Membership, RegionalRole, Role


def _roles(person: Person) -> list[Found]:
    if person.user is None:
        return []
    rows = Membership.objects.filter(user=person.user).select_related("platform", "enterprise").order_by("pk")
    return [
        Found(
            m.platform_id,
            record(
                m,
                ["role", "organisation", "title", "starts_on", "ends_on"],
                platform=m.platform,
                enterprise=m.enterprise,
            ),
        )
        for m in rows
    ] + [
        # A region's role answers to no one platform: only a superuser acts for it.
        Found(None, record(r, ["role", "organisation", "starts_on", "ends_on"], region=r.region))
        for r in RegionalRole.objects.filter(user=person.user).select_related("region").order_by("pk")
    ]


def _end_roles(person: Person) -> int:
    """End the person's current roles today; the rows stay, so who held which role can be shown."""
    if person.user is None:
        return 0
    today = timezone.localdate()
    ended = 0
    for membership in Membership.objects.filter(user=person.user).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    ):
        ends_on = max(today, membership.starts_on or today)
        ended += Membership.objects.filter(pk=membership.pk).update(ends_on=ends_on, show_publicly=False)
    for role in RegionalRole.objects.filter(user=person.user).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    ):
        ended += RegionalRole.objects.filter(pk=role.pk).update(ends_on=max(today, role.starts_on or today))
    return ended


def _last_coordinator(person: Person) -> list[str]:
    if person.user is None:
        return []
    reasons = []
    mine = (
        Membership.objects.current()
        .filter(user=person.user, role=Role.COORDINATOR)
        .select_related("platform")
    )
    for membership in mine:
        others = (
            Membership.objects.current()
            .filter(platform_id=membership.platform_id, role=Role.COORDINATOR)
            .exclude(user=person.user)
        )
        if not others.exists():
            reasons.append(
                gettext(
                    "The person is the last coordinator of %(platform)s: appoint another coordinator first."
                )
                % {"platform": membership.platform}
            )
    return reasons


register(
    Kind(
        key="roles",
        order=15,
        title=_("Roles"),
        stored=_("Who holds which role on which platform or enterprise, organisation, title and period."),
        purpose=_(
            "To decide who may see and do what, and to show the steering group publicly "
            "(role and organisation, never the name)."
        ),
        legal_basis=_("Legitimate interest: the platform's work needs to know who does what."),
        seen_by=_("The platform's members; the public sees roles and organisations without names."),
        retention=lambda: (
            _(
                "Ended roles are kept with their dates, so that it can be shown who held which role; "
                "they go with the account (anonymised %(months)s months after it was closed)."
            )
            % {"months": settings.ACCOUNTS_CLOSED_RETENTION_MONTHS}
        ),
        setting="ACCOUNTS_CLOSED_RETENTION_MONTHS",
        models=("platforms.Membership", "platforms.RegionalRole"),
        find=_roles,
        erase=_end_roles,
        refuse=_last_coordinator,
    )
)


def _invitations_of(person: Person):
    query = Q(email__iexact=person.email) if person.email else Q(pk__in=[])
    if person.user is not None:
        query |= Q(accepted_by=person.user)
    return Invitation.objects.filter(query)


def _invitations(person: Person) -> list[Found]:
    rows = _invitations_of(person).select_related("platform", "enterprise").order_by("pk")
    return [
        Found(
            i.platform_id,
            record(
                i,
                [
                    "email",
                    "role",
                    "organisation",
                    "title",
                    "message",
                    "created_at",
                    "sent_at",
                    "accepted_at",
                    "withdrawn_at",
                ],
                platform=i.platform,
                enterprise=i.enterprise,
            ),
        )
        for i in rows
    ]


def _erase_invitations(person: Person) -> int:
    now = timezone.now()
    rows = _invitations_of(person)
    # A pending invitation to an erased person must never be accepted: withdrawn, its key gone.
    rows.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    return rows.update(email="", message="", key="")


def _purge_invitations(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=settings.INVITATIONS_RETENTION_DAYS)
    link_dead = now - datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    done = Q(accepted_at__isnull=False) | Q(withdrawn_at__isnull=False) | Q(sent_at__lt=link_dead)
    return (
        Invitation.objects.filter(done, created_at__lt=cutoff)
        .exclude(email="", message="")
        .update(email="", message="", key="")
    )


register(
    Kind(
        key="invitations",
        order=16,
        title=_("Invitations"),
        stored=_("E-mail address, role, personal message, who invited."),
        purpose=_("To give a person a role."),
        legal_basis=_("Legitimate interest: the platform's work needs to know who does what."),
        seen_by=_("The platform's coordinators."),
        retention=lambda: (
            _(
                "The link works for %(valid)s days; the address and message are removed %(days)s days after "
                "the invitation was made, once it is accepted, withdrawn or expired."
            )
            % {"valid": settings.INVITATION_VALID_DAYS, "days": settings.INVITATIONS_RETENTION_DAYS}
        ),
        setting="INVITATIONS_RETENTION_DAYS",
        models=("platforms.Invitation",),
        find=_invitations,
        erase=_erase_invitations,
        purge=_purge_invitations,
    )
)
