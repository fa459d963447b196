"""Uploaded images: bounded in pixels, stored as what they really are, stripped of metadata,
served with their type, and not left behind when replaced."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from stodplattform.core.media import serve_media
from stodplattform.enterprises.models import Enterprise

from .test_edit import valid_data


def image_bytes(size=(40, 30), fmt="PNG", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt, **save)
    return buffer.getvalue()


@pytest.fixture
def coordinator(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.coordinator)
    return client


def create(client, world, upload, **extra):
    data = {**valid_data(world, **extra), "image": upload, "image_alt": "Logga"}
    return client.post(reverse("enterprises-create"), data)


def test_a_pixel_bomb_is_refused(coordinator, world):
    # 9 600 × 9 600 one-colour pixels (92 megapixels) compress to about 11 kB of PNG.
    buffer = io.BytesIO()
    Image.new("1", (9600, 9600)).save(buffer, "PNG")
    bomb = buffer.getvalue()
    assert len(bomb) < 50_000
    response = create(coordinator, world, SimpleUploadedFile("logo.png", bomb, "image/png"))
    assert response.status_code == 200
    assert "9600 × 9600" in str(response.context["form"].errors["image"])
    assert "25 megapixlar" in str(response.context["form"].errors["image"])
    assert not Enterprise.objects.filter(name="Nya Snickeriet").exists()


def test_an_image_past_pillows_own_limit_is_refused_too(coordinator, world):
    # 20 000 × 10 000: Pillow itself refuses to open it, and Django's field calls it no image.
    buffer = io.BytesIO()
    Image.new("1", (20000, 10000)).save(buffer, "PNG")
    response = create(coordinator, world, SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"))
    assert response.status_code == 200 and "image" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="Nya Snickeriet").exists()


def test_the_pixel_limit_is_a_setting(coordinator, world, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    response = create(coordinator, world, SimpleUploadedFile("logo.png", image_bytes((40, 30)), "image/png"))
    assert "image" in response.context["form"].errors
    settings.IMAGE_MAX_PIXELS = 1200
    assert (
        create(coordinator, world, SimpleUploadedFile("logo.png", image_bytes((40, 30)))).status_code == 302
    )


@pytest.mark.parametrize(
    ("name", "fmt", "extension"),
    [
        ("x.pdf", "PNG", ".png"),
        ("logo.png", "JPEG", ".jpg"),
        ("photo.jpeg", "WEBP", ".webp"),
        ("x.EPS", "PNG", ".png"),
    ],
)
def test_the_file_is_stored_with_the_extension_of_its_real_type(coordinator, world, name, fmt, extension):
    response = create(coordinator, world, SimpleUploadedFile(name, image_bytes(fmt=fmt), "application/pdf"))
    assert response.status_code == 302
    stored = Enterprise.objects.get(name="Nya Snickeriet").image
    assert stored.name.endswith(extension)
    with Image.open(stored.path) as picture:
        assert picture.format == fmt


@pytest.mark.parametrize("name", ["photo.html", "noext", "x.svg"])
def test_a_name_that_is_no_image_is_refused(coordinator, world, name):
    # Django's own check on the name; either way nothing is stored under such a name.
    response = create(coordinator, world, SimpleUploadedFile(name, image_bytes(), "image/png"))
    assert response.status_code == 200 and "image" in response.context["form"].errors


def test_gps_and_other_metadata_are_stripped(coordinator, world):
    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkaren"  # Make
    exif[0x8825] = {1: "N", 2: (60.0, 8.0, 0.0), 3: "E", 4: (15.0, 11.0, 0.0)}  # GPSInfo: Ludvika
    photo = image_bytes(fmt="JPEG", exif=exif)
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get(0x010F) == "Kameratillverkaren"
    response = create(
        coordinator, world, SimpleUploadedFile("photo.jpg", photo + b"TRAILING-SECRET", "image/jpeg")
    )
    assert response.status_code == 302
    path = Enterprise.objects.get(name="Nya Snickeriet").image.path
    with Image.open(path) as stored:
        assert not stored.getexif()
        assert stored.size == (40, 30)
    with open(path, "rb") as file:
        data = file.read()
    assert b"Kameratillverkaren" not in data and b"TRAILING-SECRET" not in data


def test_a_replaced_image_file_is_deleted(coordinator, world, django_capture_on_commit_callbacks):
    url = reverse("enterprises-edit", args=[world.enterprise_a.slug])
    form = coordinator.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "image"}
    data = {k: v for k, v in data.items() if v is not None}
    for key in ("is_public", "sells_to_private", "sells_to_public"):
        if data.get(key) is False:
            data.pop(key)
    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator.post(
            url, {**data, "image": SimpleUploadedFile("a.png", image_bytes()), "image_alt": "A"}
        )
    assert first.status_code == 302, first.context["form"].errors
    world.enterprise_a.refresh_from_db()
    old = world.enterprise_a.image
    old_path, storage = old.path, old.storage
    assert storage.exists(old.name)
    with django_capture_on_commit_callbacks(execute=True):
        second = coordinator.post(
            url, {**data, "image": SimpleUploadedFile("b.jpg", image_bytes(fmt="JPEG")), "image_alt": "B"}
        )
    assert second.status_code == 302
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.image.name.endswith(".jpg")
    assert storage.exists(world.enterprise_a.image.name)
    assert not storage.exists(old.name), old_path


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("enterprises/a.png", "image/png"),
        ("enterprises/a.jpg", "image/jpeg"),
        ("enterprises/a.webp", "image/webp"),
    ],
)
def test_uploads_are_served_with_their_type_and_nosniff(tmp_path, name, content_type):
    (tmp_path / "enterprises").mkdir()
    (tmp_path / name).write_bytes(image_bytes())
    response = serve_media(RequestFactory().get("/media/" + name), name, document_root=tmp_path)
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["x.pdf", "x.html", "x.svg", "x"])
def test_other_files_in_media_are_only_downloaded(tmp_path, name):
    (tmp_path / name).write_bytes(b"<script>alert(1)</script>")
    response = serve_media(RequestFactory().get("/media/" + name), name, document_root=tmp_path)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
