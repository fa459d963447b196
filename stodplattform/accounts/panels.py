"""What the accounts app puts on each person's start page."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides


@provides("start", order=0)
def mfa_switched_off(request):
    """Say plainly when this installation lets everyone sign in with a password alone (e.g. the demo)."""
    if settings.MFA_REQUIRED_ROLES:
        return None
    return Panel(_("Two-factor login is switched off"), "accounts/panels/mfa_off.html", urgent=True)


@provides("start", order=90)
def suggest_second_factor(request):
    """A gentle suggestion to whoever signs in with a password alone."""
    has_factor = Authenticator.objects.filter(
        user=request.user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    if has_factor:
        return None
    return Panel(
        _("Protect your account with a second factor"), "accounts/panels/suggest_mfa.html", size="half"
    )
