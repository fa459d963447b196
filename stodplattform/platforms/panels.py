"""What platforms and people put on each person's start page."""

from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides

from . import access
from .models import Invitation, Membership, Role

ENDING_SOON_DAYS = 30


@provides("account", order=10)
@provides("start", order=55)
def my_roles(request):
    """The person's current roles and their periods, with the coordinator's way to the members page."""
    memberships = list(
        Membership.objects.current()
        .filter(user=request.user)
        .select_related("platform", "enterprise")
        .order_by("platform__name", "role")
    )
    if not memberships:
        return None
    coordinated = set(access.platforms_with_role(request.user, {Role.COORDINATOR}))
    platforms = {}
    for membership in memberships:
        platforms.setdefault(membership.platform, []).append(membership)
    return Panel(
        _("Your roles"),
        "platforms/panels/my_roles.html",
        {"platforms": [(p, ms, p.pk in coordinated) for p, ms in platforms.items()]},
        size="half",
    )


@provides("start", order=50)
def members_ending(request):
    """For coordinators: members whose period ends within 30 days, so nobody drops out unnoticed."""
    coordinated = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not coordinated:
        return None
    ending = list(
        Membership.objects.ending_within(ENDING_SOON_DAYS)
        .filter(platform_id__in=coordinated)
        .select_related("platform", "user", "enterprise")
        .order_by("ends_on", "user__full_name")[:50]
    )
    return Panel(
        _("Memberships ending within %(days)s days") % {"days": ENDING_SOON_DAYS},
        "platforms/panels/members_ending.html",
        {"memberships": ending},
        size="half",
    )


@provides("start", order=5)
def invitations_to_me(request):
    """Invitations sent to the person's address that they have not answered yet."""
    waiting = [
        invitation
        for invitation in Invitation.objects.pending()
        .filter(email__iexact=request.user.email)
        .select_related("platform", "enterprise")
        .order_by("-sent_at")[:10]
        if not invitation.is_expired
    ]
    if not waiting:
        return None
    from .services import invitation_link

    return Panel(
        _("Invitations to you"),
        "platforms/panels/invitations_to_me.html",
        {"invitations": [(invitation, invitation_link(invitation)) for invitation in waiting]},
        urgent=True,
    )


@provides("start", order=48)
def invitations_sent(request):
    """For coordinators: the invitations on their platforms still waiting for an answer."""
    coordinated = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not coordinated:
        return None
    pending = list(
        Invitation.objects.pending()
        .filter(platform_id__in=coordinated)
        .select_related("platform", "enterprise")
        .order_by("-sent_at")[:20]
    )
    if not pending:
        return None
    return Panel(
        _("Invitations waiting for an answer"),
        "platforms/panels/invitations_sent.html",
        {"invitations": pending},
        size="half",
    )
