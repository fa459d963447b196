import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.core import idempotency
from stodplattform.core.audit import describe, history_for
from stodplattform.core.exports import cached_export, validated_filters
from stodplattform.core.forms import slug_in
from stodplattform.core.pagecache import cache_public, generation, generation_time
from stodplattform.core.panels import collect
from stodplattform.core.permissions import can, require
from stodplattform.platforms.access import coordinated_platforms
from stodplattform.platforms.models import Platform

from . import showcase
from .exporters import public_columns, with_public_fields
from .filters import directory_queryset
from .forms import EnterpriseForm, SynonymForm, showcase_formsets
from .models import Enterprise, OpeningException, OpeningHours, Photo, Synonym
from .services import confirm_profile, delete_synonym, save_synonym, validate_and_save

PAGE_SIZE = 24
FORM_TOKEN = re.compile(r"[0-9a-f]{32}")


@cache_public
def directory(request):
    form, enterprises = directory_queryset(request.GET)
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        # The parsed search, for the cards to mark the matched words.
        "search_query": enterprises.search_query,
    }
    if request.htmx and not request.htmx.boosted:
        # The results, and out of band the hit count: the one live region, which stays in place
        # so that screen readers announce the new count and not the whole list.
        results = render_to_string("enterprises/directory.html#results", context, request=request)
        count = render_to_string(
            "enterprises/directory.html#count", {**context, "oob": True}, request=request
        )
        return HttpResponse(results + count)
    return render(request, "enterprises/directory.html", context)


def directory_export(request, fmt):
    """Open data: the directory as filtered, streamed once per version and kept (core/exports.py)."""
    version = generation()
    form, enterprises = directory_queryset(request.GET)
    return cached_export(
        request,
        fmt=fmt,
        filename="foretag",
        columns=public_columns(settings.SITE_URL),
        queryset=with_public_fields(enterprises),
        filters=validated_filters(form),
        version=version,
        modified=generation_time(version),
    )


SHOWCASE_PARTS = (Photo, OpeningHours, OpeningException)


# Not cached: the page carries a CSP nonce (its structured data, the platform's colour).
def detail(request, slug):
    """The showcase page ("the digital fair"); hidden profiles only for those who work with them."""
    today = timezone.localdate()
    enterprise = get_object_or_404(
        Enterprise.objects.reachable_by(request.user)
        .select_related("platform", "municipality")
        .prefetch_related(
            "industries",
            "offers",
            "photos",
            "opening_hours",
            Prefetch("opening_exceptions", OpeningException.objects.filter(date__gte=today)),
        ),
        slug=slug,
    )
    user = request.user
    show_history = user.is_authenticated and can(user, "enterprises.view_enterprise_history", enterprise)
    history = []
    if show_history:
        history = list(history_for(enterprise, parts=SHOWCASE_PARTS))
        for entry in history:
            entry.described = describe(entry)
            if entry.content_type.model_class() is not Enterprise:
                entry.concerns = (
                    f"{capfirst(entry.content_type.model_class()._meta.verbose_name)}: {entry.object_repr}"
                )
            else:
                entry.concerns = enterprise.name
    exceptions = showcase.upcoming_exceptions(enterprise, today)
    week = showcase.week(enterprise, today)
    today_exception = next((e for e in exceptions if e.date == today), None)
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "can_edit": user.is_authenticated and can(user, "enterprises.change_enterprise", enterprise),
            "show_history": show_history,
            "history": history,
            "week": week,
            "today_intervals": week[today.weekday()].intervals if week else [],
            "today_exception": today_exception,
            "exceptions": exceptions,
            "directions_url": showcase.directions_url(enterprise),
            "json_ld": showcase.json_ld(enterprise, today),
            "has_own_contact": bool(enterprise.phone or enterprise.email or enterprise.website),
            # What the floors above add to the showcase (financing: reserved contracts, labels).
            "showcase_panels": collect("showcase", request, enterprise=enterprise),
        },
    )


