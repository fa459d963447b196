"""What interventions put on each person's start page, with a bounded number of queries."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

from . import services
from .models import Budget, Expense, ExpenseStatus, Intervention, Status

LIMIT = 20
# Rows of one list among the start page's "action today"; "show all" has the rest.
PANEL_ROWS = 8


def _rows(queryset):
    return list(queryset.select_related("platform").order_by("ends_on", "pk")[:LIMIT])


@provides("start", order=16)
def coordinator_work(request):
    """For coordinators: submitted applications to prepare, reports that are due, reports to close,
    one list each with its count (the start page's "action today").

    Two queries: the start page is shared by every capability and must stay cheap.
    """
    platforms = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not platforms:
        return None
    today = timezone.localdate()
    due = Q(status__in=[Status.APPROVED, Status.IN_PROGRESS], ends_on__lt=today)
    awaiting = Expense.objects.filter(intervention=OuterRef("pk"), status=ExpenseStatus.SUBMITTED)
    mine = Intervention.objects.filter(platform_id__in=platforms).annotate(
        expense_to_approve=Exists(awaiting)
    )
    counts = mine.aggregate(
        to_prepare=Count("pk", filter=Q(status=Status.SUBMITTED)),
        reports_due=Count("pk", filter=due),
        to_close=Count("pk", filter=Q(status=Status.REPORTED)),
        expenses=Count("pk", filter=Q(expense_to_approve=True)),
    )
    # What the lists show (interventions/panels/_list.html) and sort them by, not whole rows with
    # their platforms (80 of them; a coordinator's start page 89.3 -> 88.0 ms, SQLite).
    rows = list(
        mine.filter(Q(status__in=[Status.SUBMITTED, Status.REPORTED]) | due | Q(expense_to_approve=True))
        .only("title", "requested_amount", "ends_on", "status")
        .order_by("ends_on", "pk")[: LIMIT * 4]
    )
    url = reverse("interventions-list")
    lists = [
        (
            16,
            "to-prepare",
            _("Applications to prepare"),
            [i for i in rows if i.status == Status.SUBMITTED],
            counts["to_prepare"],
            f"{url}?status={Status.SUBMITTED}",
            False,
        ),
        (
            18,
            "reports-due",
            _("Reports due"),
            [i for i in rows if i.report_due],
            counts["reports_due"],
            url,
            True,
        ),
    ]
    if counts["expenses"]:
        lists.append(
            (
                17,
                "expenses-to-approve",
                _("Expenses to approve"),
                [i for i in rows if i.expense_to_approve],
                counts["expenses"],
                url,
                False,
            )
        )
    if counts["to_close"]:
        lists.append(
            (
                20,
                "to-close",
                _("Reported, to close"),
                [i for i in rows if i.status == Status.REPORTED],
                counts["to_close"],
                f"{url}?status={Status.REPORTED}",
                False,
            )
        )
    return [
        Panel(
            title,
            "interventions/panels/to_handle.html",
            {
                "items": items[:PANEL_ROWS],
                "count": count,
                "all_url": all_url,
                "show_end": show_end,
                "new_url": reverse("interventions-create") if key == "to-prepare" else "",
            },
            order=order,
            size="half",
            key=key,
        )
        for order, key, title, items, count, all_url, show_end in lists
    ]


@provides("start", order=22)
def steering_decisions(request):
    """For steering members: prepared interventions awaiting the group's decision."""
    platforms = access.platforms_with_role(request.user, {Role.STEERING})
    if not platforms:
        return None
    return Panel(
        _("Interventions awaiting decision"),
        "interventions/panels/awaiting_decision.html",
        {"awaiting": _rows(Intervention.objects.filter(platform_id__in=platforms, status=Status.PREPARED))},
        size="half",
    )


@provides("start", order=24)
def my_applications(request):
    """For managers: their enterprises' applications and the reports they owe."""
    if not access.managed_enterprise_ids(request.user):
        return None
    platforms = set(access.platforms_with_role(request.user, {Role.COORDINATOR, Role.STEERING}))
    mine = Intervention.objects.visible_to(request.user).exclude(platform_id__in=platforms)
    return Panel(
        _("Your applications for interventions"),
        "interventions/panels/my_applications.html",
        {
            "applications": list(
                mine.exclude(status__in=[Status.CLOSED, Status.CANCELLED, Status.REJECTED])
                .select_related("platform")
                .order_by("-created_at", "-pk")[:LIMIT]
            ),
            "reports_due": _rows(mine.report_due()),
        },
        size="half",
    )


@provides("start", order=45)
def budget_sums(request):
    """For observers (and steering members): this year's budget sums of their platforms."""
    platforms = access.platforms_with_role(request.user, {Role.OBSERVER, Role.STEERING})
    if not platforms:
        return None
    year = timezone.localdate().year
    budgets = list(
        Budget.objects.filter(platform_id__in=platforms, year=year)
        .select_related("platform")
        .order_by("platform__name")[:10]
    )
    totals = services.budget_totals(budgets)
    return Panel(
        _("Budget for targeted interventions %(year)s") % {"year": year},
        "interventions/panels/budget_sums.html",
        {
            "budgets": [(b, totals[b.pk]) for b in budgets],
            "platforms": list(Platform.objects.filter(pk__in=platforms).order_by("name")),
            "year": year,
        },
        size="half",
    )
