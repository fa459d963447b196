"""People coming in and going out: invitations and memberships.

Pages, the admin and management commands call these. Each runs in a transaction
and records its actor in the audit history.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stodplattform.accounts.models import User
from stodplattform.accounts.services import create_person
from stodplattform.core.audit import acting_as

from . import access
from .models import Invitation, Membership, Platform, Role

LINK_SALT = "stodplattform.invitation"


# -- Invitations --------------------------------------------------------------


def invitation_link(invitation: Invitation) -> str:
    token = signing.dumps({"i": invitation.pk, "k": invitation.key}, salt=LINK_SALT, compress=True)
    return settings.SITE_URL.rstrip("/") + reverse("platforms-invitation", args=[token])


class InvitationError(Exception):
    """Why a link cannot be used, in words for the person who opened it."""


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link refers to, or InvitationError: forged, expired, replaced, used, withdrawn."""
    try:
        data = signing.loads(
            token, salt=LINK_SALT, max_age=datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
        )
    except signing.SignatureExpired as error:
        raise InvitationError(
            _("The invitation has expired. Ask the platform's coordinator to send it again.")
        ) from error
    except signing.BadSignature as error:
        raise InvitationError(
            _("This link is not valid. Check that you copied all of it from the e-mail.")
        ) from error
    invitation = (
        Invitation.objects.select_related("platform", "enterprise").filter(pk=data.get("i")).first()
        if isinstance(data, dict)
        else None
    )
    if invitation is None:
        raise InvitationError(_("This invitation no longer exists."))
    if invitation.withdrawn_at:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used. Sign in instead."))
    if not secrets.compare_digest(str(data.get("k", "")), invitation.key):
        raise InvitationError(
            _("A newer invitation has been sent to you since this one. Use the link in the latest e-mail.")
        )
    if invitation.is_expired:
        raise InvitationError(
            _("The invitation has expired. Ask the platform's coordinator to send it again.")
        )
    return invitation


def check_invitation(
    *, platform: Platform, email: str, role: str, enterprise=None, starts_on=None, ends_on=None
) -> None:
    """The rules an invitation must meet beyond its fields; ValidationError names the field."""
    errors = {}
    if role == Role.MANAGER:
        if enterprise is None:
            errors["enterprise"] = _("Choose the enterprise the person will manage.")
        elif enterprise.platform_id != platform.pk:
            errors["enterprise"] = _("The enterprise belongs to another platform.")
    elif enterprise is not None:
        errors["enterprise"] = _("Only a manager is invited to an enterprise.")
    if role == Role.COOPTED and not ends_on:
        errors["ends_on"] = _("A co-opted support person is invited for a limited time: give an end date.")
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = _("The end must come after the start.")
    if ends_on and ends_on <= timezone.localdate():
        errors.setdefault("ends_on", _("The end date has already passed."))
    if errors:
        raise ValidationError(errors)
    holds = Membership.objects.current().filter(user__email__iexact=email, role=role, platform=platform)
    holds = holds.filter(enterprise=enterprise) if role == Role.MANAGER else holds
    if holds.exists():
        raise ValidationError({"email": _("This person already holds that role.")})
    pending = Invitation.objects.pending().filter(
        email__iexact=email, role=role, platform=platform, enterprise=enterprise
    )
    if pending.exists():
        raise ValidationError(
            {
                "email": _(
                    "This person already has an invitation to that role. Send it again from the list instead."
                )
            }
        )


