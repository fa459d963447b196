"""Demo data of reporting: a regional observer for Dalarna (a region-wide role, not a
membership per platform) and the coordinator's part of last year's report (an example)."""

from decimal import Decimal

from django.utils import timezone

from stodplattform.accounts.demo import user
from stodplattform.platforms.models import Region, RegionalRole

from .models import FunderReport

LOGINS = [("Länsuppföljare / regional observer", "lansuppfoljare@example.org")]


def load(context: dict) -> None:
    observer = user("lansuppfoljare", "Länsuppföljare, Dalarna (demo)")
    RegionalRole.objects.create(
        region=Region.objects.get(code="20"),
        user=observer,
        role=RegionalRole.Kind.OBSERVER,
        organisation="Region Dalarna (exempel)",
    )
    platform = context.get("platform")
    if platform is not None:
        FunderReport.objects.create(
            platform=platform,
            year=timezone.localdate().year - 1,
            staff_hours=Decimal("1480.0"),
            staff_cost=Decimal("690000.00"),
            other_costs=Decimal("85000.00"),
            people_planned_women=18,
            people_planned_men=16,
            people_planned_other=6,
            text=(
                "Exempeltext: Under året har plattformen stöttat de sociala företagen med finansiering, "
                "affärsutveckling och handledarstöd. Nätverksträffarna har hållits varje månad."
            ),
        )
