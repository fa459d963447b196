"""Test helpers for people and platforms (see enterprises.testing for the whole world)."""

from stodplattform.accounts.models import User

from .models import Membership, Municipality, Platform, Role

PASSWORD = "test-password-1"


def make_user(local: str, **extra) -> User:
    return User.objects.create_user(
        email=f"{local}@test.example", password=PASSWORD, full_name=local.replace(".", " ").title(), **extra
    )


def make_platform(name: str, slug: str, *codes: str, **extra) -> Platform:
    platform = Platform.objects.create(
        name=name,
        slug=slug,
        operator=extra.pop("operator", "Operatör"),
        contact_email=f"{slug}@test.example",
        **extra,
    )
    platform.municipalities.set(Municipality.objects.filter(code__in=codes))
    return platform


def make_member(platform: Platform, user: User, role: str = Role.COORDINATOR, **extra) -> Membership:
    extra.setdefault("organisation", f"Org {user.email.split('@')[0]}")
    return Membership.objects.create(platform=platform, user=user, role=role, **extra)
