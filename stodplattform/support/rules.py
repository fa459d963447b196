"""Support cases' capabilities (django-rules, autodiscovered).

Confidential HR cases are visible only to coordinators, the assignee and the enterprise's
manager: the same predicates as for any case, since steering members and observers never
read case contents (they count cases, see ``CaseQuerySet.countable_by``).
"""

import rules

from stodplattform.platforms.access import (
    coordinates_platform,
    coordinates_platform_of,
    has_platform_role,
    is_superuser,
    managed_enterprise_ids,
)
from stodplattform.platforms.models import Role


@rules.predicate
def is_assignee(user, case):
    return case is not None and case.assignee_id is not None and case.assignee_id == user.pk


@rules.predicate
def manages_case_enterprise(user, case):
    return (
        case is not None
        and case.enterprise_id is not None
        and case.enterprise_id in managed_enterprise_ids(user)
    )


@rules.predicate
def coopted_on_platform(user, platform):
    return platform is not None and has_platform_role(user, platform.pk, {Role.COOPTED})


@rules.predicate
def counts_cases_of_platform(user, platform):
    return platform is not None and has_platform_role(
        user, platform.pk, {Role.COORDINATOR, Role.STEERING, Role.OBSERVER}
    )


rules.add_perm(
    "support.view_case", is_superuser | coordinates_platform_of | is_assignee | manages_case_enterprise
)
# Status, entries and the case's fields: the coordinators and the assignee.
rules.add_perm("support.change_case", is_superuser | coordinates_platform_of | is_assignee)
rules.add_perm("support.assign_case", is_superuser | coordinates_platform_of)
# The platform's inbox of all cases, its export, and the start-up pipeline.
rules.add_perm("support.manage_cases", is_superuser | coordinates_platform)
rules.add_perm("support.view_case_counts", is_superuser | counts_cases_of_platform)
# Time for platform work outside cases.
rules.add_perm("support.log_time", is_superuser | coordinates_platform | coopted_on_platform)
