"""The permission matrix of every financing page: persona × URL × status, both platforms.

404 where the record is out of the persona's sight, 403 where it is in sight but the role is
too low, 302 to the login page without sign-in.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stodplattform.financing.models import CallApplication, ReservedEvidence
from stodplattform.financing.testing import make_call, make_label, make_tender

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
A_MEMBERS = {"coordinator", "steering", "coopted", "observer", "manager_a", "manager_b"}
LOGIN = 302


@pytest.fixture
def things(world, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    call = make_call(world.platform)
    application = CallApplication.objects.create(call=call, enterprise=world.enterprise_a)
    ReservedEvidence.objects.create(
        enterprise=world.enterprise_a,
        statutes=SimpleUploadedFile("s.pdf", b"%PDF-1.4", "application/pdf"),
        purpose_confirmed=True,
    )
    return {
        "call": call,
        "application": application,
        "tender": make_tender(world.platform),
        "label": make_label(world.enterprise_a),
    }


def expected_get(persona, name):
    """The status of a GET of each page for each persona."""
    public = {"financing-catalogue", "financing-call", "financing-buyers", "financing-buyers-region"}
    if name in public:
        return 200
    if persona == "anonymous":
        return LOGIN
    if persona == "superuser":
        return 200
    if name == "financing-call-create":
        return 200 if persona in {"coordinator", "outsider"} else 403
    if name == "financing-call-edit":
        return 200 if persona == "coordinator" else (404 if persona == "outsider" else 403)
    if name == "financing-tender-create":
        return 200 if persona in {"coordinator", "outsider"} else 403
    if name == "financing-tender":
        return 200 if persona in A_MEMBERS else 404
    if name == "financing-tender-edit":
        return 200 if persona == "coordinator" else (404 if persona not in A_MEMBERS else 403)
    # Enterprise A's pages: its manager and its coordinator; steering sees A (403); others 404.
    if name in {"financing-evidence", "financing-statutes", "financing-labels", "financing-outcome"}:
        if persona in {"coordinator", "manager_a"}:
            return 200
        if persona == "steering" and name != "financing-outcome":
            return 403
        return 404
    raise AssertionError(name)


def url_for(name, world, things):
    args = {
        "financing-catalogue": [],
        "financing-call-create": [],
        "financing-tender-create": [],
        "financing-call": [things["call"].pk],
        "financing-call-edit": [things["call"].pk],
        "financing-outcome": [things["application"].pk],
        "financing-evidence": [world.enterprise_a.slug],
        "financing-statutes": [world.enterprise_a.slug],
        "financing-labels": [world.enterprise_a.slug],
        "financing-tender": [things["tender"].pk],
        "financing-tender-edit": [things["tender"].pk],
        "financing-buyers": [world.platform.slug],
        "financing-buyers-region": [world.enterprise_a.municipality.region.code],
    }[name]
    return reverse(name, args=args)


GET_PAGES = [
    "financing-catalogue",
    "financing-call-create",
    "financing-call",
    "financing-call-edit",
    "financing-outcome",
    "financing-evidence",
    "financing-statutes",
    "financing-labels",
    "financing-tender-create",
    "financing-tender",
    "financing-tender-edit",
    "financing-buyers",
    "financing-buyers-region",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GET_PAGES)
def test_get_matrix(client, world, things, persona, name):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    assert client.get(url_for(name, world, things)).status_code == expected_get(persona, name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(client, world, things, persona):
    """Sök med stöd, a tender's outcome and removing a label, for enterprise A."""
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    a = world.enterprise_a.slug
    seek = client.post(reverse("financing-seek", args=[things["call"].pk, a]))
    respond = client.post(
        reverse("financing-tender-respond", args=[things["tender"].pk, a]), {"outcome": "bid"}
    )
    delete = client.post(reverse("financing-label-delete", args=[things["label"].pk]))
    if persona == "anonymous":
        expected = (LOGIN, LOGIN, LOGIN)
    elif persona in {"coordinator", "manager_a", "superuser"}:
        expected = (302, 302, 302)
    elif persona == "steering":
        expected = (403, 403, 403)
    else:
        expected = (404, 404, 404)
    assert (seek.status_code, respond.status_code, delete.status_code) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_mark_interest_matrix(client, world, things, persona):
    """Marking interest in a call or tender that fits enterprise A: its manager (and a superuser)
    only; its coordinator and steering see A but are refused (403), others do not see it (404)."""
    from stodplattform.enterprises.models import OfferKind

    training = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([training])
    tender = make_tender(world.platform, "Arbetsträning", offers=[training])
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    a = world.enterprise_a.slug
    call = client.post(reverse("financing-interest", args=[things["call"].pk, a]))
    offer = client.post(reverse("financing-tender-interest", args=[tender.pk, a]))
    if persona == "anonymous":
        expected = (LOGIN, LOGIN)
    elif persona in {"manager_a", "superuser"}:
        expected = (302, 302)
    elif persona in {"coordinator", "steering"}:
        expected = (403, 403)
    else:
        expected = (404, 404)
    assert (call.status_code, offer.status_code) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(client, world, things, persona):
    """Open calls and the buyer page for anyone; applications and tenders by role."""
    from stodplattform.financing.models import CallApplication

    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    call = things["call"]
    assert client.get("/api/v1/financing/calls").status_code == 200
    assert client.get(f"/api/v1/financing/calls/{call.pk}").status_code == 200
    buyers = client.get(f"/api/v1/financing/buyers/{world.platform.slug}", {"offer": "arbetstraning"})
    assert buyers.status_code == 200
    applications = client.get("/api/v1/financing/applications")
    tenders = client.get("/api/v1/financing/tenders")
    if persona == "anonymous":
        assert (applications.status_code, tenders.status_code) == (401, 401)
        return
    seen = {a["id"] for a in applications.json()}
    own = CallApplication.objects.get(enterprise=world.enterprise_a).pk
    assert (own in seen) is (persona in {"coordinator", "manager_a", "superuser"})
    assert bool(tenders.json()) is (persona in A_MEMBERS | {"superuser"})


