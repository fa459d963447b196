"""A platform's identity: name, logo and colour, set by its coordinator and worn by its pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stodplattform.core.audit import history_for
from stodplattform.lib.colour import contrast_ratio
from stodplattform.platforms.models import DEFAULT_COLOUR, Platform


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png(size=(120, 60), colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def _data(platform, **changes):
    data = {
        "name": platform.name,
        "colour": platform.colour,
        "contact_email": platform.contact_email,
        "contact_phone": platform.contact_phone,
        "description": platform.description,
    }
    data.update(changes)
    return data


def _url(platform):
    return reverse("platforms-identity", args=[platform.slug])


def test_default_colour_passes_the_contrast_rule():
    assert contrast_ratio(DEFAULT_COLOUR, "#ffffff") >= 4.5


def test_coordinator_sets_logo_and_colour(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        _url(world.platform),
        _data(world.platform, name="Plattform A i Bergslagen", colour="#5A2D82", logo=_png()),
    )
    assert response.status_code == 302
    platform = Platform.objects.get(pk=world.platform.pk)
    assert platform.name == "Plattform A i Bergslagen"
    assert platform.colour == "#5a2d82"  # stored in one spelling
    assert platform.logo.name.startswith("platforms/plattform-a-") and platform.logo.name.endswith(".png")
    # Who changed it is in the history.
    entry = history_for(platform)[0]
    assert entry.actor == world.coordinator

    # The platform's pages wear it: colour through a nonce'd style block, logo and name in the header.
    page = client.get(reverse("platforms-detail", args=[platform.slug]))
    html = page.content.decode()
    nonce = page.wsgi_request.csp_nonce
    assert f'<style nonce="{nonce}">:root {{ --brand: #5a2d82; }}</style>' in html
    header = html.split("<header>")[1].split("</header>")[0]
    assert platform.logo.url in header and "Plattform A i Bergslagen" in header
    footer = html.split("<footer")[1]
    assert platform.contact_email in footer
    # And so do its enterprises' showcase pages.
    showcase = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    assert "--brand: #5a2d82" in showcase
    # Pages of the whole installation do not.
    assert "--brand:" not in client.get("/foretag/").content.decode()


def test_logo_can_be_removed(client, world):
    client.force_login(world.coordinator)
    client.post(_url(world.platform), _data(world.platform, logo=_png()))
    assert Platform.objects.get(pk=world.platform.pk).logo
    client.post(_url(world.platform), _data(world.platform, **{"logo-clear": "on"}))
    assert not Platform.objects.get(pk=world.platform.pk).logo


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ladda upp en bild i formatet JPEG, PNG eller WebP."),
        ("en", "Upload a JPEG, PNG or WebP image."),
    ],
)
def test_a_logo_that_is_not_an_image(client, world, language, message):
    client.force_login(world.coordinator)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)></svg>", "image/png")
    response = client.post(
        _url(world.platform),
        _data(world.platform, name="Nytt namn", logo=fake),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    # Nothing half-saved; what was typed is kept.
    assert Platform.objects.get(pk=world.platform.pk).name == "Plattform A"
    assert 'value="Nytt namn"' in response.content.decode()


@pytest.mark.parametrize(
    ("colour", "language", "message"),
    [
        ("#ffff00", "sv", "Vit text på #ffff00 har en kontrast på bara 1,0:1"),
        ("#ffff00", "en", "White text on #ffff00 has a contrast of only 1.0:1"),
        ("#3a86ff", "en", "Choose a darker colour"),
        ("#767777", "sv", "bara 4,4:1"),  # 4.49: rounded down, never shown as the 4.5 it fails
        ("red", "sv", "Skriv färgen som # följt av sex tecken"),
        ("#12345g", "en", "Write the colour as # and six hexadecimal digits"),
        ("", "en", "This field is required"),
        ("#1d3a5f; } body { display:none", "en", "Write the colour as #"),
    ],
)
def test_a_colour_that_fails(client, world, colour, language, message):
    client.force_login(world.coordinator)
    response = client.post(
        _url(world.platform), _data(world.platform, colour=colour), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Platform.objects.get(pk=world.platform.pk).colour == DEFAULT_COLOUR


def test_short_hex_is_accepted_and_spelled_out(client, world):
    client.force_login(world.coordinator)
    client.post(_url(world.platform), _data(world.platform, colour="036"))
    assert Platform.objects.get(pk=world.platform.pk).colour == "#003366"


@pytest.mark.parametrize("persona", ["steering", "coopted", "observer", "manager_a"])
def test_other_roles_may_not_change_it(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.post(_url(world.platform), _data(world.platform, colour="#000000"))
    assert response.status_code == 403
    assert Platform.objects.get(pk=world.platform.pk).colour == DEFAULT_COLOUR


def test_coordinator_of_another_platform_gets_404(client, world):
    client.force_login(world.outsider)
    response = client.post(_url(world.platform), _data(world.platform, colour="#000000"))
    assert response.status_code == 404
    assert Platform.objects.get(pk=world.platform.pk).colour == DEFAULT_COLOUR


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.post(_url(world.platform), _data(world.platform, colour="#000000"))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_rule():
    import rules

    assert rules.perm_exists("platforms.change_identity")


def test_contrast_helper():
    from stodplattform.lib.colour import contrast_ratio, normalise_hex

    assert contrast_ratio("#000", "#fff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert normalise_hex("1A5") == "#11aa55"
    assert normalise_hex("#12345g") is None
    with pytest.raises(ValueError):
        contrast_ratio("red", "#fff")
