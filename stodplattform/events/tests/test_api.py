"""The events API: what it answers, and bad input in the error shape of the enterprises API."""

import datetime
import json

import pytest

from stodplattform.events.models import Event, Exhibitor, ProgrammeItem
from stodplattform.events.testing import make_event, make_registration

pytestmark = pytest.mark.django_db


def _patch(client, path, body):
    return client.patch("/api/v1" + path, json.dumps(body), content_type="application/json")


def test_event_with_programme_and_exhibitors(client, world):
    fair = make_event(world.platform, "Mässan", kind="fair", capacity=5)
    ProgrammeItem.objects.create(
        event=fair, starts_at=datetime.time(10, 0), title="Öppning", speaker="Samordnaren"
    )
    Exhibitor.objects.create(event=fair, enterprise=world.enterprise_a, booth="3", pitch="Second hand")
    Exhibitor.objects.create(event=fair, enterprise=world.hidden, booth="4")
    make_registration(fair)
    data = client.get("/api/v1/events/massan").json()
    assert data["places_left"] == 4 and data["registration"] == "open" and data["with_fair"]
    assert data["programme"] == [{"time": "10:00", "title": "Öppning", "speaker": "Samordnaren"}]
    # A hidden enterprise is not shown to the public.
    assert [e["enterprise"] for e in data["exhibitors"]] == [world.enterprise_a.slug]
    assert data["exhibitors"][0]["url"].endswith(world.enterprise_a.get_absolute_url())
    listing = client.get("/api/v1/events").json()
    assert listing["count"] == 1 and listing["results"][0]["slug"] == "massan"
    assert client.get("/api/v1/events", {"when": "past"}).json()["count"] == 0
    assert client.get("/api/v1/events", {"when": "sometime"}).status_code == 422


def test_registrations_for_the_organiser(client, world):
    event = make_event(world.platform)
    make_registration(event, "Ada Alm", note="Nötter")
    client.force_login(world.coordinator)
    data = client.get(f"/api/v1/events/{event.slug}/registrations").json()
    assert data["count"] == 1 and data["results"][0]["name"] == "Ada Alm"
    assert data["results"][0]["note"] == "Nötter"


def test_end_before_start_and_capacity_below_confirmed(client, world):
    event = make_event(world.platform, capacity=2)
    make_registration(event, "Ada Alm")
    make_registration(event, "Bo Berg")
    client.force_login(world.coordinator)
    response = _patch(client, f"/events/{event.slug}", {"capacity": 1})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and list(body["errors"]) == ["capacity"]
    response = _patch(client, f"/events/{event.slug}", {"ends_at": "2001-01-01T10:00:00+01:00"})
    assert response.status_code == 422 and "ends_at" in response.json()["errors"]
    response = _patch(client, f"/events/{event.slug}", {"capacity": "många"})
    assert response.status_code == 422 and "capacity" in response.json()["errors"]
    event.refresh_from_db()
    assert event.capacity == 2
    ok = _patch(client, f"/events/{event.slug}", {"capacity": 3, "title": "Nytt namn"})
    assert ok.status_code == 200 and ok.json()["title"] == "Nytt namn" and ok.json()["places_left"] == 1


def test_create_event(client, world):
    client.force_login(world.coordinator)
    body = {
        "title": "API-seminariet",
        "starts_at": "2031-05-04T13:00:00+02:00",
        "ends_at": "2031-05-04T16:00:00+02:00",
        "online_url": "https://example.org/mote",
        "capacity": 30,
        "is_public": False,
    }
    response = client.post("/api/v1/events", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert event.platform == world.platform and not event.is_public
    assert response.json()["starts_at"].startswith("2031-05-04T11:00:00")  # UTC
    missing = client.post("/api/v1/events", json.dumps({"title": "X"}), content_type="application/json")
    assert missing.status_code == 422 and {"starts_at", "ends_at", "capacity"} <= set(
        missing.json()["errors"]
    )
