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

from .models import CheckStatus


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


# -- The sustainability check and the import -------------------------------------------
# Which checks a person sees at all is SustainabilityCheck.objects.visible_to (404 outside
# it): the enterprise's managers and its platform's coordinators, as for the figures.


@rules.predicate
def coordinates_platform_of_check(user, check):
    return check is not None and access.has_platform_role(
        user, check.enterprise.platform_id, {Role.COORDINATOR}
    )


@rules.predicate
def manages_enterprise_of_check(user, check):
    return check is not None and check.enterprise_id in access.managed_enterprise_ids(user)


@rules.predicate
def is_draft(user, check):
    return check is not None and check.status == CheckStatus.DRAFT


@rules.predicate
def is_submitted(user, check):
    return check is not None and check.status == CheckStatus.SUBMITTED


@rules.predicate
def coordinates_a_platform(user):
    return Role.COORDINATOR in access.held_roles(user)


rules.add_perm("followup.list_checks", is_superuser | works_with_figures)
rules.add_perm("followup.view_checks", is_superuser | coordinates_platform_of | manages_enterprise)
rules.add_perm("followup.add_check", is_superuser | coordinates_platform_of | manages_enterprise)
# A draft is filled in and sent by either; the coordinator agrees it or sends it back.
rules.add_perm(
    "followup.change_check",
    (is_superuser | coordinates_platform_of_check | manages_enterprise_of_check) & is_draft,
)
rules.add_perm("followup.agree_check", (is_superuser | coordinates_platform_of_check) & is_submitted)
# Key figures from a spreadsheet: coordinators, for their own platforms' enterprises.
rules.add_perm("followup.import_key_figures", is_superuser | coordinates_a_platform)
