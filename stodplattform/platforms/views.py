"""The platform's people: members, invitations and their history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.accounts.models import AccountEvent, User
from stodplattform.accounts.services import sign_in
from stodplattform.core.addresses import addresses
from stodplattform.core.audit import describe, history_for_objects, personal_data_records
from stodplattform.core.exports import csv_response, xlsx_response
from stodplattform.core.forms import apply_errors
from stodplattform.core.permissions import can, require

from .exporters import MEMBER_COLUMNS
from .forms import (
    AcceptInvitationForm,
    EndMembershipForm,
    InvitationForm,
    MemberFilterForm,
    MembershipForm,
    PlatformIdentityForm,
)
from .models import Invitation, Membership, Platform, Role
from .services import (
    InvitationError,
    accept_as_new_person,
    accept_invitation,
    change_membership,
    change_platform_identity,
    end_membership,
    invitation_from_token,
    invite,
    resend_invitation,
    withdraw_invitation,
)

PAGE_SIZE = 50
ROLE_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(Role.values)),
    output_field=IntegerField(),
)


def _platform(request, slug, perm) -> Platform:
    """A platform the user is a member of (404 otherwise), and the capability (403 otherwise)."""
    platform = get_object_or_404(Platform.objects.member_of(request.user), slug=slug)
    require(request.user, perm, platform)
    return platform


@login_required
def members(request, slug):
    platform = _platform(request, slug, "platforms.view_members")
    manage = can(request.user, "platforms.manage_members", platform)
    form = MemberFilterForm(request.GET or None)
    memberships = Membership.objects.filter(platform=platform).select_related("user", "enterprise")
    # Others see who works with the platform now; the coordinator also sees past and coming periods.
    memberships = form.filter(memberships) if manage else memberships.current()
    memberships = memberships.order_by(ROLE_ORDER, "enterprise__name", "user__full_name", "pk")
    export = request.GET.get("format")
    if manage and export in ("csv", "xlsx"):
        respond = csv_response if export == "csv" else xlsx_response
        return respond(f"medlemmar-{platform.slug}", MEMBER_COLUMNS, memberships.iterator())
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Labels and addresses made once, not per row (get_role_display translates every role).
    roles = {value: str(label) for value, label in Role.choices}
    edit_url = addresses("platforms-membership-edit", platform.slug)
    end_url = addresses("platforms-membership-end", platform.slug)
    page.object_list = list(page.object_list)
    for membership in page.object_list:
        membership.role_label = roles[membership.role]
        if manage:
            membership.edit_url, membership.end_url = edit_url(membership.pk), end_url(membership.pk)
    invitations = []
    if manage:
        invitations = list(
            platform.invitations.pending()
            .select_related("enterprise", "invited_by")
            .order_by("-sent_at")[:100]
        )
        resend_url = addresses("platforms-invitation-resend", platform.slug)
        withdraw_url = addresses("platforms-invitation-withdraw", platform.slug)
        for invitation in invitations:
            invitation.role_label = roles[invitation.role]
            invitation.resend_url, invitation.withdraw_url = (
                resend_url(invitation.pk),
                withdraw_url(invitation.pk),
            )
    return render(
        request,
        "platforms/members.html",
        {
            "platform": platform,
            "manage": manage,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "invitations": invitations,
            "today": timezone.localdate(),
        },
    )


@login_required
def invite_view(request, slug):
    platform = _platform(request, slug, "platforms.manage_members")
    form = InvitationForm(
        request.POST or None,
        platform=platform,
        initial={"language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("sv", "en") else "sv"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite(platform=platform, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("platforms-members", platform.slug)
    return render(request, "platforms/invite.html", {"platform": platform, "form": form})


def _invitation(request, slug, pk) -> Invitation:
    platform = _platform(request, slug, "platforms.manage_members")
    return get_object_or_404(platform.invitations.all(), pk=pk)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    invitation = _invitation(request, slug, pk)
    try:
        resend_invitation(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s; the old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("platforms-members", slug)


@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    invitation = _invitation(request, slug, pk)
    try:
        withdraw_invitation(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("platforms-members", slug)


def _membership(request, slug, pk) -> Membership:
    platform = _platform(request, slug, "platforms.manage_members")
    return get_object_or_404(platform.memberships.select_related("user", "enterprise", "platform"), pk=pk)


@login_required
def membership_edit(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = MembershipForm(request.POST or None, instance=Membership.objects.get(pk=membership.pk))
    if request.method == "POST" and form.is_valid():
        try:
            change_membership(membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The membership was changed."))
            return redirect("platforms-members", slug)
    return render(request, "platforms/membership_form.html", {"membership": membership, "form": form})


@login_required
def membership_end(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = EndMembershipForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            end_membership(membership, by=request.user, on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's membership ends on %(date)s. It stays in the history.")
                % {
                    "name": membership.user.full_name or membership.user.email,
                    "date": form.cleaned_data["ends_on"],
                },
            )
            return redirect("platforms-members", slug)
    return render(request, "platforms/membership_end.html", {"membership": membership, "form": form})


@login_required
def identity(request, slug):
    """The coordinator sets the platform's name, logo, colour and contact details."""
    platform = _platform(request, slug, "platforms.change_identity")
    form = PlatformIdentityForm(
        request.POST or None, request.FILES or None, instance=Platform.objects.get(pk=platform.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            change_platform_identity(platform, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The platform's name, logo and colour were saved."))
            return redirect("platforms-identity", platform.slug)
    return render(request, "platforms/identity.html", {"platform": platform, "form": form})


@login_required
def history(request, slug):
    """Who invited whom, who took up and left which role, and the members' sign-ins."""
    platform = _platform(request, slug, "platforms.manage_members")
    entries = list(
        history_for_objects(
            [
                (Membership, Membership.objects.filter(platform=platform).values("pk")),
                (Invitation, platform.invitations.values("pk")),
            ],
            limit=100,
        )
    )
    for entry in entries:
        entry.described = describe(entry)
        model = entry.content_type.model_class()
        entry.concerns = f"{capfirst(model._meta.verbose_name) if model else ''}: {entry.object_repr}"
    # Sign-ins and security changes of everyone who holds or held a role here.
    events = list(
        AccountEvent.objects.for_users(
            Membership.objects.filter(platform=platform).values("user_id")
        ).select_related("user")[:100]
    )
    return render(
        request,
        "platforms/history.html",
        {
            "platform": platform,
            "entries": entries,
            "events": events,
            "personal_data": list(personal_data_records(platform)),
        },
    )


def invitation_accept(request, token):
    """The link in the invitation e-mail: choose a password (or sign in), and the role begins."""
    try:
        invitation = invitation_from_token(token)
    except InvitationError as error:
        return render(request, "platforms/invitation_invalid.html", {"reason": str(error)}, status=400)
    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "existing": existing}
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "platforms/invitation_other_user.html", context, status=403)
        if request.method == "POST":
            try:
                accept_invitation(invitation, user=user)
            except ValidationError as error:
                return render(
                    request,
                    "platforms/invitation_invalid.html",
                    {"reason": " ".join(error.messages)},
                    status=400,
                )
            messages.success(
                request, _("Welcome! Your role at %(where)s has begun.") % {"where": _where(invitation)}
            )
            return redirect("portal-start")
        return render(request, "platforms/invitation_accept.html", context)
    if existing is not None:
        # The address has an account: sign in first, then come back here to accept.
        return redirect_to_login(request.get_full_path())
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            person, _membership = accept_as_new_person(
                invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            return render(
                request, "platforms/invitation_invalid.html", {"reason": " ".join(error.messages)}, status=400
            )
        sign_in(request, person)
        messages.success(
            request, _("Welcome! Your role at %(where)s has begun.") % {"where": _where(invitation)}
        )
        return redirect("portal-start")
    return render(request, "platforms/invitation_accept.html", {**context, "form": form})


def _where(invitation) -> str:
    return invitation.enterprise.name if invitation.enterprise_id else invitation.platform.name
