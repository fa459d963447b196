"""Fixed personas for the tests (see STYLE.md): one world, two platforms.

Platform A ("vbl") has a coordinator, a steering member, a co-opted member, an
observer, and two enterprises each with its own manager, plus a hidden one.
Platform B ("other") has its own coordinator and enterprise: the outsider.
"""

from dataclasses import dataclass

from stodplattform.accounts.models import User
from stodplattform.enterprises.models import Enterprise, EnterpriseManager, Industry, Status
from stodplattform.lib.orgnr import luhn_complete
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

PASSWORD = "test-password-1"


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


def make_user(local: str, **extra) -> User:
    return User.objects.create_user(
        email=f"{local}@test.example", password=PASSWORD, full_name=local.replace(".", " ").title(), **extra
    )


def make_enterprise(platform, name, *, municipality=None, **extra) -> Enterprise:
    from django.utils.text import slugify

    municipality = municipality or platform.municipalities.first()
    defaults = {"status": Status.ACTIVE, "city": municipality.name}
    defaults.update(extra)
    return Enterprise.objects.create(
        platform=platform, name=name, slug=slugify(name), municipality=municipality, **defaults
    )


def make_world() -> World:
    ludvika = Municipality.objects.get(code="2085")
    smedjebacken = Municipality.objects.get(code="2061")
    falun = Municipality.objects.get(code="2080")
    platform = Platform.objects.create(
        name="Plattform A", slug="plattform-a", operator="Samarkand", contact_email="a@test.example"
    )
    platform.municipalities.set([ludvika, smedjebacken])
    other = Platform.objects.create(
        name="Plattform B", slug="plattform-b", operator="Annan", contact_email="b@test.example"
    )
    other.municipalities.set([falun])

    people = {}
    for key, plat, role in [
        ("coordinator", platform, Role.COORDINATOR),
        ("steering", platform, Role.STEERING),
        ("coopted", platform, Role.COOPTED),
        ("observer", platform, Role.OBSERVER),
        ("outsider", other, Role.COORDINATOR),
    ]:
        people[key] = make_user(key)
        Membership.objects.create(platform=plat, user=people[key], role=role, organisation="Org " + key)

    recycling = Industry.objects.get(code="47.792")
    enterprise_a = make_enterprise(
        platform,
        "Återbruket A",
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
    EnterpriseManager.objects.create(enterprise=enterprise_a, user=manager_a)
    EnterpriseManager.objects.create(enterprise=enterprise_b, user=manager_b)
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
