"""What support cases put on each person's start page: what needs their attention."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import CaseStatus, SupportCase

LIMIT = 10


@provides("start", order=25)
def support_cases(request):
    user = request.user
    roles = access.held_roles(user)
    coordinator = user.is_superuser or Role.COORDINATOR in roles
    managed = access.managed_enterprise_ids(user)
    visible = SupportCase.objects.visible_to(user)
    today = timezone.localdate()
    cases = visible.select_related("enterprise", "prospect", "assignee")
    if coordinator or Role.COOPTED in roles or managed:
        mine = (
            Q(assignee=user)
            if not managed or coordinator
            else Q(assignee=user) | Q(enterprise_id__in=managed)
        )
        summary = visible.aggregate(
            new=Count("pk", filter=Q(status=CaseStatus.NEW)),
            overdue=Count("pk", filter=~Q(status=CaseStatus.CLOSED) & Q(due_on__lt=today)),
            mine=Count("pk", filter=mine & ~Q(status=CaseStatus.CLOSED)),
        )
        # One query for the lists: the person's open cases first (soonest due first), then the new
        # requests that coordinators pick from.
        wanted = mine & ~Q(status=CaseStatus.CLOSED)
        if coordinator:
            wanted |= Q(status=CaseStatus.NEW)
        rows = list(
            cases.filter(wanted)
            .annotate(is_mine=ExpressionWrapper(mine, output_field=BooleanField()))
            .order_by("-is_mine", F("due_on").asc(nulls_last=True), "-opened_on", "-pk")[: LIMIT * 4]
        )
        open_mine = [c for c in rows if c.is_mine][:LIMIT]
        overdue = [c for c in open_mine if c.is_overdue]
        new = sorted(
            (c for c in rows if coordinator and c.status == CaseStatus.NEW),
            key=lambda c: (c.opened_on, c.pk),
            reverse=True,
        )[:LIMIT]
        if managed and not coordinator and Role.COOPTED not in roles:
            title = _("Your enterprise's support cases")
        elif coordinator:
            title = _("Support cases")
        else:
            title = _("Your support cases")
        return Panel(
            title,
            "support/panels/support_cases.html",
            {
                "summary": summary,
                "new": new,
                "open_mine": open_mine,
                "overdue": overdue,
                "coordinator": coordinator,
                "manager": bool(managed),
                "can_log_time": coordinator or Role.COOPTED in roles,
            },
        )
    if roles & {Role.STEERING, Role.OBSERVER}:
        counts = dict(
            SupportCase.objects.countable_by(user).order_by().values_list("status").annotate(n=Count("pk"))
        )
        return Panel(
            _("Support cases"),
            "support/panels/support_counts.html",
            {"counts": [(label, counts.get(value, 0)) for value, label in CaseStatus.choices]},
            size="half",
        )
    return None
