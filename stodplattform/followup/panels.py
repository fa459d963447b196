"""What the key figures put on each person's start page, with a bounded number of queries."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Role

from . import services
from .models import FiguresDueDate, FigureStatus, KeyFigures

LIMIT = 10


@provides("start", order=45)
def manager_figures(request):
    """For managers: last year's figures, when they are due and whether they are in (3 queries)."""
    managed = access.managed_enterprise_ids(request.user)
    if not managed:
        return None
    year = services.last_year()
    enterprises = list(
        Enterprise.objects.filter(pk__in=managed, status__in=services.REPORTING_STATUSES)
        .filter(Q(year_founded__isnull=True) | Q(year_founded__lte=year))
        .order_by("name")[:LIMIT]
    )
    if not enterprises:
        return None
    found = {
        f.enterprise_id: f
        for f in KeyFigures.objects.filter(enterprise__in=enterprises, year=year).only(
            "pk", "enterprise_id", "year", "status"
        )
    }
    due_dates = {
        d.platform_id: d
        for d in FiguresDueDate.objects.filter(platform_id__in={e.platform_id for e in enterprises})
    }
    today = timezone.localdate()
    rows = []
    for enterprise in enterprises:
        due = services.due_date(enterprise.platform_id, year, due_dates=due_dates)
        figures = found.get(enterprise.pk)
        missing = figures is None or figures.status == FigureStatus.DRAFT
        rows.append(
            {
                "enterprise": enterprise,
                "figures": figures,
                "due": due,
                "missing": missing,
                "overdue": missing and today > due,
            }
        )
    return Panel(
        _("Key figures"),
        "followup/panels/key_figures_due.html",
        {"rows": rows, "year": year, "urgent_rows": any(r["missing"] for r in rows)},
        size="half",
    )


@provides("start", order=46)
def coordinator_figures(request):
    """For coordinators: per platform, the figures to check and last year's that are missing (1 query)."""
    platform_ids = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not platform_ids:
        return None
    year = services.last_year()
    reported = KeyFigures.objects.filter(enterprise=OuterRef("pk"), year=year).exclude(
        status=FigureStatus.DRAFT
    )
    missing_ids = (
        Enterprise.objects.filter(platform=OuterRef("pk"), status__in=services.REPORTING_STATUSES)
        .filter(Q(year_founded__isnull=True) | Q(year_founded__lte=year))
        .exclude(Exists(reported))
    )
    to_check = KeyFigures.objects.filter(enterprise__platform=OuterRef("pk"), status=FigureStatus.SUBMITTED)
    # Both counted in subqueries: a join for one would run the other once per joined row (5 000
    # enterprises: 103 ms against 2.6 ms).
    platforms = list(
        Platform.objects.filter(pk__in=platform_ids)
        .annotate(
            to_check=_subquery_count(to_check, "enterprise__platform"),
            missing=_subquery_count(missing_ids),
        )
        .order_by("name")
    )
    return Panel(
        _("Key figures to check"),
        "followup/panels/key_figures_to_check.html",
        {"platforms": platforms, "year": year},
        size="half",
    )


def _subquery_count(queryset, platform="platform"):
    counted = queryset.order_by().values(platform).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The sustainability check's panels live beside its views; importing registers them.
from . import checks_panels  # noqa: E402, F401
