"""What reporting puts on the start page: the coordinator's report of the year, the figures of
the platforms a person steers or observes, and the county view for regional observers.

No figure is computed here (the start page stays cheap): links only, from the cached roles
and one query for the platforms' names.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.panels import Panel, provides
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform, Region, RegionalRole, Role


@provides("start", order=60)
def figures_and_reports(request):
    user = request.user
    coordinated = access.platforms_with_role(user, {Role.COORDINATOR})
    figures_of = set(access.platforms_with_role(user, {Role.COORDINATOR, Role.STEERING, Role.OBSERVER}))
    regions = access.regions_with_role(user, {RegionalRole.Kind.OBSERVER})
    if not figures_of and not regions:
        return None
    platforms = list(Platform.objects.filter(pk__in=figures_of).order_by("name").only("pk", "name", "slug"))
    return Panel(
        _("Figures and reports"),
        "reporting/panels/figures.html",
        {
            "year": timezone.localdate().year,
            "platforms": platforms,
            "coordinated": set(coordinated),
            "regions": list(Region.objects.filter(pk__in=regions)) if regions else [],
        },
        size="half",
    )
