"""The showcase a buyer can act on: opening hours, photos, contact, schema.org; the edit form's
formsets with their bad input; the directory's cards and filters; query counts as data grows."""

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from stodplattform.enterprises.models import Enterprise, OpeningException, OpeningHours, Photo
from stodplattform.enterprises.testing import make_enterprise

from .test_edit import valid_data

T = datetime.time


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), "image/png")


def formset_data(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def edit_data(world, **extra):
    data = valid_data(
        world, name="Återbruket A", org_number=world.enterprise_a.org_number, description="Ny text."
    )
    data.pop("platform")
    data.update(extra)
    return data


@pytest.fixture
def manager(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.manager_a)
    return client


def edit_url(world):
    return reverse("enterprises-edit", args=[world.enterprise_a.slug])


def add_hours(enterprise):
    for day in range(5):
        OpeningHours.objects.create(enterprise=enterprise, weekday=day, opens=T(10), closes=T(18))


# -- The showcase page -----------------------------------------------------------------------


def test_showcase_shows_the_week_today_and_coming_exceptions(client, world):
    enterprise = world.enterprise_a
    add_hours(enterprise)
    OpeningHours.objects.create(enterprise=enterprise, weekday=5, opens=T(10), closes=T(14))
    today = timezone.localdate()
    OpeningException.objects.create(
        enterprise=enterprise, date=today + datetime.timedelta(days=3), closed=True, note="Julafton"
    )
    OpeningException.objects.create(
        enterprise=enterprise, date=today - datetime.timedelta(days=3), closed=True
    )
    response = client.get(enterprise.get_absolute_url())
    html = response.content.decode()
    assert "10:00–18:00" in html and "10:00–14:00" in html
    assert html.count('aria-current="date"') == 1  # today's row is marked
    assert "Julafton" in html
    assert len(response.context["exceptions"]) == 1  # the past one is not listed


def test_showcase_has_local_business_markup_with_the_csp_nonce(client, world):
    enterprise = world.enterprise_a
    add_hours(enterprise)
    enterprise.description = "Möbler </script><script>alert(1)</script>"
    enterprise.save()
    response = client.get(enterprise.get_absolute_url())
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    assert match.group(1) in response["Content-Security-Policy"]
    data = json.loads(match.group(2))
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Återbruket A"
    assert data["description"].startswith("Möbler </script>")  # escaped in the page, intact in the data
    days = [spec["dayOfWeek"] for spec in data["openingHoursSpecification"]]
    assert days[0] == "https://schema.org/Monday"
    assert data["openingHoursSpecification"][0]["opens"] == "10:00"


def test_showcase_without_own_contact_shows_the_platform_and_no_status_word(client, world):
    html = client.get(world.enterprise_b.get_absolute_url()).content.decode()
    main = html.split("<footer")[0]  # the footer shows the platform's contact on every page
    assert world.platform.contact_email in main
    assert "Aktiv" not in html and "Active" not in html
    assert "Senast uppdaterad" in html
    assert "arbetsintegrerande sociala företag" in html or "arbetsintegrerande socialt företag" in html


def test_showcase_with_contact_person_social_links_and_directions(client, world):
    enterprise = world.enterprise_a
    enterprise.contact_name = "Exempel Person"
    enterprise.contact_role = "Butiksansvarig"
    enterprise.phone = "0240-123 45"
    enterprise.street_address = "Storgatan 1"
    enterprise.postcode = "771 30"
    enterprise.social_links = "https://www.instagram.com/aterbruket"
    enterprise.save()
    html = client.get(enterprise.get_absolute_url()).content.decode()
    assert "Exempel Person, Butiksansvarig" in html
    assert "https://www.instagram.com/aterbruket" in html
    assert "google.com/maps/dir/?api=1&amp;destination=Storgatan+1%2C+771+30" in html
    main = html.split("<footer")[0]  # the footer shows the platform's contact on every page
    assert world.platform.contact_email not in main  # it has its own contact


def test_showcase_query_count_does_not_grow_with_photos_and_hours(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enterprise = world.enterprise_a
    url = enterprise.get_absolute_url()
    add_hours(enterprise)
    Photo.objects.create(enterprise=enterprise, image=png(), description="Butiken")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        Photo.objects.create(enterprise=enterprise, image=png(), description=f"Foto {i}")
        OpeningException.objects.create(
            enterprise=enterprise, date=timezone.localdate() + datetime.timedelta(days=i), closed=True
        )
    OpeningHours.objects.create(enterprise=enterprise, weekday=5, opens=T(10), closes=T(14))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_directory_query_count_does_not_grow_with_photos_and_hours(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("enterprises-directory")

    def grow(n, start):
        for i in range(start, start + n):
            enterprise = make_enterprise(world.platform, f"Extra {i:03d}", offers_goods="Saker\nTing")
            add_hours(enterprise)
            Photo.objects.create(enterprise=enterprise, image=png(), description="Foto")

    grow(2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"buyer": "private", "what": "goods"})
    grow(15, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"buyer": "private", "what": "goods"})
    assert len(many) == len(few) <= 12


# -- The directory --------------------------------------------------------------------------


def test_filters_what_and_who_buys(client, world):
    world.enterprise_a.sells_to_companies = True
    world.enterprise_a.save()
    url = reverse("enterprises-directory")

    def names(params):
        return [e.name for e in client.get(url, params).context["page"].object_list]

    assert names({"what": "goods"}) == ["Återbruket A"]
    assert names({"what": "services"}) == ["Hundcentret B", "Kaféet D"]
    assert names({"buyer": "companies"}) == ["Återbruket A"]
    assert names({"buyer": "public"}) == ["Hundcentret B"]
    assert names({"buyer": "companies", "what": "services"}) == []
    # The exports and the API take the same filters.
    csv = b"".join(client.get(reverse("enterprises-export-csv"), {"buyer": "public"}).streaming_content)
    assert "Hundcentret B" in csv.decode("utf-8-sig") and "Återbruket A" not in csv.decode("utf-8-sig")
    api = client.get("/api/v1/enterprises", {"buyer": "companies"}).json()
    assert [e["name"] for e in api["results"]] == ["Återbruket A"]
    assert client.get("/api/v1/enterprises", {"buyer": "everyone"}).status_code == 422


def test_cards_show_offers_and_live_region_is_only_the_count(client, world):
    html = client.get(reverse("enterprises-directory")).content.decode()
    assert "Begagnade möbler" in html  # the first goods on the card
    assert html.count("aria-live") == 1
    assert re.search(r'<p id="hit-count" role="status" aria-live="polite"', html)
    assert 'id="open-data"' in html and "Öppna data" in html
    partial = client.get(reverse("enterprises-directory"), {"q": "hund"}, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert 'id="hit-count-text" hx-swap-oob="true"' in text
    assert "aria-live" not in text


# -- The edit form ----------------------------------------------------------------------------


def test_manager_saves_hours_exceptions_and_photos(manager, world):
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    data = {
        **edit_data(world, contact_role="Butiksansvarig", social_links="facebook.com/aterbruket"),
        **formset_data(
            "hours",
            [
                {"weekday": "0", "opens": "09:00", "closes": "12:00"},
                {"weekday": "0", "opens": "13:00", "closes": "17:00"},
                {"weekday": "", "opens": "", "closes": ""},
            ],
        ),
        **formset_data("exceptions", [{"date": day, "closed": "on", "note": "Julafton"}]),
        **formset_data("photos", [{"image": png(), "description": "Disken", "position": "1"}]),
    }
    response = manager.post(edit_url(world), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert [str(h) for h in enterprise.opening_hours.all()] == ["måndag 09:00–12:00", "måndag 13:00–17:00"]
    assert enterprise.opening_exceptions.get().note == "Julafton"
    assert enterprise.photos.get().description == "Disken"
    assert enterprise.social_links == "https://facebook.com/aterbruket"
    # The history of the profile shows the parts too.
    history = manager.get(enterprise.get_absolute_url()).context["history"]
    concerns = " ".join(entry.concerns for entry in history)
    assert "Öppettider" in concerns and "Foto" in concerns


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        ([{"weekday": "0", "opens": "12:00", "closes": "09:00"}], "closes", "efter"),
        (
            [
                {"weekday": "2", "opens": "09:00", "closes": "13:00"},
                {"weekday": "2", "opens": "12:00", "closes": "16:00"},
            ],
            "opens",
            "Krockar",
        ),
    ],
)
def test_bad_hours_are_refused_next_to_the_field_and_nothing_is_saved(manager, world, rows, field, message):
    data = {**edit_data(world, description="Ska inte sparas."), **formset_data("hours", rows)}
    response = manager.post(edit_url(world), data)
    assert response.status_code == 200
    hours = response.context["formsets"]["hours"]
    errors = [str(e) for form in hours for e in form.errors.get(field, [])]
    assert errors and message in errors[0]
    html = response.content.decode()
    assert "Ska inte sparas." in html  # typed input kept
    assert 'aria-invalid="true"' in html
    enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert enterprise.description == "Second hand i Ludvika."
    assert not enterprise.opening_hours.exists()


def test_bad_hours_in_english(manager, world):
    manager.post(reverse("set_language"), {"language": "en"})
    rows = [{"weekday": "0", "opens": "12:00", "closes": "09:00"}]
    response = manager.post(edit_url(world), {**edit_data(world), **formset_data("hours", rows)})
    assert "The closing time must be after the opening time." in response.content.decode()


def test_exception_needs_times_or_closed(manager, world):
    day = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    rows = [{"date": day, "note": "Inventering"}]
    response = manager.post(edit_url(world), {**edit_data(world), **formset_data("exceptions", rows)})
    assert response.status_code == 200
    assert "stängt hela dagen" in response.content.decode()
    assert not OpeningException.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"<html>not an image</html>", "image/jpeg"), "bild"),
        ("big", "för stor"),
    ],
)
def test_a_photo_that_is_no_image_or_too_large_is_refused(manager, world, settings, upload, message):
    if upload == "big":
        settings.IMAGE_MAX_BYTES = 100
        upload = png((200, 200))
    rows = [{"image": upload, "description": "Disken", "position": "0"}]
    data = {**edit_data(world, description="Ska inte sparas."), **formset_data("photos", rows)}
    response = manager.post(edit_url(world), data)
    assert response.status_code == 200
    errors = [str(e) for form in response.context["formsets"]["photos"] for e in form.errors.get("image", [])]
    assert errors and message in errors[0].lower()
    assert "Disken" in response.content.decode()
    assert not Photo.objects.exists()
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).description == "Second hand i Ludvika."


