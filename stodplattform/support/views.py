"""Support cases: the public form, the inboxes, the case page, time and the start-up pipeline.

Every case is reached through ``SupportCase.objects.known_to`` / ``visible_to`` (another
platform's or enterprise's case answers 404) and a capability from rules.py (403).
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.accounts.models import User
from stodplattform.core.actions import Action, action_bar
from stodplattform.core.addresses import addresses
from stodplattform.core.audit import describe, history_for
from stodplattform.core.exports import csv_response, xlsx_response
from stodplattform.core.forms import apply_errors, slug_in
from stodplattform.core.pagination import BoundedPaginator
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.forms import EnterpriseForm
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

from . import exporters
from .exporters import CASE_COLUMNS
from .forms import (
    AssignForm,
    CaseForm,
    EntryForm,
    InboxFilterForm,
    ProspectForm,
    StageForm,
    StatusForm,
    SupportRequestForm,
    TimeEntryForm,
)
from .models import CaseStatus, Category, Prospect, Stage, SupportCase, TimeCategory, TimeEntry
from .services import (
    add_case_to_pipeline,
    add_entry,
    assign_case,
    change_case_status,
    count_request_from,
    log_time,
    move_prospect,
    open_case,
    prospect_enterprise_initial,
    prospect_initial_from_case,
    register_prospect,
    save_case,
    save_prospect,
    submit_request,
)

PAGE_SIZE = 50
RECEIPT_KEY = "support_receipt"


# -- The public form ------------------------------------------------------------


def _client_address(request) -> str:
    # The address the sign-in limits use too: behind the proxy, the entry of X-Forwarded-For
    # that our proxy appended (ALLAUTH_TRUSTED_PROXY_COUNT, README), which a client cannot forge.
    try:
        return get_account_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def _over_limit(request) -> bool:
    """Count a request from this address within the hour; True past the limit."""
    return count_request_from(_client_address(request)) > settings.SUPPORT_REQUESTS_PER_HOUR


def request_support(request):
    """ "Få stöd": anyone asks for support; the request becomes a case at the platform of the municipality."""
    # "Har du en idé?" links here with the visitor's municipality already chosen (?kommun=2085).
    form = SupportRequestForm(
        request.POST or None, initial={"municipality": request.GET.get("kommun", "")[:4]}
    )
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            # Answer as for a person, save nothing.
            request.session[RECEIPT_KEY] = {"reference": "", "email": ""}
            return redirect("support-request-sent")
        if _over_limit(request):
            form.add_error(
                None, _("Too many requests from your connection in the last hour. Try again later.")
            )
        else:
            case = submit_request(
                data=form.cleaned_data, platform=form.platform, language=(get_language() or "sv")[:2]
            )
            request.session[RECEIPT_KEY] = {
                "reference": case.reference,
                "email": case.requester_email,
                "platform": case.platform.name,
                "contact": case.platform.contact_email,
            }
            return redirect("support-request-sent")
    return render(request, "support/request.html", {"form": form})


def request_sent(request):
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return redirect("support-request")
    return render(request, "support/request_sent.html", {"receipt": receipt})


# -- Inboxes --------------------------------------------------------------------


def _inbox_cases(user):
    return SupportCase.objects.visible_to(user).select_related(
        "platform", "assignee", "enterprise", "prospect"
    )


@login_required
def inbox(request):
    """All cases for coordinators; assigned ones for co-opted members; the enterprise's for managers;
    counts by category and status for steering members and observers."""
    user = request.user
    coordinated = access.coordinated_platforms(user)
    is_coordinator = user.is_superuser or coordinated.exists()
    cases = _inbox_cases(user)
    # The people of the platforms the person coordinates as a member, and for a superuser the one
    # a link asks for: a superuser's list of every platform's staff grew with the installation
    # (60 people at 30 platforms, a fifth of the page's time).
    staff = access.platforms_with_role(user, {Role.COORDINATOR})
    asked = request.GET.get("assignee", "")
    asked = [int(asked)] if user.is_superuser and asked.isdigit() and len(asked) < 10 else []
    assignees = User.objects.filter(
        Q(pk__in=access_staff_ids(staff) if staff else [user.pk]) | Q(pk__in=asked)
    ).order_by("full_name")
    form = InboxFilterForm(request.GET or None, assignees=assignees)
    # A superuser's cases concern every enterprise: looked for among all of them.
    concerned = None if user.is_superuser else cases.values("enterprise_id")
    filtered = form.apply(cases, concerned=concerned)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        if not is_coordinator:
            raise PermissionDenied
        respond = csv_response if export == "csv" else xlsx_response
        return respond("stodarenden", CASE_COLUMNS, filtered.iterator())
    # The page's ids first, chosen in the person's scope with the filters and the order (off the
    # indexes), then those rows by id alone: the scope again would make the database look for
    # them through it.
    rows = SupportCase.objects.listed()
    page = BoundedPaginator(filtered, PAGE_SIZE, rows=rows).get_page(request.GET.get("page"))
    # What each row shows, read once for the page: one reverse() and the category names.
    case_url, categories = addresses("support-case"), dict(Category.choices)
    for case in page.object_list:
        case.url, case.category_label = case_url(case.pk), categories.get(case.category, case.category)
    query = request.GET.copy()
    query.pop("page", None)
    counts = None
    if not is_coordinator and not page.paginator.count and not cases.exists():
        counts = _counts(user)
        if counts is None and not access.held_roles(user):
            raise PermissionDenied
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "is_coordinator": is_coordinator,
        "counts": counts,
        "can_log_time": user.is_superuser
        or bool(access.platforms_with_role(user, {Role.COORDINATOR, Role.COOPTED})),
        "today": timezone.localdate(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "support/inbox.html#results", context)
    return render(request, "support/inbox.html", context)


def access_staff_ids(platforms):
    from stodplattform.platforms.models import Membership

    return (
        Membership.objects.current()
        .filter(platform__in=platforms, role__in=[Role.COORDINATOR, Role.COOPTED])
        .values("user_id")
    )


def _counts(user):
    """Cases by category and status for the platforms the user may count; None if none."""
    platforms = [p for p in Platform.objects.member_of(user) if can(user, "support.view_case_counts", p)]
    if not platforms:
        return None
    rows = (
        SupportCase.objects.filter(platform__in=platforms)
        .order_by()
        .values_list("category", "status")
        .annotate(n=Count("pk"))
    )
    table = {c: dict.fromkeys(CaseStatus.values, 0) for c in Category.values}
    for category, status, n in rows:
        table[category][status] = n
    return {
        "platforms": platforms,
        "statuses": CaseStatus.choices,
        "rows": [
            (Category(c).label, [table[c][s] for s in CaseStatus.values], sum(table[c].values()))
            for c in table
        ],
        "totals": [sum(table[c][s] for c in table) for s in CaseStatus.values],
    }


@login_required
def counts(request):
    """Steering members, observers and coordinators: how many cases, by category and status."""
    data = _counts(request.user)
    if data is None:
        raise PermissionDenied
    return render(request, "support/counts.html", {"counts": data})


# -- One case -------------------------------------------------------------------


def _case(request, pk, perm="support.view_case") -> SupportCase:
    case = get_object_or_404(
        SupportCase.objects.known_to(request.user).select_related(
            "platform", "assignee", "enterprise", "prospect", "municipality"
        ),
        pk=pk,
    )
    require(request.user, perm, case)
    return case


def _case_page(request, case, *, entry_form=None, status_form=None, assign_form=None, status=200):
    user = request.user
    can_change = can(user, "support.change_case", case)
    can_assign = can(user, "support.assign_case", case)
    can_manage = can(user, "support.manage_cases", case.platform)
    entries = list(case.entries.select_related("author").order_by("-date", "-pk"))
    history = []
    if can_change:
        history = list(history_for(case, limit=30))
        for entry in history:
            entry.described = describe(entry)
    can_add_to_pipeline = (
        can_manage and not case.prospect_id and not case.enterprise_id and not case.purged_at
    )
    return render(
        request,
        "support/case.html",
        {
            "case": case,
            "actions": _case_actions(
                case,
                user,
                can_change=can_change and not case.purged_at,
                can_assign=can_assign and not case.purged_at,
                can_add_to_pipeline=can_add_to_pipeline,
            ),
            # A closed case is reopened from "More actions"; the form is back if that failed.
            "show_status_form": case.status != CaseStatus.CLOSED or status_form is not None,
            "entries": entries,
            "minutes": sum(e.minutes for e in entries),
            "can_change": can_change and not case.purged_at,
            "can_assign": can_assign and not case.purged_at,
            "entry_form": entry_form
            or (EntryForm(initial={"date": timezone.localdate()}) if can_change else None),
            "status_form": status_form or (StatusForm(case=case) if can_change else None),
            "assign_form": assign_form
            or (AssignForm(case=case, initial={"assignee": case.assignee_id}) if can_assign else None),
            "history": history,
            "can_view_pipeline": can_manage,
            "needs": [Category(c).label for c in case.needs if c in Category.values],
        },
        status=status,
    )


def _case_actions(case, user, *, can_change, can_assign, can_add_to_pipeline):
    """The next step on a case: take a new one nobody has, else log work; a closed one has none."""
    closed = case.status == CaseStatus.CLOSED
    take = None
    if (
        can_assign
        and not closed
        and case.assignee_id is None
        and access.has_platform_role(user, case.platform_id, {Role.COORDINATOR, Role.COOPTED})
    ):
        take = Action(
            _("Take the case"),
            reverse("support-case-assign", args=[case.pk]),
            post=True,
            fields=(("assignee", str(user.pk)),),
            key="take-case",
        )
    log = Action(_("Log work"), "#entry-heading") if can_change and not closed else None
    return action_bar(
        [
            log,
            Action(_("Edit the case"), reverse("support-case-edit", args=[case.pk])) if can_change else None,
            Action(
                _("Add to the start-up pipeline"),
                reverse("support-case-to-pipeline", args=[case.pk]),
                key="case-to-pipeline",
            )
            if can_add_to_pipeline
            else None,
            Action(
                _("Reopen the case"),
                reverse("support-case-status", args=[case.pk]),
                post=True,
                fields=(("status", CaseStatus.OPEN.value),),
                key="reopen-case",
            )
            if can_change and closed
            else None,
        ],
        primary=take or log,
    )


@login_required
def case_detail(request, pk):
    return _case_page(request, _case(request, pk))


@login_required
@require_POST
def case_entry(request, pk):
    case = _case(request, pk, "support.change_case")
    if case.purged_at:
        raise PermissionDenied
    form = EntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page(request, case, entry_form=form)
    add_entry(case, form, by=request.user)
    messages.success(request, _("The entry was saved."))
    return redirect(case)


@login_required
@require_POST
def case_status(request, pk):
    case = _case(request, pk, "support.change_case")
    form = StatusForm(request.POST, case=case)
    if form.is_valid():
        try:
            change_case_status(
                case,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(case)
    return _case_page(request, case, status_form=form)


@login_required
@require_POST
def case_assign(request, pk):
    case = _case(request, pk, "support.assign_case")
    form = AssignForm(request.POST, case=case)
    if form.is_valid():
        try:
            assign_case(case, assignee=form.cleaned_data["assignee"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assignee was changed."))
            return redirect(case)
    return _case_page(request, case, assign_form=form)


@login_required
def attachment(request, pk, entry_pk):
    """An entry's attachment, for those who may read the case; never from a public URL."""
    case = _case(request, pk)
    entry = get_object_or_404(case.entries.exclude(attachment=""), pk=entry_pk)
    try:
        handle = entry.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=entry.attachment_name or "bilaga")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_create(request):
    """Coordinators open a case for their platform; managers for their own enterprise."""
    user = request.user
    coordinated, managed = access.coordinated_platforms(user), access.managed_enterprise_ids(user)
    staff = user.is_superuser or coordinated.exists()
    if not staff and not managed:
        raise PermissionDenied
    if staff:
        enterprises = Enterprise.objects.filter(platform__in=coordinated).order_by("name")
        prospects = Prospect.objects.visible_to(user).filter(enterprise__isnull=True)
    else:
        enterprises = Enterprise.objects.filter(pk__in=managed).order_by("name")
        prospects = None
    chosen = enterprises.filter(slug=slug_in(request.GET, name="enterprise")).first()
    # Another page may start a case with a link (e.g. a sustainability check's weakest area).
    category = request.GET.get("category")
    form = CaseForm(
        request.POST or None,
        enterprises=enterprises,
        prospects=prospects,
        manager=not staff,
        initial={
            "enterprise": chosen,
            "category": category if category in Category.values else (Category.OTHER if not staff else None),
            "title": request.GET.get("title", "")[:200],
        },
    )
    platforms = list(coordinated) if staff else []
    platform_choice = None
    if staff:
        platform_choice = next((p for p in platforms if p.slug == request.POST.get("platform")), None) or (
            platforms[0] if platforms else None
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = data.get("enterprise")
        prospect = data.get("prospect")
        platform = enterprise.platform if enterprise else prospect.platform if prospect else platform_choice
        if platform is None:
            form.add_error("enterprise", _("Choose the enterprise the case concerns."))
        else:
            case = open_case(
                platform=platform,
                by=user,
                source="staff" if staff else "manager",
                assignee=user
                if staff and access.has_platform_role(user, platform.pk, {Role.COORDINATOR})
                else None,
                status=CaseStatus.OPEN if staff else CaseStatus.NEW,
                **data,
            )
            messages.success(request, _("Case %(reference)s was opened.") % {"reference": case.reference})
            return redirect(case)
    return render(
        request,
        "support/case_form.html",
        {
            "form": form,
            "creating": True,
            "platforms": platforms if len(platforms) > 1 else [],
            "chosen": platform_choice,
        },
    )


@login_required
def case_edit(request, pk):
    case = _case(request, pk, "support.change_case")
    if case.purged_at:
        raise PermissionDenied
    form = CaseForm(
        request.POST or None,
        instance=case,
        enterprises=Enterprise.objects.filter(platform=case.platform).order_by("name"),
        prospects=Prospect.objects.filter(platform=case.platform),
    )
    if request.method == "POST" and form.is_valid():
        save_case(form, by=request.user)
        messages.success(request, _("The changes were saved."))
        return redirect(case)
    return render(request, "support/case_form.html", {"form": form, "case": case})


# -- Time outside cases ---------------------------------------------------------


@login_required
def time(request):
    """Time for platform work outside cases (network meetings, administration, outreach)."""
    user = request.user
    if user.is_superuser:
        platforms = Platform.objects.all()
    else:
        platforms = Platform.objects.filter(
            pk__in=access.platforms_with_role(user, {Role.COORDINATOR, Role.COOPTED})
        )
    if not platforms.exists():
        raise PermissionDenied
    form = TimeEntryForm(request.POST or None, platforms=platforms, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        log_time(form, by=user)
        messages.success(request, _("The time was logged."))
        return redirect("support-time")
    visible = TimeEntry.objects.visible_to(user)
    years = sorted(
        {d.year for d in visible.dates("date", "year")} | {timezone.localdate().year}, reverse=True
    )
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if year not in years:
        year = timezone.localdate().year
    entries = visible.filter(date__year=year).select_related("platform", "person")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exporters.time_response(entries.order_by("date", "pk"), fmt, f"tid-utanfor-arenden-{year}")
    totals = list(entries.order_by().values("category").annotate(minutes=Sum("minutes")).order_by("category"))
    for row in totals:
        row["label"] = TimeCategory(row["category"]).label
    return render(
        request,
        "support/time.html",
        {
            "form": form,
            "entries": entries.order_by("-date", "-pk")[:50],
            "totals": totals,
            "total": sum(row["minutes"] for row in totals),
            "year": year,
            "years": years,
        },
    )


# -- Start-up pipeline ----------------------------------------------------------


def _pipeline_platform(request):
    platforms = access.coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied
    return (
        platforms.filter(slug=slug_in(request.GET, name="platform")).first()
        or platforms.order_by("name").first()
    )


@login_required
def pipeline(request):
    platform = _pipeline_platform(request)
    prospects = (
        Prospect.objects.visible_to(request.user)
        .filter(platform=platform)
        .select_related("municipality", "enterprise")
        .prefetch_related(
            Prefetch(
                "cases", queryset=SupportCase.objects.only("pk", "reference", "prospect_id").order_by("pk")
            )
        )
        .annotate(open_cases=Count("cases", filter=~Q(cases__status=CaseStatus.CLOSED)))
        .order_by("name")
    )
    columns = {stage: [] for stage in Stage.values}
    for prospect in prospects:
        columns[prospect.stage].append(prospect)
    return render(
        request,
        "support/pipeline.html",
        {
            "platform": platform,
            "columns": [(Stage(s).label, s, columns[s]) for s in Stage.values],
            "stages": Stage.choices,
        },
    )


@login_required
def case_to_pipeline(request, pk):
    """ "Lägg till bland nya företag på väg": the prospect's form filled from the case; saving links both ways."""
    case = _case(request, pk)
    require(request.user, "support.manage_cases", case.platform)
    if case.prospect_id or case.enterprise_id or case.purged_at:
        messages.info(request, _("The case already concerns a prospect or an enterprise."))
        return redirect(case)
    form = ProspectForm(
        request.POST or None, platform=case.platform, initial=prospect_initial_from_case(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            prospect = add_case_to_pipeline(case, form, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added to the pipeline.") % {"name": prospect.name})
            return redirect(case)
    return render(
        request, "support/prospect_form.html", {"form": form, "platform": case.platform, "case": case}
    )


@login_required
def prospect_create(request):
    platform = _pipeline_platform(request)
    form = ProspectForm(request.POST or None, platform=platform)
    if request.method == "POST" and form.is_valid():
        prospect = save_prospect(form, platform=platform, by=request.user)
        messages.success(request, _("%(name)s was added to the pipeline.") % {"name": prospect.name})
        return redirect(f"{reverse('support-pipeline')}?platform={platform.slug}")
    return render(request, "support/prospect_form.html", {"form": form, "platform": platform})


@login_required
@require_POST
def prospect_stage(request, pk):
    prospect = get_object_or_404(Prospect.objects.visible_to(request.user), pk=pk)
    require(request.user, "support.manage_cases", prospect.platform)
    form = StageForm(request.POST)
    if form.is_valid():
        move_prospect(prospect, stage=form.cleaned_data["stage"], by=request.user)
        messages.success(
            request,
            _("%(name)s moved to %(stage)s.")
            % {"name": prospect.name, "stage": Stage(form.cleaned_data["stage"]).label},
        )
    else:
        messages.error(request, _("Choose a stage from the list."))
    return redirect(f"{reverse('support-pipeline')}?platform={prospect.platform.slug}")


@login_required
def prospect_register(request, pk):
    """Register the prospect as an enterprise (the registry's form); its cases follow."""
    prospect = get_object_or_404(
        Prospect.objects.visible_to(request.user).select_related("platform", "municipality"), pk=pk
    )
    require(request.user, "support.manage_cases", prospect.platform)
    if prospect.enterprise_id:
        return redirect(prospect.enterprise)
    platforms = access.coordinated_platforms(request.user)

    def make_form(retry=False, random_slug=False):
        form = EnterpriseForm(
            request.POST or None,
            platforms=platforms,
            initial=prospect_enterprise_initial(prospect),
            random_slug=random_slug,
        )
        # What it offers the public sector is chosen later, on the enterprise's own edit page.
        form.fields.pop("offers", None)
        return form

    if request.method != "POST":
        return render(request, "support/prospect_register.html", {"form": make_form(), "prospect": prospect})
    enterprise, form = register_prospect(prospect, make_form, by=request.user)
    if enterprise is None:
        return render(request, "support/prospect_register.html", {"form": form, "prospect": prospect})
    messages.success(request, _("%(name)s was added to the registry.") % {"name": enterprise.name})
    return redirect(enterprise)
