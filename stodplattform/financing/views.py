"""Pages of financing: the catalogue of calls, a call with the enterprises it fits and "Sök med
stöd", outcomes, the evidence for reserved contracts, tenders, quality labels and the buyer page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.core.files import private_file_response
from stodplattform.core.forms import slug_in
from stodplattform.core.pagecache import cache_public
from stodplattform.core.pagination import BoundedPaginator
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.models import Enterprise, OfferKind
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Region, RegionalRole, Role
from stodplattform.support.models import Prospect

from . import matching, services
from .forms import (
    CallForm,
    EvidenceForm,
    LabelForm,
    OutcomeForm,
    TenderForm,
    TenderOutcomeForm,
    call_scopes,
)
from .models import (
    CallApplication,
    FundingCall,
    Outcome,
    QualityLabel,
    ReservedEvidence,
    Tender,
    TenderOutcome,
    TenderResponse,
)

PAGE_SIZE = 20


def _calls_for(user):
    """Open calls a person may read: public ones for everyone, plus those of their roles."""
    calls = FundingCall.objects.open()
    if user.is_authenticated:
        return calls.filter(
            Q(pk__in=FundingCall.objects.visible_to(user).values("pk")) | Q(pk__in=calls.public())
        )
    return calls.public()


@cache_public
def catalogue(request):
    """The open calls, nearest deadline first, continuous last."""
    calls = (
        _calls_for(request.user)
        .select_related("platform", "region")
        .order_by("continuous", "deadline", "title", "pk")
    )
    page = BoundedPaginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "financing/catalogue.html",
        {"page": page, "can_add": request.user.is_authenticated and can(request.user, "financing.add_call")},
    )


@login_required
def call_create(request):
    require(request.user, "financing.add_call")
    form = CallForm(request.POST or None, scopes=call_scopes(request.user))
    if request.method == "POST" and form.is_valid():
        call = services.save_call(form, by=request.user)
        messages.success(request, _("The call was saved."))
        if not _fitting(call, request.user):
            messages.warning(request, _("No enterprise or prospect fits this call yet. Check who may apply."))
        return redirect(call)
    return render(request, "financing/call_form.html", {"form": form})


@login_required
def call_edit(request, pk):
    call = get_object_or_404(FundingCall.objects.visible_to(request.user), pk=pk)
    require(request.user, "financing.change_call", call)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        services.save_call(form, by=request.user)
        messages.success(request, _("The call was saved."))
        if not _fitting(call, request.user):
            messages.warning(request, _("No enterprise or prospect fits this call yet. Check who may apply."))
        return redirect(call)
    return render(request, "financing/call_form.html", {"form": form, "call": call})


def _fitting(call, user):
    """The enterprises and prospects of the user's coordinated platforms (all for a region's or
    the installation's call) that the call fits."""
    call = matching.with_criteria(FundingCall.objects.filter(pk=call.pk)).get()
    platforms = _platforms_seen(user, call)
    enterprises = Enterprise.objects.filter(platform_id__in=platforms)
    prospects = Prospect.objects.filter(platform_id__in=platforms)
    candidates = matching.enterprise_candidates(enterprises) + matching.prospect_candidates(prospects)
    return [c for c in candidates if matching.fits(call, c)]


def _platforms_seen(user, call):
    """Platforms whose enterprises a person sees matched against a call."""
    coordinated = set(access.platforms_with_role(user, {Role.COORDINATOR}))
    if user.is_superuser or (
        call.region_id and call.region_id in access.regions_with_role(user, {RegionalRole.Kind.COORDINATOR})
    ):
        if call.platform_id:
            return [call.platform_id]
        platforms = Platform.objects.all()
        if call.region_id:
            platforms = platforms.filter(municipalities__region_id=call.region_id)
        return set(platforms.values_list("pk", flat=True))
    return coordinated


@cache_public
def call_detail(request, pk):
    user = request.user
    call = get_object_or_404(
        matching.with_criteria(
            FundingCall.objects.filter(pk__in=_calls_for(user).values("pk"))
            | (FundingCall.objects.visible_to(user) if user.is_authenticated else FundingCall.objects.none())
        ),
        pk=pk,
    )
    context = {"call": call, "can_change": user.is_authenticated and can(user, "financing.change_call", call)}
    if user.is_authenticated:
        today = timezone.localdate()
        managed = Enterprise.objects.filter(pk__in=access.managed_enterprise_ids(user))
        platforms = _platforms_seen(user, call)
        enterprises = Enterprise.objects.filter(Q(platform_id__in=platforms) | Q(pk__in=managed.values("pk")))
        candidates = matching.enterprise_candidates(enterprises)
        if platforms:
            candidates += matching.prospect_candidates(Prospect.objects.filter(platform_id__in=platforms))
        fitting = [c for c in candidates if matching.fits(call, c, today)]
        applications = {
            a.enterprise_id: a
            for a in CallApplication.objects.visible_to(user)
            .filter(call=call)
            .select_related("case", "enterprise")
        }
        for candidate in fitting:
            candidate.application = (
                applications.get(candidate.obj.pk) if candidate.kind == "enterprise" else None
            )
        context.update(
            fitting=fitting,
            sees_all=bool(platforms),
            own_applications=list(applications.values()),
            managed=set(managed.values_list("pk", flat=True)),
            interested=[
                a
                for a in sorted(applications.values(), key=lambda a: a.enterprise.name)
                if a.outcome == Outcome.INTERESTED
            ],
        )
    return render(request, "financing/call_detail.html", context)


