"""The permission matrix of every events page and API endpoint: persona × URL × status, both platforms.

404 where the event is out of the persona's sight (invitation-only events of another
platform, or any for the public), 403 where it is in sight but the role is too low,
302 to the login page (401 in the API) without credentials.
"""

import pytest
from django.urls import reverse

from stodplattform.events.models import Exhibitor
from stodplattform.events.services import cancel_link, feedback_link
from stodplattform.events.testing import make_event, make_registration

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]
# Which events each persona sees: A's invitation-only events are for A's members, B's for B's.
SEES = {
    "anonymous": {"pub", "fair", "other"},
    "outsider": {"pub", "fair", "other", "other-inv"},
    "superuser": {"pub", "inv", "fair", "other", "other-inv"},
}
A_MEMBERS = {"coordinator", "steering", "coopted", "observer", "manager_a", "manager_b"}
ORGANISES = {"coordinator": {"pub", "inv", "fair"}, "outsider": {"other", "other-inv"}}
EVENTS = ["pub", "inv", "fair", "other", "other-inv"]
ORGANISER_PAGES = [
    "events-edit",
    "events-attendees",
    "events-export-csv",
    "events-export-xlsx",
    "events-checkin",
    "events-badges",
    "events-badges-pdf",
]


def sees(persona, key):
    if persona in SEES:
        return key in SEES[persona]
    return key in {"pub", "inv", "fair", "other"}  # A's members


def organises(persona, key):
    return persona == "superuser" or key in ORGANISES.get(persona, set())


@pytest.fixture
def events(world):
    made = {
        "pub": make_event(world.platform, "Pub"),
        "inv": make_event(world.platform, "Inv", is_public=False),
        "fair": make_event(world.platform, "Fair", kind="fair"),
        "other": make_event(world.other_platform, "Other"),
        "other-inv": make_event(world.other_platform, "Other inv", is_public=False),
    }
    for event in made.values():
        make_registration(event, "Ada Exempel")
    Exhibitor.objects.create(event=made["fair"], enterprise=world.enterprise_a, booth="1")
    return made


def _client(client, world, persona):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def page_matrix():
    for persona in PERSONAS:
        yield persona, "events-list", None, 200
        yield persona, "events-archive", None, 200
        for key in EVENTS:
            visible = sees(persona, key)
            yield persona, "events-detail", key, 200 if visible else 404
            yield persona, "events-ics", key, 200 if visible else 404
            for name in ORGANISER_PAGES:
                if persona == "anonymous":
                    status = 302
                elif not visible:
                    status = 404
                else:
                    status = 200 if organises(persona, key) else 403
                yield persona, name, key, status
        creator = persona in {"coordinator", "outsider", "superuser"}
        yield persona, "events-create", None, 302 if persona == "anonymous" else 200 if creator else 403
        # The exhibitor page of A's fair: its organiser and the managers of A's enterprises.
        exhibits = persona in {"coordinator", "manager_a", "manager_b", "superuser"}
        yield persona, "events-exhibit", "fair", 302 if persona == "anonymous" else 200 if exhibits else 403
        # Not a fair: no exhibitors page.
        yield persona, "events-exhibit", "pub", 302 if persona == "anonymous" else 404


@pytest.mark.parametrize(("persona", "name", "key", "status"), list(page_matrix()))
def test_page_matrix(client, world, events, persona, name, key, status):
    _client(client, world, persona)
    url = reverse(name, args=[events[key].slug]) if key else reverse(name)
    assert client.get(url).status_code == status


def post_matrix():
    for persona in PERSONAS:
        for key in EVENTS:
            if persona == "anonymous":
                status = 302
            elif not sees(persona, key):
                status = 404
            else:
                status = 302 if organises(persona, key) else 403
            yield persona, "checkin", key, status
            yield persona, "feedback", key, status
            yield persona, "cancel", key, status


