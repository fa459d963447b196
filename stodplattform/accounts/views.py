from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm
from .models import ApiToken


@login_required
def tokens(request):
    """Personal API tokens: the raw key is shown once, right after it is made."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, raw = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
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
        },
    )


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user, revoked_at__isnull=True), pk=pk)
    token.revoke()
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts-tokens")
