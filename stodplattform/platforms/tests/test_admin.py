"""The admin: branded, Swedish, with each person's roles where one looks for them."""

import re

from django.urls import reverse


def test_admin_is_branded_and_swedish(client, world, django_assert_max_num_queries):
    client.force_login(world.superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert (
        "<title>Administration av plattformar, personer och register | Stödplattformen – administration</title>"
        in html
    )
    assert "Stödplattformen – administration" in html
    # The apps and models by their Swedish names.
    for name in [
        "Stödplattformar och personer",
        "Företagsregister",
        "Stödplattformar",
        "Medlemskap",
        "Kommuner",
    ]:
        assert name in html, name
    assert "Django administration" not in html
    assert "Site administration" not in html


def test_admin_in_english(client, world):
    client.force_login(world.superuser)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stödplattformen – administration" in html
    assert "Platforms and people" in html


def test_user_page_shows_the_roles(client, world):
    client.force_login(world.superuser)
    html = client.get(reverse("admin:accounts_user_change", args=[world.steering.pk])).content.decode()
    assert "Roller" in html
    assert 'name="memberships-0-role"' in html
    assert re.search(r'<option value="steering" selected>', html)


def test_user_list_shows_current_roles_in_bounded_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.superuser)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "nuvarande roller" in html.lower()
    assert "Verksamhetsledare, Återbruket A" in html
    assert "Styrgruppsledamot, Plattform A" in html


def test_roles_list(client, world):
    client.force_login(world.superuser)
    response = client.get(reverse("admin:platforms_membership_changelist"), {"role": "coordinator"})
    assert response.status_code == 200
    html = response.content.decode()
    assert str(world.coordinator) in html
    assert str(world.steering) not in html


def test_platform_admin_refuses_a_colour_without_contrast(client, world):
    client.force_login(world.superuser)
    url = reverse("admin:platforms_platform_change", args=[world.platform.pk])
    page = client.get(url)
    assert "Färg" in page.content.decode() and "Logotyp" in page.content.decode()
    data = {
        "name": world.platform.name,
        "slug": world.platform.slug,
        "municipalities": [m.pk for m in world.platform.municipalities.all()],
        "operator": world.platform.operator,
        "contact_email": world.platform.contact_email,
        "colour": "#ffcc00",
        "is_public": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Välj en mörkare färg" in response.content.decode()


# -- Roles are ended, never deleted; no platform loses its last coordinator --------


def _membership_post(membership, **changes):
    data = {
        "platform": membership.platform_id,
        "user": membership.user_id,
        "role": membership.role,
        "enterprise": membership.enterprise_id or "",
        "organisation": membership.organisation,
        "title": membership.title,
        "starts_on": membership.starts_on.isoformat() if membership.starts_on else "",
        "ends_on": membership.ends_on.isoformat() if membership.ends_on else "",
        "show_publicly": "on" if membership.show_publicly else "",
    }
    data.update(changes)
    return data


def _coordinator_membership(world):
    from stodplattform.platforms.models import Membership, Role

    return Membership.objects.current().get(
        user=world.coordinator, platform=world.platform, role=Role.COORDINATOR
    )


def test_the_admin_refuses_to_end_the_last_coordinator(client, world):
    from django.utils import timezone

    membership = _coordinator_membership(world)
    client.force_login(world.superuser)
    url = reverse("admin:platforms_membership_change", args=[membership.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, _membership_post(membership, ends_on=today))
    assert response.status_code == 200
    assert "skulle stå utan samordnare" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ends_on is None
    # Nor by turning the coordinator into a steering member.
    response = client.post(url, _membership_post(membership, role="steering"))
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_the_admin_ends_a_coordinator_when_another_remains(client, world):
    from django.utils import timezone

    from stodplattform.platforms.models import Membership, Role

    Membership.objects.create(platform=world.platform, user=world.steering, role=Role.COORDINATOR)
    membership = _coordinator_membership(world)
    client.force_login(world.superuser)
    url = reverse("admin:platforms_membership_change", args=[membership.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, _membership_post(membership, ends_on=today))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on is not None


def test_the_admin_deletes_no_role(client, world):
    membership = _coordinator_membership(world)
    client.force_login(world.superuser)
    url = reverse("admin:platforms_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    html = client.get(reverse("admin:platforms_platform_change", args=[world.platform.pk])).content.decode()
    assert "memberships-0-DELETE" not in html
    assert type(membership).objects.filter(pk=membership.pk).exists()


def test_the_platform_page_refuses_to_end_its_last_coordinator(client, world):
    from django.utils import timezone

    membership = _coordinator_membership(world)
    client.force_login(world.superuser)
    url = reverse("admin:platforms_platform_change", args=[world.platform.pk])
    html = client.get(url).content.decode()
    data = {}
    for name, value in re.findall(
        r'<input type="(?:text|hidden|email|url|number)" name="([^"]+)" value="([^"]*)"', html
    ):
        data[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data[name] = value
    for name, block in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', block)
        if chosen:
            data[name] = chosen if name == "municipalities" else chosen[0]
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', html):
        data[name] = "on"
    index = next(
        name.split("-")[1]
        for name, value in data.items()
        if name.startswith("memberships-") and name.endswith("-id") and value == str(membership.pk)
    )
    data[f"memberships-{index}-ends_on"] = timezone.localdate().isoformat()
    response = client.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert "skulle stå utan samordnare" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ends_on is None
