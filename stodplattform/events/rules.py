"""The events' capabilities (django-rules, autodiscovered)."""

import rules

from stodplattform.platforms.access import (
    coordinates_platform,
    coordinates_platform_of,
    has_platform_role,
    is_superuser,
)
from stodplattform.platforms.models import Role


@rules.predicate
def manages_an_enterprise_on_platform_of(user, event):
    """The user manages an enterprise of the event's platform (and may sign it up as exhibitor)."""
    return event is not None and has_platform_role(user, event.platform_id, {Role.MANAGER})


# Arrange events on a platform (object: the platform).
rules.add_perm("events.add_event", is_superuser | coordinates_platform)
# Change an event, its programme and exhibitors; see and export registrations, check in, badges, feedback.
rules.add_perm("events.change_event", is_superuser | coordinates_platform_of)
rules.add_perm("events.view_registrations", is_superuser | coordinates_platform_of)
# Sign up an enterprise as exhibitor at a fair.
rules.add_perm(
    "events.exhibit", is_superuser | coordinates_platform_of | manages_an_enterprise_on_platform_of
)
