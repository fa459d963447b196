"""The meetings' capabilities (django-rules, autodiscovered).

A meeting out of the person's scope answers 404 (``Meeting.objects.visible_to``);
these decide, for a meeting in scope, what the person may do (403 otherwise).
"""

import rules

from stodplattform.platforms.access import (
    WORKING_ROLES,
    coordinates_platform,
    coordinates_platform_of,
    has_platform_role,
    is_superuser,
)
from stodplattform.platforms.models import Role


def _works_with_platform_of(user, meeting) -> bool:
    """A role naming a person (secretary, checker, guest, owner) counts only while they still
    work with the meeting's platform: ending their membership ends it."""
    return has_platform_role(user, meeting.platform_id, WORKING_ROLES)


@rules.predicate
def is_secretary(user, meeting):
    return (
        meeting is not None
        and meeting.secretary_id is not None
        and meeting.secretary_id == user.pk
        and _works_with_platform_of(user, meeting)
    )


@rules.predicate
def is_checker(user, meeting):
    return (
        meeting is not None
        and meeting.checker_id is not None
        and meeting.checker_id == user.pk
        and _works_with_platform_of(user, meeting)
    )


@rules.predicate
def takes_part(user, meeting):
    """Invited by role (a manager to a network meeting, the steering group to its meetings) or by name."""
    if meeting is None or not getattr(user, "is_authenticated", False):
        return False
    role = {"network": Role.MANAGER, "steering": Role.STEERING}.get(meeting.kind)
    if role and has_platform_role(user, meeting.platform_id, {role}):
        return True
    return _works_with_platform_of(user, meeting) and meeting.guests.filter(user=user).exists()


@rules.predicate
def owns_action_item(user, item):
    return item is not None and item.owner_id == user.pk and _works_with_platform_of(user, item.meeting)


@rules.predicate
def keeps_minutes_of_item(user, item):
    return item is not None and (
        coordinates_platform_of(user, item.meeting) or is_secretary(user, item.meeting)
    )


keeps_minutes = is_superuser | coordinates_platform_of | is_secretary

rules.add_perm("meetings.add_series", is_superuser | coordinates_platform)
rules.add_perm("meetings.view_attendance_report", is_superuser | coordinates_platform)
rules.add_perm("meetings.change_meeting", is_superuser | coordinates_platform_of)
# Coordinators and the secretary add agenda items at any time; those invited propose until the deadline.
rules.add_perm("meetings.add_agenda_item", keeps_minutes)
rules.add_perm("meetings.propose_agenda_item", keeps_minutes | takes_part)
rules.add_perm("meetings.record_attendance", keeps_minutes)
rules.add_perm("meetings.edit_minutes", keeps_minutes)
# Only the named checker checks (justerar) and locks the minutes.
rules.add_perm("meetings.lock_minutes", is_checker)
rules.add_perm("meetings.change_action_item", is_superuser | owns_action_item | keeps_minutes_of_item)
