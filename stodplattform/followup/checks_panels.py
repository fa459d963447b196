"""What the sustainability check puts on each person's start page: one query per panel.

Panels are autodiscovered from ``panels.py`` only: ``followup/panels.py`` imports this module.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import CheckStatus, SustainabilityCheck

LIMIT = 20


@provides("start", order=46)
def checks_to_agree(request):
    """For coordinators: the checks their enterprises have sent for agreement."""
    platforms = access.platforms_with_role(request.user, {Role.COORDINATOR})
    if not platforms:
        return None
    waiting = list(
        SustainabilityCheck.objects.filter(
            enterprise__platform_id__in=platforms, status=CheckStatus.SUBMITTED
        )
        .select_related("enterprise")
        .order_by("updated_at", "pk")[:LIMIT]
    )
    return Panel(
        _("Sustainability checks to agree"),
        "followup/checks/panels/checks_to_agree.html",
        {"waiting": waiting},
        size="half",
    )


@provides("start", order=47)
def my_checks(request):
    """For managers: this year's check of each enterprise they manage, and where it stands."""
    managed = access.managed_enterprise_ids(request.user)
    if not managed:
        return None
    year = timezone.localdate().year
    check = SustainabilityCheck.objects.filter(enterprise=OuterRef("pk"), year=year)
    enterprises = list(
        Enterprise.objects.filter(pk__in=managed)
        .annotate(
            check_status=Subquery(check.values("status")[:1]),
            check_returned=Subquery(check.values("return_note")[:1]),
        )
        .order_by("name")[:LIMIT]
    )
    labels = dict(CheckStatus.choices)
    rows = [(e, labels.get(e.check_status)) for e in enterprises]
    return Panel(
        _("Sustainability check"),
        "followup/checks/panels/my_checks.html",
        {"rows": rows, "year": year},
        size="half",
    )
