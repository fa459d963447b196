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
