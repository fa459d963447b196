"""The key figures' capabilities (django-rules, autodiscovered), from the predicates in platforms.access.

The object is the enterprise (figures) or the platform (overview, due date). Steering members,
co-opted members and observers hold none of them: they see sums, never one enterprise's counts.
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
def works_with_figures(user):
    """Manages an enterprise or coordinates a platform somewhere."""
    return bool(access.held_roles(user) & {Role.COORDINATOR, Role.MANAGER})


# The list of key figures (what is in it comes from KeyFigures.objects.visible_to).
rules.add_perm("followup.list_key_figures", is_superuser | works_with_figures)
# See and enter an enterprise's figures: its managers and its platform's coordinators.
rules.add_perm("followup.view_key_figures", is_superuser | manages_enterprise | coordinates_platform_of)
rules.add_perm("followup.change_key_figures", is_superuser | manages_enterprise | coordinates_platform_of)
# Mark a year's figures checked, or open a checked year again: the platform's coordinators.
rules.add_perm("followup.check_key_figures", is_superuser | coordinates_platform_of)
# The platform's overview of every enterprise and year, and the day the figures are due.
rules.add_perm("followup.view_figures_overview", is_superuser | coordinates_platform)
rules.add_perm("followup.set_figures_due_date", is_superuser | coordinates_platform)
