"""What support cases put on each person's start page: what needs their attention."""

from django.db.models import BooleanField, Case, Count, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import CaseStatus, SupportCase

LIMIT = 10


@provides("start", order=10)
def support_cases(request):
    user = request.user
    roles = access.held_roles(user)
    coordinator = user.is_superuser or Role.COORDINATOR in roles
    managed = access.managed_enterprise_ids(user)
    visible = SupportCase.objects.visible_to(user)
    today = timezone.localdate()
    cases = visible.listed()
    # The rows of cases whose ids were chosen in the scope already (below): by id alone.
    rows = SupportCase.objects.listed()
    if coordinator or Role.COOPTED in roles or managed:
        mine = (
            Q(assignee=user)
            if not managed or coordinator
            else Q(assignee=user) | Q(enterprise_id__in=managed)
        )
        if user.is_superuser:
            # Every case is in scope: each count apart, off an index on status
            # (support_case_status_*); one aggregate read all 200 000 cases of a national platform.
            open_cases = visible.active()
            summary = {
                "new": visible.filter(status=CaseStatus.NEW).count(),
                "overdue": open_cases.filter(due_on__lt=today).count(),
                "mine": open_cases.filter(mine).count(),
            }
        else:
            # A person's scope (platforms, assignments, enterprises) is read off its own indexes
            # in one pass; SQLite would count by status over every platform's cases instead.
            # Of the open cases only (named by status, off the indexes on platform or assignee
            # and status): the closed ones, most of a platform's, are not read.
            summary = visible.active().aggregate(
                new=Count("pk", filter=Q(status=CaseStatus.NEW)),
                overdue=Count("pk", filter=Q(due_on__lt=today)),
                mine=Count("pk", filter=mine),
            )
        # The person's open cases, soonest due first; the new requests that coordinators pick from;
        # the overdue ones. Each case is listed once: the lists below "action today" leave out
        # what an action list above already shows.
        # Picked by id first too (below): sorted with their joined rows, a coordinator's 2 300
        # assigned open cases were each joined before ten were kept (5.3 ms; 1.6 so).
        soonest_due = (F("due_on").asc(nulls_last=True), "-opened_on", "-pk")
        open_mine = list(
            rows.filter(
                pk__in=visible.active().filter(mine).order_by(*soonest_due).values("pk")[:LIMIT]
            ).order_by(*soonest_due)
        )
        new = (
            list(cases.filter(status=CaseStatus.NEW).order_by("-opened_on", "-pk")[:LIMIT])
            if coordinator
            else []
        )
        # The soonest due picked by id first, then read with what they show: sorted together with
        # their joined rows, SQLite joined every overdue case of the scope before sorting them
        # (65 ms for a coordinator, 128 ms for the superuser at 200 000 cases). For a person's
        # scope, "due before today" is an expression rather than a condition on the column, so that
        # SQLite (which has no statistics here) reads the scope's open cases off the platform,
        # assignee and enterprise indexes instead of every platform's overdue cases off
        # (status, due_on): a manager's 61 ms become 2. The superuser's scope is every case.
        late = visible.active()
        if user.is_superuser:
            late = late.filter(due_on__lt=today)
        else:
            late = late.alias(
                late=Case(When(due_on__lt=today, then=True), default=False, output_field=BooleanField())
            ).filter(late=True)
        soonest = late.order_by("due_on", "pk").values("pk")[:LIMIT]
        overdue = list(rows.filter(pk__in=soonest).order_by("due_on", "pk")) if summary["overdue"] else []
        listed = {c.pk for c in new} | {c.pk for c in overdue}
        open_mine = [c for c in open_mine if c.pk not in listed]
        if managed and not coordinator and Role.COOPTED not in roles:
            title = _("Your enterprise's support cases")
        elif coordinator:
            title = _("Your open cases")
        else:
            title = _("Your support cases")
        inbox = reverse("support-inbox")
        panels = []
        if coordinator:
            panels.append(
                Panel(
                    _("New requests"),
                    "support/panels/case_list.html",
                    {
                        "cases": new,
                        "count": summary["new"],
                        "urgent": True,
                        "all_url": f"{inbox}?status={CaseStatus.NEW}",
                        "empty": _("No new requests."),
                    },
                    order=10,
                    size="half",
                    key="new-requests",
                )
            )
        if coordinator or overdue:
            panels.append(
                Panel(
                    _("Overdue cases"),
                    "support/panels/case_list.html",
                    {
                        "cases": overdue,
                        "count": summary["overdue"],
                        "urgent": True,
                        "all_url": f"{inbox}?overdue=on&sort=due",
                        "empty": _("No case is overdue."),
                    },
                    order=12,
                    size="half",
                    key="overdue-cases",
                )
            )
        panels.append(
            Panel(
                title,
                "support/panels/support_cases.html",
                {
                    "count": summary["mine"],
                    "all_url": inbox,
                    "open_mine": open_mine,
                    "coordinator": coordinator,
                    "manager": bool(managed),
                    "can_log_time": coordinator or Role.COOPTED in roles,
                },
                order=30,
            )
        )
        return panels
    if roles & {Role.STEERING, Role.OBSERVER}:
        # Each status counted apart, off the index on (platform, status): an observer of every
        # platform counts all 200 000 cases, and one count grouped by status sorted them
        # (63 ms against 10 for the four).
        countable = SupportCase.objects.countable_by(user)
        return Panel(
            _("Support cases"),
            "support/panels/support_counts.html",
            {
                "counts": [
                    (label, countable.filter(status=value).count()) for value, label in CaseStatus.choices
                ]
            },
            order=46,
            size="half",
        )
    return None
