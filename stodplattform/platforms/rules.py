"""The platforms' capabilities (django-rules, autodiscovered)."""

import rules

from .access import coordinates_platform, is_platform_member, is_superuser, works_on_platform

rules.add_perm("platforms.view_platform_internal", is_superuser | is_platform_member)
# The platform's people: who holds which role, with their contact details.
rules.add_perm("platforms.view_members", is_superuser | works_on_platform)
# Invite people, change roles, end memberships, read the history of the platform's people.
rules.add_perm("platforms.manage_members", is_superuser | coordinates_platform)
# The platform's name, logo, colour and contact details on its public pages.
rules.add_perm("platforms.change_identity", is_superuser | coordinates_platform)
