"""Creating and editing enterprises through the pages: happy paths and bad input."""

import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stodplattform import settings as production_settings
from stodplattform.enterprises.models import Enterprise
from stodplattform.lib.orgnr import luhn_complete

FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f]{32})"')


def valid_data(world, **overrides):
    data = {
        "platform": world.platform.slug,
        "status": "startup",
        "slug": "",
        "is_public": "on",
        "name": "Nya Snickeriet",
        "org_number": luhn_complete("769612345"),
        "legal_form": "ek",
        "municipality": "2085",
        "street_address": "Storgatan 1",
        "postcode": "77130",
        "city": "Ludvika",
        "email": "hej@snickeriet.example",
        "phone": "0240-123 45",
        "website": "https://snickeriet.example",
        "industries": ["16.230"],
        "year_founded": "2024",
        "description": "Vi bygger.",
        "offers_goods": "Bord\nStolar",
        "offers_services": "Reparationer",
        "sells_to_private": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_coordinator_creates_enterprise(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("enterprises-create"), valid_data(world))
    enterprise = Enterprise.objects.get(name="Nya Snickeriet")
    assert response.status_code == 302
    assert response["Location"] == enterprise.get_absolute_url()
    assert enterprise.slug == "nya-snickeriet"
    assert enterprise.postcode == "771 30"
    assert [i.code for i in enterprise.industries.all()] == ["16.230"]
    entry = LogEntry.objects.get_for_object(enterprise).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.coordinator


def test_slug_from_swedish_name_is_readable_and_unique(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("enterprises-create"), valid_data(world, name="Återbruket A", org_number=""))
    assert Enterprise.objects.filter(slug="aterbruket-a-2").exists()


def test_coordinator_cannot_create_in_another_platform(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("enterprises-create"), valid_data(world, platform=world.other_platform.slug)
    )
    assert response.status_code == 200
    assert "platform" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="Nya Snickeriet").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("org_number", "123456-7890"),  # wrong check digit
        ("org_number", "55667788"),  # wrong shape
        ("org_number", "abcdef-ghij"),
        ("postcode", "7713"),
        ("postcode", "ABC 12"),
        ("email", "inte-en-adress"),
        ("website", "inte en adress"),
        ("phone", "ring mig"),
        ("municipality", "9999"),
        ("industries", ["00.000"]),
        ("year_founded", "3000"),
        ("year_founded", "abc"),
        ("name", "x" * 151),
        ("name", ""),
        ("description", "x" * 4001),
        ("status", "bankrupt"),
        ("legal_form", "kommanditbolag"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(client, world, field, value):
    client.force_login(world.coordinator)
    data = valid_data(world, **{field: value})
    response = client.post(reverse("enterprises-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    # What was typed is kept (the other fields keep their values too).
    assert 'value="Storgatan 1"' in html
    assert not Enterprise.objects.filter(org_number=data.get("org_number") or "-").exists()
    assert Enterprise.objects.count() == 4


def test_bad_input_messages_in_swedish_and_english(client, world):
    client.force_login(world.coordinator)
    sv = client.post(reverse("enterprises-create"), valid_data(world, org_number="123456-7890"))
    sv_message = str(sv.context["form"].errors["org_number"][0])  # lazy: read before switching
    client.cookies["django_language"] = "en"
    en = client.post(reverse("enterprises-create"), valid_data(world, org_number="123456-7890"))
    en_message = str(en.context["form"].errors["org_number"][0])
    assert "NNNNNN-NNNN" in en_message and "check digit" in en_message
    assert sv_message != en_message and "NNNNNN-NNNN" in sv_message


def test_duplicate_org_number_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("enterprises-create"), valid_data(world, org_number=world.enterprise_a.org_number)
    )
    assert "org_number" in response.context["form"].errors


def test_org_number_without_dash_is_normalised(client, world):
    client.force_login(world.coordinator)
    number = luhn_complete("769612345").replace("-", "")
    client.post(reverse("enterprises-create"), valid_data(world, org_number=number))
    assert Enterprise.objects.get(name="Nya Snickeriet").org_number == f"{number[:6]}-{number[6:]}"


def test_image_upload_checks_type_and_size(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.coordinator)
    url = reverse("enterprises-create")
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client.post(url, {**valid_data(world), "image": fake, "image_alt": "Logga"})
    assert "image" in response.context["form"].errors

    settings.IMAGE_MAX_BYTES = 100
    big = SimpleUploadedFile("logo.png", png_bytes((400, 400)), content_type="image/png")
    response = client.post(url, {**valid_data(world), "image": big, "image_alt": "Logga"})
    assert "image" in response.context["form"].errors

    settings.IMAGE_MAX_BYTES = 3 * 1024 * 1024
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    response = client.post(
        url, {**valid_data(world), "image": SimpleUploadedFile("a.gif", gif.getvalue()), "image_alt": "x"}
    )
    assert "image" in response.context["form"].errors

    no_alt = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url, {**valid_data(world), "image": no_alt})
    assert "image_alt" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="Nya Snickeriet").exists()

    good = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url, {**valid_data(world), "image": good, "image_alt": "Grön logga"})
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="Nya Snickeriet")
    assert enterprise.image.name.endswith(".png")
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert 'alt="Grön logga"' in page


