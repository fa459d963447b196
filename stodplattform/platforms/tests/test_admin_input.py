"""The admin's pages answer junk in the address or the form with the form, not a server error."""

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
    assert client.get(role, {"user": str(world.coordinator.pk)}).status_code == 200


def test_an_autocomplete_list_sent_back_with_junk_shows_the_fields_error(client, world):
    client.force_login(world.superuser)
    response = client.post(reverse("admin:platforms_regionalrole_add"), {"user": "abc", "region": "x"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    assert not RegionalRole.objects.exists()
