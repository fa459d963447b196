"""The interventions' capabilities (django-rules, autodiscovered), from the predicates in platforms.access."""

import rules

from stodplattform.platforms import access
from stodplattform.platforms.access import (
    coordinates_platform,
    coordinates_platform_of,
    is_superuser,
    steers_platform_of,
)
from stodplattform.platforms.models import Role


@rules.predicate
def sees_platform_sums(user, platform):
    """Coordinators, steering members and regional observers see the budget's sums."""
    return platform is not None and access.has_platform_role(
        user, platform.pk, {Role.COORDINATOR, Role.STEERING, Role.OBSERVER}
    )


@rules.predicate
def manages_an_enterprise_of(user, intervention):
    """Manages one of the enterprises the intervention serves."""
    if intervention is None:
        return False
    ids = getattr(intervention, "_enterprise_ids", None)
    if ids is None:
        ids = set(intervention.enterprises.values_list("pk", flat=True))
        intervention._enterprise_ids = ids
    return bool(ids & access.managed_enterprise_ids(user))


@rules.predicate
def before_preparation(user, intervention):
    return intervention is not None and intervention.status in ("draft", "submitted")


@rules.predicate
def works_with_interventions(user):
    """Applies for, prepares or decides on interventions somewhere."""
    return bool(access.held_roles(user) & {Role.COORDINATOR, Role.STEERING, Role.MANAGER})


@rules.predicate
def may_apply(user):
    return bool(access.held_roles(user) & {Role.COORDINATOR, Role.MANAGER})


# The budget: its sums for coordinators, steering members and observers; set by coordinators.
rules.add_perm("interventions.view_budget", is_superuser | sees_platform_sums)
rules.add_perm("interventions.manage_budget", is_superuser | coordinates_platform)
# The list of interventions (what is in it comes from Intervention.objects.visible_to).
rules.add_perm("interventions.list_interventions", is_superuser | works_with_interventions)
rules.add_perm("interventions.add_intervention", is_superuser | may_apply)
rules.add_perm(
    "interventions.view_intervention",
    is_superuser | coordinates_platform_of | steers_platform_of | manages_an_enterprise_of,
)
# The applicant changes, submits, attaches and reports; the coordinator can do it for anyone.
rules.add_perm(
    "interventions.change_intervention",
    is_superuser | coordinates_platform_of | (manages_an_enterprise_of & before_preparation),
)
rules.add_perm(
    "interventions.report_intervention", is_superuser | coordinates_platform_of | manages_an_enterprise_of
)
rules.add_perm("interventions.prepare_intervention", is_superuser | coordinates_platform_of)
# The steering group decides; the coordinator may record the group's decision too.
rules.add_perm(
    "interventions.decide_intervention", is_superuser | steers_platform_of | coordinates_platform_of
)
# Expenses: the coordinator records them (approved at once); a manager of an enterprise it
# serves submits them with the receipt, for the coordinator to approve or reject.
rules.add_perm(
    "interventions.record_expense", is_superuser | coordinates_platform_of | manages_an_enterprise_of
)
rules.add_perm("interventions.review_expense", is_superuser | coordinates_platform_of)
rules.add_perm("interventions.close_intervention", is_superuser | coordinates_platform_of)
rules.add_perm(
    "interventions.cancel_intervention",
    is_superuser | coordinates_platform_of | (manages_an_enterprise_of & before_preparation),
)