def invite(
    *,
    platform: Platform,
    email: str,
    role: str,
    by: User | None,
    enterprise=None,
    organisation: str = "",
    title: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    language: str = "sv",
    message: str = "",
) -> Invitation:
    """Invite someone by e-mail. Raises ValidationError (by field) if the invitation breaks a rule."""
    email = email.strip().lower()
    with transaction.atomic(), acting_as(by):
        # One coordinator at a time decides for a platform: two identical invitations cannot race.
        Platform.objects.select_for_update().filter(pk=platform.pk).first()
        check_invitation(
            platform=platform,
            email=email,
            role=role,
            enterprise=enterprise,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        invitation = Invitation.objects.create(
            platform=platform,
            email=email,
            role=role,
            enterprise=enterprise,
            organisation=organisation,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            language=language,
            message=message,
            invited_by=by,
            key=secrets.token_urlsafe(32),
        )
        _record_sending(invitation)
    # Mailed once the invitation is saved: a refused one sends nothing.
    _mail(invitation)
    return invitation


def resend_invitation(invitation: Invitation, *, by: User | None) -> Invitation:
    """Send again with a new link; the old link stops working."""
    with transaction.atomic(), acting_as(by):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.withdrawn_at:
            raise ValidationError(_("Only an invitation still waiting for an answer can be sent again."))
        invitation.key = secrets.token_urlsafe(32)
        _record_sending(invitation)
    _mail(invitation)
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, by: User | None) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("The invitation has already been accepted: end the membership instead."))
    if invitation.withdrawn_at:
        return invitation
    with acting_as(by):
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: User) -> Membership:
    """The invitee takes up the role: the membership begins. Once only, for the invited address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.withdrawn_at or invitation.is_expired:
        raise ValidationError(_("This invitation can no longer be used."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    held = Membership.objects.current().filter(
        user=user, platform=invitation.platform, role=invitation.role, enterprise=invitation.enterprise
    )
    with acting_as(user):
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if held.exists():
            # Given the role some other way since the invitation was sent: nothing more to do.
            return held.first()
        membership = Membership.objects.create(
            platform=invitation.platform,
            user=user,
            role=invitation.role,
            enterprise=invitation.enterprise,
            organisation=invitation.organisation,
            title=invitation.title,
            starts_on=max(invitation.starts_on or timezone.localdate(), timezone.localdate()),
            ends_on=invitation.ends_on,
            # The platform page shows roles, never names; managers appear through their enterprise.
            show_publicly=invitation.role in {Role.COORDINATOR, Role.STEERING},
        )
    access.forget(user)
    return membership


@transaction.atomic
def accept_as_new_person(invitation: Invitation, *, full_name: str, password: str) -> tuple[User, Membership]:
    """A new account for the invited address, and the role begins: both or neither."""
    person = create_person(email=invitation.email, full_name=full_name, password=password)
    return person, accept_invitation(invitation, user=person)


def _record_sending(invitation: Invitation) -> None:
    invitation.sent_at = timezone.now()
    invitation.times_sent += 1
    invitation.save()


def _mail(invitation: Invitation) -> None:
    known = User.objects.filter(email__iexact=invitation.email).exists()
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "link": invitation_link(invitation),
            "role": invitation.get_role_display(),
            "where": invitation.enterprise.name if invitation.enterprise_id else invitation.platform.name,
            "inviter": invitation.invited_by.full_name
            if invitation.invited_by
            else invitation.platform.operator,
            "valid_days": settings.INVITATION_VALID_DAYS,
            "has_account": known,
        }
        subject = " ".join(render_to_string("platforms/email/invitation_subject.txt", context).split())
        text = render_to_string("platforms/email/invitation.txt", context)
        html = render_to_string("platforms/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[invitation.email], reply_to=[invitation.platform.contact_email]
    )
    message.attach_alternative(html, "text/html")
    message.send()


# -- Memberships --------------------------------------------------------------


def _leaves_a_coordinator(membership: Membership, *, role: str, ends_on, today) -> bool:
    """Would the platform still have a current coordinator after this change to ``membership``?"""
    still_coordinator = role == Role.COORDINATOR and (ends_on is None or ends_on > today)
    if membership.role == Role.COORDINATOR and membership.is_current(today) and not still_coordinator:
        others = (
            Membership.objects.current(today)
            .filter(platform_id=membership.platform_id, role=Role.COORDINATOR)
            .exclude(pk=membership.pk)
        )
        return others.exists()
    return True


@transaction.atomic
def change_membership(membership: Membership, *, by: User | None, **fields) -> Membership:
    """Change role, organisation, title or period. The platform never loses its last coordinator."""
    Platform.objects.select_for_update().filter(pk=membership.platform_id).first()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    today = timezone.localdate()
    role = fields.get("role", membership.role)
    ends_on = fields.get("ends_on", membership.ends_on)
    starts_on = fields.get("starts_on", membership.starts_on)
    if (membership.role == Role.MANAGER) != (role == Role.MANAGER):
        raise ValidationError(
            {"role": _("A manager's role belongs to an enterprise: invite the person instead.")}
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end must come after the start.")})
    if not _leaves_a_coordinator(membership, role=role, ends_on=ends_on, today=today):
        raise ValidationError(
            _("%(platform)s would have no coordinator. Invite another coordinator first.")
            % {"platform": membership.platform.name}
        )
    with acting_as(by):
        for name, value in fields.items():
            setattr(membership, name, value)
        membership.save()
    access.forget(membership.user)
    return membership


def end_membership(membership: Membership, *, by: User | None, on: datetime.date | None = None) -> Membership:
    """End a membership on a day (today: at once). It is kept, with its end date, in the history."""
    on = on or timezone.localdate()
    starts_on = membership.starts_on
    fields = {"ends_on": on}
    if starts_on and starts_on > on:
        # A period that had not begun is ended before it starts: it never held.
        fields["starts_on"] = on
    return change_membership(membership, by=by, **fields)


IDENTITY_FIELDS = ("name", "logo", "colour", "contact_email", "contact_phone", "description")


@transaction.atomic
def change_platform_identity(platform: Platform, *, by: User | None, **fields) -> Platform:
    """Change what the platform shows of itself (name, logo, colour, contact); recorded in the history."""
    unknown = set(fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"not identity fields: {', '.join(sorted(unknown))}")
    platform = Platform.objects.select_for_update().get(pk=platform.pk)
    for name, value in fields.items():
        if name == "logo":
            if value is None:  # unchanged
                continue
            value = value or ""  # False: the logo was removed
        setattr(platform, name, value)
    platform.full_clean(exclude=["municipalities", "slug"])
    with acting_as(by):
        platform.save()
    return platform
