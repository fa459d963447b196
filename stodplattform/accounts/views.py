from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from stodplattform.core.panels import collect

from . import services
from .forms import ApiTokenForm, ProfileForm
from .models import AccountEvent, ApiToken


@login_required
def account(request):
    """My account: who I am, how to reach me, my language, and my roles (from the platforms app)."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts-account")
    if request.method == "POST":
        # An invalid form must not leave half-changed values on request.user (the navbar shows it).
        request.user.refresh_from_db()
    return render(
        request,
        "accounts/account.html",
        {"form": form, "panels": collect("account", request)},
    )


@login_required
def security(request):
    """Second factors, sessions and the latest events of my account."""
    user = request.user
    authenticators = list(Authenticator.objects.filter(user=user))
    return render(
        request,
        "accounts/security.html",
        {
            "totp": next((a for a in authenticators if a.type == Authenticator.Type.TOTP), None),
            "passkeys": [a for a in authenticators if a.type == Authenticator.Type.WEBAUTHN],
            "recovery_codes": next(
                (a for a in authenticators if a.type == Authenticator.Type.RECOVERY_CODES), None
            ),
            "session_count": UserSession.objects.filter(user=user).count(),
            "events": AccountEvent.objects.for_users([user.pk])[:20],
        },
    )


@login_required
def tokens(request):
    """Personal API tokens: the raw key is shown once, right after it is made."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, raw = services.create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        # Redirect so that a reload does not make another token; the key is shown once.
        request.session["new_api_key"] = raw
        return redirect("accounts-tokens")
    new_key = request.session.pop("new_api_key", None)
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user, revoked_at__isnull=True), pk=pk)
    services.revoke_token(token=token)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts-tokens")


@csrf_exempt
def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept as their preference.

    Only a signed-in person's switch needs a CSRF token, as it writes their preference. A
    visitor's sets a cookie and nothing else (another site can at worst switch the language),
    so the switch on public pages carries no token and those pages are the same for everyone
    (core/pagecache.py).
    """
    if request.user.is_authenticated:
        return save_language(request)
    return django_set_language(request)


@csrf_protect
def save_language(request):
    response = django_set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.save_language(user=request.user, language=language)
    return response
