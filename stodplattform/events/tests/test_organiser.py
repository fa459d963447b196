"""The organiser's pages: creating and changing events, exhibitors, attendees, check-in, badges, feedback."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stodplattform.events.models import Event, Exhibitor, Registration, RegistrationStatus
from stodplattform.events.services import feedback_link, request_feedback
from stodplattform.events.testing import make_event, make_registration

pytestmark = pytest.mark.django_db


def _event_data(**extra):
    data = {
        "platform": "",
        "title": "Vårseminariet",
        "kind": "seminar",
        "starts_at": "2031-04-02T13:00",
        "ends_at": "2031-04-02T16:00",
        "venue": "Folkets hus",
        "capacity": "30",
        "is_public": "on",
        "programme-TOTAL_FORMS": "3",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "40",
        "programme-0-starts_at": "13:00",
        "programme-0-title": "Välkomna",
        "programme-0-speaker": "Samordnaren",
    }
    data.update(extra)
    return data


def test_coordinator_creates_an_event_with_programme(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("events-create"), _event_data(platform=world.platform.pk))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.slug == "varseminariet" and event.platform == world.platform
    assert [i.title for i in event.programme.all()] == ["Välkomna"]


def test_two_creates_with_one_title_both_succeed(client, world):
    """The slug a form found free may be taken by a concurrent create before it saves."""
    from stodplattform.events.forms import EventForm
    from stodplattform.events.services import save_event
    from stodplattform.platforms.models import Platform

    platforms = Platform.objects.filter(pk=world.platform.pk)
    form = EventForm(_event_data(platform=world.platform.pk), platforms=platforms)
    assert form.is_valid(), form.errors
    form.instance.slug = "varseminariet"  # what the form found free, and then
    make_event(world.platform, "Vårseminariet")  # a concurrent create saved it first
    event = save_event(form, by=world.coordinator)
    assert event.pk and event.slug.startswith("varseminariet-")
    assert Event.objects.filter(title="Vårseminariet").count() == 2


def test_end_before_start_is_refused_and_keeps_input(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("events-create"), _event_data(platform=world.platform.pk, ends_at="2031-04-02T12:00")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_ends_at_error"' in html and 'value="Vårseminariet"' in html
    assert not Event.objects.exists()


def test_capacity_below_confirmed_is_refused(client, world):
    event = make_event(world.platform, capacity=3)
    for name in ["Ada A", "Bo B", "Cy C"]:
        make_registration(event, name)
    client.force_login(world.coordinator)
    data = _event_data(
        platform=world.platform.pk,
        title=event.title,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        capacity="2",
    )
    response = client.post(reverse("events-edit", args=[event.slug]), data)
    assert response.status_code == 200
    assert 'id="id_capacity_error"' in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3 and not event.programme.exists()


def test_more_capacity_promotes_the_waiting_list(client, world, mailoutbox):
    event = make_event(world.platform, capacity=1)
    make_registration(event, "Ada A")
    waiting = make_registration(event, "Bo B", status=RegistrationStatus.WAITING)
    client.force_login(world.coordinator)
    data = _event_data(
        platform=world.platform.pk,
        title=event.title,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        capacity="2",
    )
    assert client.post(reverse("events-edit", args=[event.slug]), data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.email]]


def test_manager_signs_up_their_enterprise_at_a_fair(client, world):
    fair = make_event(world.platform, "Mässan", kind="fair")
    client.force_login(world.manager_a)
    page = client.get(reverse("events-exhibit", args=[fair.slug]))
    assert world.enterprise_a.name in page.content.decode()
    assert world.enterprise_b.name not in page.content.decode()
    # Someone else's enterprise is not a choice.
    bad = client.post(reverse("events-exhibit", args=[fair.slug]), {"enterprise": world.enterprise_b.pk})
    assert bad.status_code == 200 and not Exhibitor.objects.exists()
    response = client.post(
        reverse("events-exhibit", args=[fair.slug]),
        {"enterprise": world.enterprise_a.pk, "pitch": "Second hand", "booth": "99"},
    )
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get()
    assert exhibitor.booth == ""  # the organiser hands out booths
    html = client.get(fair.get_absolute_url()).content.decode()
    assert world.enterprise_a.get_absolute_url() in html and "Second hand" in html


def test_manager_panel_lists_fairs(client, world):
    fair = make_event(world.platform, "Mässan", kind="fair")
    client.force_login(world.manager_a)
    html = client.get(reverse("portal-start")).content.decode()
    assert fair.title in html and reverse("events-exhibit", args=[fair.slug]) in html


def test_coordinator_panel_shows_places(client, world):
    event = make_event(world.platform, capacity=5)
    make_registration(event)
    client.force_login(world.coordinator)
    html = client.get(reverse("portal-start")).content.decode()
    assert event.title in html and "1 / 5" in html


def test_attendee_filters_and_exports(client, world):
    event = make_event(world.platform)
    make_registration(event, "Ada Alm", organisation="Kommunen", note="Vegetarisk")
    make_registration(event, "Bo Berg", organisation="Regionen", checked_in_at=timezone.now())
    client.force_login(world.coordinator)
    page = client.get(reverse("events-attendees", args=[event.slug]), {"q": "regionen"}).content.decode()
    assert "Bo Berg" in page and "Ada Alm" not in page
    page = client.get(reverse("events-attendees", args=[event.slug]), {"attended": "no"}).content.decode()
    assert "Ada Alm" in page and "Bo Berg" not in page
    csv = b"".join(client.get(reverse("events-export-csv", args=[event.slug])).streaming_content).decode()
    assert "Ada Alm" in csv and "Vegetarisk" in csv
    xlsx = client.get(reverse("events-export-xlsx", args=[event.slug]), {"q": "Ada"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert len(rows) == 2 and rows[1][0] == "Ada Alm"


def test_check_in_without_js_and_with_htmx(client, world):
    event = make_event(world.platform)
    ada = make_registration(event, "Ada Alm")
    client.force_login(world.coordinator)
    url = reverse("events-checkin-toggle", args=[event.slug, ada.pk])
    response = client.post(url, {"q": "Ada"})
    assert response.status_code == 302 and response["Location"].endswith("/incheckning/?q=Ada")
    ada.refresh_from_db()
    assert ada.checked_in_at
    response = client.post(url, {"undo": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'id="checkin-{ada.pk}"' in response.content.decode()
    assert 'id="checkin-count" hx-swap-oob="true"' in response.content.decode()
    assert "<html" not in response.content.decode()
    ada.refresh_from_db()
    assert ada.checked_in_at is None
    # Search: htmx gets only the list.
    found = client.get(
        reverse("events-checkin", args=[event.slug]), {"q": "ada"}, headers={"HX-Request": "true"}
    )
    assert "Ada Alm" in found.content.decode() and "<html" not in found.content.decode()


def test_badges(client, world):
    event = make_event(world.platform)
    make_registration(event, "Ada Alm", organisation="Kommunen")
    make_registration(event, "Bo Berg", status=RegistrationStatus.WAITING)
    client.force_login(world.coordinator)
    html = client.get(reverse("events-badges", args=[event.slug])).content.decode()
    assert "Ada Alm" in html and "Kommunen" in html and "Bo Berg" not in html
    pdf = client.get(reverse("events-badges-pdf", args=[event.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_feedback_after_the_event(client, world, mailoutbox):
    event = make_event(world.platform, days=-1)
    came = make_registration(event, "Ada Alm", checked_in_at=event.starts_at)
    make_registration(event, "Bo Berg")  # did not come
    client.force_login(world.coordinator)
    client.post(reverse("events-feedback-request", args=[event.slug]))
    assert [m.to for m in mailoutbox] == [[came.email]]
    # Twice: nobody is asked again.
    assert request_feedback(event, by=world.coordinator) == 0
    client.logout()
    link = feedback_link(came)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    bad = client.post(path, {"rating": "9"})
    assert bad.status_code == 200 and 'id="id_rating_error"' in bad.content.decode()
    assert client.post(path, {"rating": "4", "comment": "Bra!"}).status_code == 200
    came.refresh_from_db()
    assert came.rating == 4 and came.comment == "Bra!"
    assert client.post(path, {"rating": "1"}).status_code == 400
    came.refresh_from_db()
    assert came.rating == 4


def test_feedback_not_before_the_event(world):
    event = make_event(world.platform)
    with pytest.raises(Exception):  # noqa: B017
        request_feedback(event, by=world.coordinator)


def test_past_event_shows_how_many_came(client, world):
    event = make_event(world.platform, days=-3)
    make_registration(event, "Ada Alm", checked_in_at=event.starts_at)
    make_registration(event, "Bo Berg")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "1" in html and event.title in html
    assert client.get(reverse("events-archive")).content.decode().count(event.title) >= 1
    assert event.title not in client.get(reverse("events-list")).content.decode()


def test_past_event_refuses_registration(client, world):
    event = make_event(world.platform, days=-3)
    response = client.post(event.get_absolute_url(), {"name": "X", "email": "x@example.org", "consent": "on"})
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_no_page_answers_500_for_odd_input(client, world):
    event = make_event(world.platform)
    client.force_login(world.coordinator)
    for url, params in [
        (reverse("events-list"), {"page": "x"}),
        (reverse("events-attendees", args=[event.slug]), {"status": "nonsense", "page": "999"}),
        (reverse("events-checkin", args=[event.slug]), {"q": "\x00" * 3}),
        (reverse("events-cancel", args=["a" * 300]), {}),
        (reverse("events-feedback", args=["x:y:z"]), {}),
    ]:
        assert client.get(url, params).status_code < 500
    bad_dates = _event_data(platform=world.platform.pk, starts_at="igår", capacity="-1")
    assert client.post(reverse("events-create"), bad_dates).status_code == 200
    assert (
        client.post(
            reverse("events-create"),
            _event_data(platform=world.other_platform.pk, registration_closes_at="2031-05-01T00:00"),
        ).status_code
        == 200
    )
    assert Event.objects.count() == 1
    # A platform that is no slug is named in a 422, as every filter of the API (api/test_fuzz.py).
    assert client.get("/api/v1/events", {"platform": "a\x00b"}).status_code == 422


def test_organiser_cancels_a_registration_and_the_first_in_line_moves_up(client, world, mailoutbox):
    event = make_event(world.platform, capacity=1)
    ada = make_registration(event, "Ada Alm")
    bo = make_registration(event, "Bo Berg", status=RegistrationStatus.WAITING)
    client.force_login(world.coordinator)
    response = client.post(reverse("events-registration-cancel", args=[event.slug, ada.pk]), follow=True)
    assert "Bo Berg" in response.content.decode()
    ada.refresh_from_db()
    bo.refresh_from_db()
    assert ada.status == RegistrationStatus.CANCELLED and bo.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mailoutbox] == [[bo.email]]
    # Twice: not found among the active ones.
    assert client.post(reverse("events-registration-cancel", args=[event.slug, ada.pk])).status_code == 404
