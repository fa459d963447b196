"""Fixed personas for the tests: one world, two platforms.

Platform A has a coordinator, a steering member, a co-opted member, an
observer, and two enterprises each with its own manager, plus a hidden one.
Platform B has its own coordinator and enterprise: the outsider.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from stodplattform.accounts.models import User
from stodplattform.lib.orgnr import luhn_complete
from stodplattform.platforms.models import Membership, Municipality, Platform, Role
from stodplattform.platforms.testing import PASSWORD, make_member, make_platform, make_user

from .models import Enterprise, Industry, Status

__all__ = ["PASSWORD", "World", "make_enterprise", "make_manager", "make_user", "make_world"]


@dataclass
class World:
    platform: Platform
    other_platform: Platform
    coordinator: User
    steering: User
    coopted: User
    observer: User
    manager_a: User
    manager_b: User
    outsider: User
    superuser: User
    enterprise_a: Enterprise
    enterprise_b: Enterprise
    hidden: Enterprise
    other_enterprise: Enterprise


def make_enterprise(platform, name, *, municipality=None, **extra) -> Enterprise:
    municipality = municipality or platform.municipalities.first()
    defaults = {"status": Status.ACTIVE, "city": municipality.name}
    defaults.update(extra)
    return Enterprise.objects.create(
        platform=platform, name=name, slug=slugify(name), municipality=municipality, **defaults
    )


def make_manager(enterprise: Enterprise, user: User, **extra) -> Membership:
    return Membership.objects.create(
        platform=enterprise.platform, enterprise=enterprise, user=user, role=Role.MANAGER, **extra
    )


def make_world() -> World:
    platform = make_platform("Plattform A", "plattform-a", "2085", "2061", operator="Samarkand")
    other = make_platform("Plattform B", "plattform-b", "2080", operator="Annan")
    smedjebacken = Municipality.objects.get(code="2061")

    people = {}
    for key, plat, role in [
        ("coordinator", platform, Role.COORDINATOR),
        ("steering", platform, Role.STEERING),
        ("coopted", platform, Role.COOPTED),
        ("observer", platform, Role.OBSERVER),
        ("outsider", other, Role.COORDINATOR),
    ]:
        people[key] = make_user(key)
        make_member(plat, people[key], role)

    recycling = Industry.objects.get(code="47.792")
    enterprise_a = make_enterprise(
        platform,
        "Återbruket A",
        municipality=Municipality.objects.get(code="2085"),
        org_number=luhn_complete("769600001"),
        offers_goods="Begagnade möbler",
        description="Second hand i Ludvika.",
    )
    enterprise_a.industries.set([recycling])
    enterprise_b = make_enterprise(
        platform,
        "Hundcentret B",
        municipality=smedjebacken,
        offers_services="Hunddagis",
        sells_to_public=True,
    )
    hidden = make_enterprise(platform, "Dolda C", is_public=False)
    other_enterprise = make_enterprise(other, "Kaféet D", offers_services="Catering")

    manager_a, manager_b = make_user("manager.a"), make_user("manager.b")
    make_manager(enterprise_a, manager_a)
    make_manager(enterprise_b, manager_b)
    superuser = User.objects.create_superuser(email="root@test.example", password=PASSWORD, full_name="Root")
    return World(
        platform=platform,
        other_platform=other,
        manager_a=manager_a,
        manager_b=manager_b,
        superuser=superuser,
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
        hidden=hidden,
        other_enterprise=other_enterprise,
        **people,
    )