def _json(client, method, path, data):
    import json

    return getattr(client, method)(f"/api/v1{path}", json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_write_matrix(client, world, things, persona):
    """Every financing write of the API for each persona: 401 without sign-in, 403 a role too
    low, 404 out of sight; the same rules as the pages."""
    import datetime

    from django.utils import timezone

    from stodplattform.enterprises.models import OfferKind

    training = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([training])
    fitting = make_tender(world.platform, "Arbetsträning", offers=[training])
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    call, tender, a = things["call"], things["tender"], {"enterprise": world.enterprise_a.slug}
    soon = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    new_call = {
        "title": "Ny utlysning",
        "kind": "foundation",
        "funder": "Stiftelsen",
        "deadline": soon,
        "link": "https://example.org/u",
    }
    new_tender = {
        "platform": world.platform.slug,
        "title": "Ny",
        "buyer": "Ludvika kommun",
        "offers": ["arbetstraning"],
        "deadline": soon,
    }
    statuses = {
        "create_call": _json(client, "post", "/financing/calls", new_call).status_code,
        "change_call": _json(client, "patch", f"/financing/calls/{call.pk}", {"title": "X"}).status_code,
        "apply": _json(client, "post", f"/financing/calls/{call.pk}/apply", a).status_code,
        "call_interest": _json(client, "post", f"/financing/calls/{call.pk}/interest", a).status_code,
        "outcome": _json(
            client, "patch", f"/financing/applications/{things['application'].pk}", {"outcome": "applied"}
        ).status_code,
        "create_tender": _json(client, "post", "/financing/tenders", new_tender).status_code,
        "change_tender": _json(
            client, "patch", f"/financing/tenders/{tender.pk}", {"offers": ["stadning"]}
        ).status_code,
        "tender_outcome": _json(
            client, "post", f"/financing/tenders/{tender.pk}/outcome", {**a, "outcome": "bid"}
        ).status_code,
        "tender_interest": _json(client, "post", f"/financing/tenders/{fitting.pk}/interest", a).status_code,
    }
    if persona == "anonymous":
        assert set(statuses.values()) == {401}
        return
    keeps = persona in {"coordinator", "superuser"}
    acts = persona in {"coordinator", "manager_a", "superuser"}
    manages = persona in {"manager_a", "superuser"}
    sees_a = persona == "steering"  # sees enterprise A, may not act for it
    member = persona in A_MEMBERS
    expected = {
        "create_call": 201 if persona in {"coordinator", "outsider", "superuser"} else 403,
        "change_call": 200 if keeps else (404 if persona == "outsider" else 403),
        "apply": 201 if acts else (403 if sees_a else 404),
        "call_interest": 200 if manages else (403 if persona in {"coordinator", "steering"} else 404),
        "outcome": 200 if acts else 404,
        "create_tender": 201 if keeps else 403,
        "change_tender": 200 if keeps else (403 if member else 404),
        "tender_outcome": 200 if acts else (403 if sees_a else 404),
        "tender_interest": 200 if manages else (403 if persona in {"coordinator", "steering"} else 404),
    }
    assert statuses == expected
