"""The reporting capabilities (django-rules, autodiscovered), from the predicates in platforms.access.

* a platform's dashboard: its coordinators (exact counts), steering members and observers
  (small person counts suppressed, no confidential content);
* an enterprise's figures over the years: its managers and its platform's coordinators.
"""

import rules

from stodplattform.platforms import access
from stodplattform.platforms.access import (
    coordinates_platform,
    coordinates_platform_of,
    is_superuser,
    manages_enterprise,
)
from stodplattform.platforms.models import Role


@rules.predicate
def sees_platform_figures(user, platform):
    return platform is not None and (
        access.has_platform_role(user, platform.pk, {Role.COORDINATOR, Role.STEERING, Role.OBSERVER})
        or platform.pk in access.observed_platforms(user)
    )


rules.add_perm("reporting.view_dashboard", is_superuser | sees_platform_figures)
# Exact counts: the platform's own coordinators (and operations).
rules.add_perm("reporting.see_exact_counts", is_superuser | coordinates_platform)
rules.add_perm(
    "reporting.view_enterprise_figures", is_superuser | manages_enterprise | coordinates_platform_of
)
# The yearly report to the funder: written and downloaded by the platform's coordinators.
rules.add_perm("reporting.write_report", is_superuser | coordinates_platform)