@pytest.mark.parametrize(("persona", "action", "key", "status"), list(post_matrix()))
def test_post_matrix(client, world, events, persona, action, key, status):
    _client(client, world, persona)
    event = events[key]
    if action == "checkin":
        url = reverse("events-checkin-toggle", args=[event.slug, event.registrations.get().pk])
    elif action == "cancel":
        url = reverse("events-registration-cancel", args=[event.slug, event.registrations.get().pk])
    else:
        url = reverse("events-feedback-request", args=[event.slug])
    assert client.post(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("coordinator", 302),
        ("manager_a", 302),  # their own enterprise
        ("manager_b", 404),  # not theirs
        ("steering", 403),
        ("outsider", 403),
        ("superuser", 302),
    ],
)
def test_remove_exhibitor(client, world, events, persona, status):
    _client(client, world, persona)
    exhibitor = events["fair"].exhibitors.get()
    response = client.post(reverse("events-exhibitor-remove", args=["fair", exhibitor.pk]))
    assert response.status_code == status
    assert Exhibitor.objects.filter(pk=exhibitor.pk).exists() == (status != 302 or persona == "anonymous")


# The links in a registrant's e-mails: the link is the permission, whoever opens it and whatever
# their role, also for an invitation-only event they cannot see; a forged link, or the other
# e-mail's link, is refused.
def link_matrix():
    for persona in PERSONAS:
        for key in ("pub", "other-inv"):
            yield persona, "events-cancel", key, "own", 200
            yield persona, "events-feedback", key, "own", 200
            yield persona, "events-cancel", key, "other", 400
            yield persona, "events-feedback", key, "other", 400
        yield persona, "events-cancel", None, "forged", 400
        yield persona, "events-feedback", None, "forged", 400


@pytest.mark.parametrize(("persona", "name", "key", "link", "status"), list(link_matrix()))
def test_link_matrix(client, world, events, persona, name, key, link, status):
    _client(client, world, persona)
    if link == "forged":
        url = reverse(name, args=["eyJyIjoxLCJrIjoieCJ9:forged"])
    else:
        registration = events[key].registrations.get()
        own = cancel_link if name == "events-cancel" else feedback_link
        other = feedback_link if name == "events-cancel" else cancel_link
        # The token of the link, put into this page's address.
        token = (own if link == "own" else other)(registration).rstrip("/").rsplit("/", 1)[-1]
        url = reverse(name, args=[token])
    assert client.get(url).status_code == status


# -- The API -----------------------------------------------------------------------


def api_matrix():
    for persona in PERSONAS:
        yield persona, "GET", "/events", 200
        for key in EVENTS:
            visible = sees(persona, key)
            for path in (f"/events/{key}", f"/events/{key}/programme", f"/events/{key}/exhibitors"):
                yield persona, "GET", path, 200 if visible else 404
            if persona == "anonymous":
                status = 401
            elif not visible:
                status = 404
            else:
                status = 200 if organises(persona, key) else 403
            yield persona, "GET", f"/events/{key}/registrations", status
            yield persona, "PATCH", f"/events/{key}", status
        creator = persona in {"coordinator", "outsider", "superuser"}
        yield persona, "POST", "/events", 401 if persona == "anonymous" else 201 if creator else 403


@pytest.mark.parametrize(("persona", "method", "path", "status"), list(api_matrix()))
def test_api_matrix(client, world, events, persona, method, path, status):
    import json

    _client(client, world, persona)
    url = "/api/v1" + path
    if method == "GET":
        response = client.get(url)
    else:
        body = {"capacity": 20}
        if method == "POST":
            body = {
                "title": "Matrisseminariet",
                "starts_at": "2031-05-04T13:00:00+02:00",
                "ends_at": "2031-05-04T16:00:00+02:00",
                "venue": "Folkets hus",
                "capacity": 30,
            }
            if persona == "superuser":
                body["platform"] = "plattform-a"
        call = client.post if method == "POST" else client.patch
        response = call(url, json.dumps(body), content_type="application/json")
    assert response.status_code == status, response.content