def test_manager_edits_own_profile_but_not_registry_fields(client, world):
    client.force_login(world.manager_a)
    url = reverse("enterprises-edit", args=[world.enterprise_a.slug])
    already_logged = set(LogEntry.objects.get_for_object(world.enterprise_a).values_list("pk", flat=True))
    form = client.get(url).context["form"]
    assert "status" not in form.fields and "platform" not in form.fields and "is_public" not in form.fields
    data = valid_data(world, name="Återbruket A", org_number=world.enterprise_a.org_number, status="closed")
    data.pop("platform")
    response = client.post(url, {**data, "description": "Ny text från verksamhetsledaren."})
    assert response.status_code == 302
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.description == "Ny text från verksamhetsledaren."
    assert world.enterprise_a.status == "active"  # the posted status was ignored
    entries = LogEntry.objects.get_for_object(world.enterprise_a).exclude(pk__in=already_logged)
    assert {e.actor for e in entries} == {world.manager_a}
    assert any("description" in e.changes_dict for e in entries)


def test_history_shown_to_coordinator_and_manager_not_public(client, world):
    client.force_login(world.coordinator)
    data = valid_data(world, name="Återbruket A", org_number=world.enterprise_a.org_number)
    client.post(reverse("enterprises-edit", args=[world.enterprise_a.slug]), data)
    url = world.enterprise_a.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'id="history-heading"' in page and world.coordinator.full_name in page
    client.force_login(world.manager_a)
    assert 'id="history-heading"' in client.get(url).content.decode()
    client.force_login(world.manager_b)
    assert 'id="history-heading"' not in client.get(url).content.decode()
    client.logout()
    assert 'id="history-heading"' not in client.get(url).content.decode()


def test_concurrent_org_number_gives_a_field_error_not_500(client, world, monkeypatch):
    """Another request takes the org number between validation and save."""
    from stodplattform.enterprises import services
    from stodplattform.enterprises.testing import make_enterprise

    real = services.save_enterprise

    def competing_save(form, *, by, **kwargs):
        if not Enterprise.objects.filter(name="Konkurrenten").exists():
            make_enterprise(world.other_platform, "Konkurrenten", org_number=form.cleaned_data["org_number"])
        return real(form, by=by, **kwargs)

    monkeypatch.setattr(services, "save_enterprise", competing_save)
    client.force_login(world.coordinator)
    response = client.post(reverse("enterprises-create"), valid_data(world))
    assert response.status_code == 200
    assert "org_number" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="Nya Snickeriet").exists()


def test_edit_form_starts_with_the_saved_values_and_saves_unchanged(client, world):
    client.force_login(world.coordinator)
    url = reverse("enterprises-edit", args=[world.enterprise_b.slug])
    form = client.get(url).context["form"]
    html = client.get(url).content.decode()
    assert '<option value="2061" selected>' in html
    assert f'<option value="{world.platform.slug}" selected>' in html
    # Submitting what the form shows changes nothing and records no change.
    data = {name: form[name].value() for name in form.fields if name != "image"}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    count = LogEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert LogEntry.objects.count() == count


def test_crlf_from_browsers_is_stored_as_newlines(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("enterprises-create"), valid_data(world, offers_goods="Bord\r\nStolar"))
    assert Enterprise.objects.get(name="Nya Snickeriet").offers_goods == "Bord\nStolar"


def test_history_reads_as_before_and_after(client, world):
    client.force_login(world.coordinator)
    data = valid_data(
        world, name="Återbruket A", org_number=world.enterprise_a.org_number, city="Grängesberg"
    )
    data["industries"] = ["47.792", "81.300"]
    client.post(reverse("enterprises-edit", args=[world.enterprise_a.slug]), data)
    html = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Ludvika → Grängesberg" in history
    assert "81.300" in history and "type" not in history and "operation" not in history


def test_two_loads_of_the_new_form_add_two_enterprises(client, world, settings):
    """Each load of the form has its own one-time token, also with the caches as production
    configures them (a page cache that served the second load from the first kept the token,
    and the second enterprise was refused as a repeat)."""
    settings.CACHES = production_settings.CACHES
    client.force_login(world.coordinator)
    url = reverse("enterprises-create")
    tokens = [FORM_TOKEN.search(client.get(url).content.decode()).group(1) for _ in range(2)]
    assert tokens[0] != tokens[1]
    for token, name, number in zip(
        tokens, ["Första Snickeriet", "Andra Snickeriet"], ["769612345", "769612346"], strict=True
    ):
        data = valid_data(world, name=name, org_number=luhn_complete(number), form_token=token)
        assert client.post(url, data).status_code == 302
    assert Enterprise.objects.filter(name__in=["Första Snickeriet", "Andra Snickeriet"]).count() == 2
