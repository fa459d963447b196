"""Asking for a capability: 403 for a record in scope but a role too low."""

from django.core.exceptions import PermissionDenied


def can(user, perm: str, obj=None) -> bool:
    return user.has_perm(perm, obj)


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (403) unless the user holds the capability."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