@login_required
def create(request):
    platforms = coordinated_platforms(request.user)
    if not platforms:
        raise PermissionDenied
    # Nothing is chosen in advance but the platform the link named, or the only one there is.
    chosen = platforms.filter(slug=slug_in(request.GET, name="platform")).first()
    if chosen is None and len(platforms) == 1:
        chosen = platforms[0]

    def make_form(retry=False, random_slug=False):
        return EnterpriseForm(
            request.POST or None,
            request.FILES or None,
            platforms=platforms,
            initial={"platform": chosen.slug} if chosen else {},
            random_slug=random_slug,
            choose=True,
        )

    def page(form, token):
        return render(request, "enterprises/form.html", {"form": form, "creating": True, "form_token": token})

    if request.method != "POST":
        # One token per rendered form: sending the form twice (a double click, a reload) adds one
        # enterprise, and the second answer leads to it.
        return page(make_form(), uuid.uuid4().hex)
    token = request.POST.get("form_token", "")
    if not FORM_TOKEN.fullmatch(token):
        token = ""  # a client without the token (not a browser): nothing to deduplicate by
    claim = None
    if token:
        claim = idempotency.claim(
            user=request.user, key="form:enterprises-create:" + token, fingerprint="enterprises-create"
        )
        if claim.running:
            messages.warning(request, _("The form is still being saved. Check the registry in a moment."))
            return redirect("enterprises-directory")
        if not claim.won:
            messages.info(request, _("The form had already been sent; the enterprise was added once."))
            return redirect(bytes(claim.record.body).decode())  # where the first submit led
    try:
        enterprise, form = validate_and_save(make_form, by=request.user)
    except BaseException:
        if claim:
            idempotency.release(claim)
        raise
    if enterprise is None:
        if claim:
            idempotency.release(claim)  # bad input: the corrected form may use the token
        return page(form, token)
    if claim:
        location = enterprise.get_absolute_url()
        idempotency.finish(claim, status=302, body=location.encode(), content_type="text/plain")
    messages.success(request, _("%(name)s was added to the registry.") % {"name": enterprise.name})
    return redirect(enterprise)


@login_required
def edit(request, slug):
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), slug=slug)
    require(request.user, "enterprises.change_enterprise", enterprise)
    registry = can(request.user, "enterprises.change_enterprise_registry", enterprise)

    def make_form(retry=False, random_slug=False):
        # A retry needs a fresh instance: validation put the first attempt's values on this one.
        return EnterpriseForm(
            request.POST or None,
            request.FILES or None,
            instance=Enterprise.objects.get(pk=enterprise.pk) if retry else enterprise,
            platforms=coordinated_platforms(request.user),
            registry=registry,
            random_slug=random_slug,
        )

    def make_formsets(instance):
        return showcase_formsets(request.POST or None, request.FILES or None, instance=instance)

    def page(form):
        # Formsets the request did not send are shown as they are stored.
        formsets = {**showcase_formsets(instance=enterprise), **form.formsets}
        invalid = form.is_bound and (form.errors or any(f.total_error_count() for f in formsets.values()))
        return render(
            request,
            "enterprises/form.html",
            {"form": form, "enterprise": enterprise, "formsets": formsets, "has_errors": invalid},
        )

    if request.method != "POST":
        form = make_form()
        form.formsets = make_formsets(enterprise)
        return page(form)
    saved, form = validate_and_save(make_form, by=request.user, make_formsets=make_formsets)
    if saved is None:
        return page(form)
    messages.success(request, _("The changes were saved."))
    return redirect(saved)


@login_required
@require_POST
def confirm(request, slug):
    """The profile was read and is current: the start page stops asking for a review."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), slug=slug)
    require(request.user, "enterprises.change_enterprise", enterprise)
    confirm_profile(enterprise, by=request.user)
    messages.success(
        request, _("Thank you: %(name)s's profile is confirmed as current.") % {"name": enterprise.name}
    )
    return redirect("portal-start")


def _synonym_platform(request, slug):
    """A platform the user is a member of (404 otherwise) whose synonyms they keep (403 otherwise)."""
    platform = get_object_or_404(Platform.objects.member_of(request.user), slug=slug)
    require(request.user, "enterprises.manage_synonyms", platform)
    return platform


def _synonym_history(platform):
    # Synonym entries name their platform (Synonym.get_additional_data), so removed groups show.
    entries = list(history_for(platform, parts=(Synonym,), own=False))
    for entry in entries:
        entry.described = describe(entry)
        entry.concerns = entry.object_repr
    return entries


@login_required
def synonyms(request, slug):
    """The platform's search synonyms: the list, a form to add a group, and their history."""
    platform = _synonym_platform(request, slug)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_synonym(form, platform=platform, by=request.user)
        messages.success(request, _("The synonyms were added. Search uses them at once."))
        return redirect("enterprises-synonyms", platform.slug)
    return render(
        request,
        "enterprises/synonyms.html",
        {
            "platform": platform,
            "synonyms": platform.search_synonyms.all(),
            "form": form,
            "entries": _synonym_history(platform),
        },
    )


@login_required
def synonym_edit(request, slug, pk):
    platform = _synonym_platform(request, slug)
    synonym = get_object_or_404(platform.search_synonyms, pk=pk)
    form = SynonymForm(request.POST or None, instance=synonym)
    if request.method == "POST" and form.is_valid():
        save_synonym(form, platform=platform, by=request.user)
        messages.success(request, _("The synonyms were saved."))
        return redirect("enterprises-synonyms", platform.slug)
    return render(
        request, "enterprises/synonym_form.html", {"platform": platform, "synonym": synonym, "form": form}
    )


@login_required
@require_POST
def synonym_delete(request, slug, pk):
    platform = _synonym_platform(request, slug)
    synonym = get_object_or_404(platform.search_synonyms, pk=pk)
    delete_synonym(synonym, by=request.user)
    messages.success(request, _("The synonyms “%(words)s” were removed.") % {"words": synonym.words})
    return redirect("enterprises-synonyms", platform.slug)