def _acting_enterprise(user, slug, perm="financing.act_for_enterprise"):
    # visible_to takes in the enterprises the user manages (EnterpriseQuerySet.works_with).
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user), slug=slug)
    require(user, perm, enterprise)
    return enterprise


def _back(request, default):
    """Where to return after a button: the page it was pressed on (``next``), if ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def interest(request, pk, slug):
    """A manager marks interest in an open call that fits their enterprise; the platform's
    coordinators see it on the call and on their start page."""
    enterprise = _acting_enterprise(request.user, slug, "financing.mark_interest")
    call = get_object_or_404(
        matching.with_criteria(FundingCall.objects.open().for_platforms([enterprise.platform_id])), pk=pk
    )
    candidate = next(iter(matching.enterprise_candidates(Enterprise.objects.filter(pk=enterprise.pk))))
    if not matching.fits(call, candidate):
        raise Http404
    services.mark_interest(call, enterprise, by=request.user)
    messages.success(
        request,
        _("%(enterprise)s is marked as interested in %(call)s. The platform can see it.")
        % {"enterprise": enterprise.name, "call": call.title},
    )
    return _back(request, call)


@login_required
@require_POST
def tender_interest(request, pk, slug):
    """A manager marks interest in an open procurement opportunity that their offers fit."""
    enterprise = _acting_enterprise(request.user, slug, "financing.mark_interest")
    tender = get_object_or_404(
        Tender.objects.open().filter(platform_id=enterprise.platform_id).prefetch_related("offers"), pk=pk
    )
    candidate = next(iter(matching.enterprise_candidates(Enterprise.objects.filter(pk=enterprise.pk))))
    if not matching.tender_fits(tender, candidate):
        raise Http404
    services.mark_tender_interest(tender, enterprise, by=request.user)
    messages.success(
        request,
        _("%(enterprise)s is marked as interested in %(call)s. The platform can see it.")
        % {"enterprise": enterprise.name, "call": tender.title},
    )
    return _back(request, tender)


@login_required
@require_POST
def seek(request, pk, slug):
    """ "Sök med stöd": one step from a call to a financing support case for the enterprise."""
    enterprise = _acting_enterprise(request.user, slug)
    # An open call that reaches the enterprise's platform (its own, its region's, everyone's).
    call = get_object_or_404(FundingCall.objects.open().for_platforms([enterprise.platform_id]), pk=pk)
    application = services.seek_with_support(call, enterprise, by=request.user)
    messages.success(
        request,
        _("A financing case %(reference)s was opened for %(enterprise)s. The platform will help you apply.")
        % {"reference": application.case.reference, "enterprise": enterprise.name},
    )
    return redirect(application.case.get_absolute_url())


@login_required
def outcome(request, pk):
    application = get_object_or_404(
        CallApplication.objects.visible_to(request.user).select_related("call", "enterprise"), pk=pk
    )
    require(request.user, "financing.act_for_enterprise", application.enterprise)
    form = OutcomeForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(form, by=request.user)
        messages.success(request, _("The outcome was saved."))
        return redirect(application.call)
    return render(request, "financing/outcome_form.html", {"form": form, "application": application})


# -- Reserved contracts -----------------------------------------------------------------


@login_required
def evidence(request, slug):
    enterprise = _acting_enterprise(request.user, slug)
    evidence = ReservedEvidence.objects.filter(enterprise=enterprise).first() or ReservedEvidence(
        enterprise=enterprise
    )
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=evidence)
    if request.method == "POST" and form.is_valid():
        services.save_evidence(form, by=request.user)
        messages.success(request, _("The evidence was saved and dated today."))
        return redirect("financing-evidence", slug=enterprise.slug)
    figures = services.reserved_share(enterprise)
    return render(
        request,
        "financing/evidence.html",
        {
            "enterprise": enterprise,
            "form": form,
            "evidence": evidence if evidence.pk else None,
            "figures": figures,
            "share_percent": figures.target_group_share * 100
            if figures and figures.target_group_share is not None
            else None,
            "ready": services.is_ready_for_reserved(evidence if evidence.pk else None, figures),
        },
    )


@login_required
def statutes(request, slug):
    enterprise = _acting_enterprise(request.user, slug)
    evidence = get_object_or_404(ReservedEvidence, enterprise=enterprise)
    if not evidence.statutes:
        raise Http404
    ext = evidence.statutes.name.rsplit(".", 1)[-1]
    return private_file_response(evidence.statutes, f"stadgar-{enterprise.slug}.{ext}")


# -- Quality labels ---------------------------------------------------------------------


@login_required
def labels(request, slug):
    enterprise = _acting_enterprise(request.user, slug)
    form = LabelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_label(form, enterprise=enterprise, by=request.user)
        messages.success(request, _("The label was saved."))
        return redirect("financing-labels", slug=enterprise.slug)
    return render(
        request,
        "financing/labels.html",
        {
            "enterprise": enterprise,
            "form": form,
            "labels": enterprise.quality_labels.all(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def label_delete(request, pk):
    label = get_object_or_404(
        QualityLabel.objects.filter(
            enterprise__in=Enterprise.objects.filter(
                Q(pk__in=Enterprise.objects.visible_to(request.user).values("pk"))
                | Q(pk__in=access.managed_enterprise_ids(request.user))
            )
        ).select_related("enterprise"),
        pk=pk,
    )
    require(request.user, "financing.act_for_enterprise", label.enterprise)
    services.delete_label(label, by=request.user)
    messages.success(request, _("The label was removed."))
    return redirect("financing-labels", slug=label.enterprise.slug)


# -- Tenders ----------------------------------------------------------------------------


@login_required
def tender_create(request):
    platforms = access.coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied
    platform = platforms.filter(slug=slug_in(request.POST, request.GET, name="platform")).first()
    platform = platform or platforms.order_by("name").first()
    form = TenderForm(request.POST or None, instance=Tender(platform=platform))
    if request.method == "POST" and form.is_valid():
        tender = services.save_tender(form, by=request.user)
        messages.success(request, _("The procurement opportunity was saved."))
        return redirect(tender)
    return render(request, "financing/tender_form.html", {"form": form, "platform": platform})


@login_required
def tender_edit(request, pk):
    tender = get_object_or_404(Tender.objects.visible_to(request.user), pk=pk)
    require(request.user, "financing.change_tender", tender)
    form = TenderForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        services.save_tender(form, by=request.user)
        messages.success(request, _("The procurement opportunity was saved."))
        return redirect(tender)
    return render(
        request, "financing/tender_form.html", {"form": form, "tender": tender, "platform": tender.platform}
    )


@login_required
def tender_detail(request, pk):
    user = request.user
    tender = get_object_or_404(
        Tender.objects.visible_to(user).select_related("platform").prefetch_related("offers"), pk=pk
    )
    coordinates = can(user, "financing.change_tender", tender)
    enterprises = Enterprise.objects.filter(platform=tender.platform)
    if not coordinates:
        enterprises = enterprises.filter(pk__in=access.managed_enterprise_ids(user))
    fitting = [c for c in matching.enterprise_candidates(enterprises) if matching.tender_fits(tender, c)]
    responses = {r.enterprise_id: r for r in TenderResponse.objects.visible_to(user).filter(tender=tender)}
    for candidate in fitting:
        candidate.response = responses.get(candidate.obj.pk)
    return render(
        request,
        "financing/tender_detail.html",
        {"tender": tender, "fitting": fitting, "can_change": coordinates, "outcomes": TenderOutcome.choices},
    )


@login_required
@require_POST
def tender_respond(request, pk, slug):
    enterprise = _acting_enterprise(request.user, slug)
    tender = get_object_or_404(Tender.objects.visible_to(request.user), pk=pk)
    if tender.platform_id != enterprise.platform_id:
        raise Http404
    form = TenderOutcomeForm(request.POST)
    if form.is_valid():
        services.respond_to_tender(tender, enterprise, outcome=form.cleaned_data["outcome"], by=request.user)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect(tender)


# -- The buyer page ---------------------------------------------------------------------


def _buyer_page(request, enterprises, *, title, platform=None, region=None):
    kinds = list(OfferKind.objects.all())
    chosen = next((k for k in kinds if k.code == request.GET.get("erbjuder")), None)
    if chosen:
        enterprises = enterprises.filter(offers=chosen)
    page = BoundedPaginator(services.buyer_queryset(enterprises), 50).get_page(request.GET.get("page"))
    services.mark_ready(page.object_list)
    query = f"erbjuder={chosen.code}" if chosen else ""
    return render(
        request,
        "financing/buyers.html",
        {
            "title": title,
            "platform": platform,
            "region": region,
            "kinds": kinds,
            "chosen": chosen,
            "page": page,
            "query": query,
        },
    )


def buyers(request, slug):
    # Not cached: the page has the platform's colour, with a nonce (docs/architecture.md).
    platform = get_object_or_404(Platform.objects.public(), slug=slug)
    return _buyer_page(
        request,
        Enterprise.objects.filter(platform=platform),
        title=_("Buy from the social enterprises of %(platform)s") % {"platform": platform.name},
        platform=platform,
    )


@cache_public
def buyers_region(request, code):
    region = get_object_or_404(Region, code=code)
    return _buyer_page(
        request,
        Enterprise.objects.filter(municipality__region=region),
        title=_("Buy from the social enterprises of %(region)s") % {"region": region.name},
        region=region,
    )