def test_a_photo_needs_a_description(manager, world):
    rows = [{"image": png(), "description": "", "position": "0"}]
    response = manager.post(edit_url(world), {**edit_data(world), **formset_data("photos", rows)})
    assert response.status_code == 200
    assert not Photo.objects.exists()


def test_bad_social_link_is_explained(manager, world):
    response = manager.post(edit_url(world), edit_data(world, social_links="inte en adress"))
    assert response.status_code == 200
    assert "social_links" in response.context["form"].errors


def test_edit_page_puts_the_showcase_first_and_registry_last(manager, world):
    html = manager.get(edit_url(world)).content.decode()
    order = [
        html.index(marker)
        for marker in ['id="id_description"', 'id="photos"', 'id="hours"', 'id="id_org_number"']
    ]
    assert order == sorted(order)
    assert 'type="checkbox" name="industries"' in html  # the SNI picker is a checkbox list
    assert "sni-picker.js" in html


def test_nothing_is_chosen_in_advance_on_a_new_enterprise(client, world):
    client.force_login(world.coordinator)
    form = client.get(reverse("enterprises-create")).context["form"]
    for name in ("sells_to_private", "sells_to_companies", "sells_to_public", "is_public"):
        assert not form[name].value(), name
    assert not form["status"].value()
    assert not form["municipality"].value()
    assert not form["industries"].value()
    assert not form["legal_form"].value()


