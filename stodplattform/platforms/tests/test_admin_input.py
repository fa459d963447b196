"""The admin's pages answer junk in the address or the form with the form, not a server error."""

import re

from django.urls import reverse

from stodplattform.platforms.models import RegionalRole


def test_an_add_page_takes_a_date_from_its_address_and_leaves_out_what_its_fields_cannot_take(client, world):
    client.force_login(world.superuser)
    address = reverse("admin:events_event_add")
    response = client.get(address, {"starts_at": "2026-05-01 10:00", "platform": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-05-01"' in html and 'value="10:00:00"' in html
    # A date that is none, or a NUL byte, leaves the field empty.
    assert client.get(address, {"starts_at": "a\x00b"}).status_code == 200
    role = reverse("admin:platforms_regionalrole_add")
    assert client.get(role, {"user": "a\x00b"}).status_code == 200
    response = client.get(role, {"user": str(world.coordinator.pk)})
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["user"] == str(world.coordinator.pk)
    assert f'<option value="{world.coordinator.pk}" selected>' in response.content.decode()


def test_an_autocomplete_list_sent_back_with_junk_shows_the_fields_error(client, world):
    client.force_login(world.superuser)
    response = client.post(reverse("admin:platforms_regionalrole_add"), {"user": "abc", "region": "x"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    assert not RegionalRole.objects.exists()


def test_an_inlines_autocomplete_list_sent_back_with_junk_shows_the_form_again(client, world):
    """The roles on a person's page: a new row whose enterprise is junk, in a form that is invalid."""
    client.force_login(world.superuser)
    address = reverse("admin:accounts_user_change", args=[world.manager_a.pk])
    html = client.get(address).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    inline = next(p for p in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', html) if "membership" in p)
    count = int(data[f"{inline}-TOTAL_FORMS"])
    data |= {
        "email": world.manager_a.email,
        f"{inline}-TOTAL_FORMS": str(count + 1),
        f"{inline}-{count}-platform": "abc",
        f"{inline}-{count}-role": "manager",
        f"{inline}-{count}-enterprise": "a\x00b",
    }
    response = client.post(address, data)
    assert response.status_code == 200, response.status_code
    assert response.context["errors"]


def test_a_tokens_add_page_with_a_date_that_is_none_in_its_address(client, world):
    client.force_login(world.superuser)
    assert client.get(reverse("admin:accounts_apitoken_add"), {"expires_at": "abc"}).status_code == 200