def test_example_note_goes_once_the_description_is_rewritten(manager, world):
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(is_example=True)
    url = world.enterprise_a.get_absolute_url()
    assert "exempeltext" in manager.get(url).content.decode().lower()
    manager.post(edit_url(world), edit_data(world, description="Egen text."))
    assert not Enterprise.objects.get(pk=world.enterprise_a.pk).is_example
    assert "exempeltext" not in manager.get(url).content.decode().lower()


def test_api_shows_the_showcase(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_hours(world.enterprise_a)
    Photo.objects.create(enterprise=world.enterprise_a, image=png(), description="Butiken")
    data = client.get(f"/api/v1/enterprises/{world.enterprise_a.slug}").json()
    assert data["opening_hours"][0] == {"weekday": 0, "opens": "10:00", "closes": "18:00"}
    assert data["photos"][0]["description"] == "Butiken"
    assert data["sells_to_companies"] is False


# -- The week at a glance ----------------------------------------------------------------------


def _week_post(manager, world, rows, **extra):
    """Post the edit page with the hours formset as the page renders it (a row per day, unbound)."""
    page = manager.get(edit_url(world))
    hours = page.context["formsets"]["hours"]
    data = {**edit_data(world)}
    data.update({f"hours-{k}": v for k, v in hours.management_form.initial.items()})
    data["hours-TOTAL_FORMS"] = str(len(hours.forms))
    for i, form in enumerate(hours.forms):
        data[f"hours-{i}-weekday"] = str(form["weekday"].value())
        if form.instance.pk:
            data[f"hours-{i}-id"] = str(form.instance.pk)
            data[f"hours-{i}-opens"] = form.instance.opens.strftime("%H:%M")
            data[f"hours-{i}-closes"] = form.instance.closes.strftime("%H:%M")
    for index, (opens, closes) in rows.items():
        data[f"hours-{index}-opens"], data[f"hours-{index}-closes"] = opens, closes
    data.update(extra)
    return manager.post(edit_url(world), data)


def test_the_week_has_a_row_for_every_day(manager, world):
    world.enterprise_a.opening_hours.all().delete()
    hours = manager.get(edit_url(world)).context["formsets"]["hours"]
    assert [form["weekday"].value() for form in hours.forms] == [0, 1, 2, 3, 4, 5, 6]
    assert [len(day["forms"]) for day in hours.week()] == [1] * 7


def test_a_whole_week_with_a_lunch_break_in_one_save(manager, world):
    world.enterprise_a.opening_hours.all().delete()
    rows = dict.fromkeys(range(5), ("10:00", "18:00"))
    response = _week_post(manager, world, rows)
    assert response.status_code == 302, response.context and response.context["formsets"]["hours"].errors
    hours = list(world.enterprise_a.opening_hours.values_list("weekday", flat=True))
    assert hours == [0, 1, 2, 3, 4]
    # Then Monday gets a lunch break in its new empty row: the page has one more row per day.
    page = manager.get(edit_url(world)).context["formsets"]["hours"]
    assert [len(day["forms"]) for day in page.week()] == [2, 2, 2, 2, 2, 1, 1]


def test_same_as_monday_and_copy_to_weekdays_work_without_javascript(manager, world):
    world.enterprise_a.opening_hours.all().delete()
    # Monday: 9–12 and 13–17 (rows 0 is Monday's; the formset's extra rows are one per day).
    response = _week_post(
        manager,
        world,
        {0: ("09:00", "12:00"), 5: ("10:00", "14:00")},
        **{"hours-copy_to_weekdays": "1"},
    )
    assert response.status_code == 302
    # Monday's second interval in its new empty row, and Saturday like Monday too.
    page = manager.get(edit_url(world)).context["formsets"]["hours"]
    monday_empty = next(
        i for i, f in enumerate(page.forms) if f["weekday"].value() == 0 and not f.instance.pk
    )
    response = _week_post(
        manager,
        world,
        {monday_empty: ("13:00", "17:00")},
        **{"hours-same_as_monday": ["1", "2", "3", "4", "5"]},
    )
    assert response.status_code == 302
    by_day = {}
    for row in world.enterprise_a.opening_hours.all():
        by_day.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}–{row.closes:%H:%M}")
    assert by_day == {day: ["09:00–12:00", "13:00–17:00"] for day in range(6)}


def test_same_as_monday_without_monday_is_refused(manager, world):
    world.enterprise_a.opening_hours.all().delete()
    response = _week_post(manager, world, {}, **{"hours-same_as_monday": ["2"]})
    assert response.status_code == 200
    assert "Ange måndagens tider först" in response.content.decode()
    assert not world.enterprise_a.opening_hours.exists()
