"""Financing's API writes: the same rules, forms and services as the pages."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from stodplattform.accounts.models import ApiToken
from stodplattform.enterprises.models import OfferKind
from stodplattform.financing.models import CallApplication, FundingCall, Tender, TenderResponse
from stodplattform.financing.testing import make_call, make_tender
from stodplattform.platforms.models import RegionalRole
from stodplattform.support.models import Category, SupportCase


class Api:
    """A JSON client with a bearer token of one person."""

    def __init__(self, user):
        _, raw = ApiToken.issue(user=user, name="test")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}

    def post(self, path, data):
        return self.client.post(
            "/api/v1" + path, json.dumps(data), content_type="application/json", headers=self.headers
        )

    def patch(self, path, data):
        return self.client.patch(
            "/api/v1" + path, json.dumps(data), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def as_token(db):
    return Api


def soon(days=20):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def call_body(**extra):
    body = {
        "title": "Stöd till arbetsintegrerande sociala företag",
        "kind": "state_wise",
        "funder": "Tillväxtverket",
        "amount_max": "1 500 000",
        "deadline": soon(),
        "link": "https://tillvaxtverket.se/exempel",
    }
    body.update(extra)
    return body


def test_coordinator_adds_and_changes_a_call(world, as_token):
    api = as_token(world.coordinator)
    response = api.post("/financing/calls", call_body(industries=[], municipalities=["2085"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["platform"], body["amount_max"]) == (world.platform.slug, "1500000.00")
    call = FundingCall.objects.get()
    assert list(call.municipalities.values_list("code", flat=True)) == ["2085"]
    changed = api.patch(f"/financing/calls/{call.pk}", {"title": "Nytt namn", "amount_max": 200000})
    assert changed.status_code == 200, changed.content
    call.refresh_from_db()
    assert (call.title, call.amount_max, call.funder) == ("Nytt namn", 200000, "Tillväxtverket")
    assert list(call.municipalities.values_list("code", flat=True)) == ["2085"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount_max": "1,5 milj."}, "amount_max"),
        ({"link": "file:///etc/passwd"}, "link"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"deadline": None}, "deadline"),
        ({"kind": "okänd"}, "kind"),
        ({"regions": ["99"]}, "regions"),
        ({"deadline": "31/12"}, "deadline"),
    ],
)
def test_bad_call_input_is_422_with_the_field_named_and_nothing_saved(world, as_token, extra, field):
    response = as_token(world.coordinator).post("/financing/calls", call_body(**extra))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not FundingCall.objects.exists()


def test_who_may_add_calls_for_whom(world, as_token):
    assert as_token(world.manager_a).post("/financing/calls", call_body()).status_code == 403
    assert as_token(world.steering).post("/financing/calls", call_body()).status_code == 403
    # A coordinator of platform B may not add a call for platform A; nor for everyone.
    outsider = as_token(world.outsider)
    assert outsider.post("/financing/calls", call_body(platform=world.platform.slug)).status_code == 403
    region = world.enterprise_a.municipality.region
    assert outsider.post("/financing/calls", call_body(region=region.code)).status_code == 403
    assert not FundingCall.objects.exists()
    # The region's coordinator adds the region's call; a superuser everyone's.
    RegionalRole.objects.create(user=world.outsider, region=region, role=RegionalRole.Kind.COORDINATOR)
    response = outsider.post("/financing/calls", call_body(region=region.code))
    assert response.status_code == 201, response.content
    assert (response.json()["region"], response.json()["platform"]) == (region.code, None)
    everyone = as_token(world.superuser).post("/financing/calls", call_body())
    assert everyone.status_code == 201
    assert (everyone.json()["region"], everyone.json()["platform"]) == (None, None)
    # Changing: the coordinator of the call's platform; others 403 or 404.
    call = make_call(world.platform)
    assert as_token(world.steering).patch(f"/financing/calls/{call.pk}", {"title": "X"}).status_code == 403
    assert as_token(world.coordinator).patch(f"/financing/calls/{call.pk}", {"title": "X"}).status_code == 200
    installation = FundingCall.objects.get(platform=None, region=None)
    assert as_token(world.coordinator).patch(f"/financing/calls/{installation.pk}", {}).status_code == 403


def test_apply_with_support_opens_the_case_once(world, as_token):
    call = make_call(world.platform)
    api = as_token(world.manager_a)
    first = api.post(f"/financing/calls/{call.pk}/apply", {"enterprise": world.enterprise_a.slug})
    assert first.status_code == 201, first.content
    again = api.post(f"/financing/calls/{call.pk}/apply", {"enterprise": world.enterprise_a.slug})
    assert again.status_code == 200
    assert first.json()["case"] == again.json()["case"]
    case = SupportCase.objects.get()
    assert (case.category, case.enterprise) == (Category.FINANCING, world.enterprise_a)
    other = api.post(f"/financing/calls/{call.pk}/apply", {"enterprise": world.enterprise_b.slug})
    assert other.status_code == 404
    missing = api.post(f"/financing/calls/{call.pk}/apply", {})
    assert missing.status_code == 422 and "enterprise" in missing.json()["errors"]


def test_record_an_outcome(world, as_token):
    call = make_call(world.platform)
    application = CallApplication.objects.create(call=call, enterprise=world.enterprise_a)
    api = as_token(world.manager_a)
    path = f"/financing/applications/{application.pk}"
    no_amount = api.patch(path, {"outcome": "granted"})
    assert no_amount.status_code == 422 and "amount_granted" in no_amount.json()["errors"]
    bad = api.patch(path, {"outcome": "kanske"})
    assert bad.status_code == 422 and "outcome" in bad.json()["errors"]
    granted = api.patch(path, {"outcome": "granted", "amount_granted": "250 000"})
    assert granted.status_code == 200, granted.content
    assert (granted.json()["outcome"], granted.json()["amount_granted"]) == ("granted", "250000.00")
    refused = api.patch(path, {"outcome": "refused"})
    assert (refused.json()["outcome"], refused.json()["amount_granted"]) == ("refused", None)
    assert as_token(world.manager_b).patch(path, {"outcome": "applied"}).status_code == 404
    assert as_token(world.steering).patch(path, {"outcome": "applied"}).status_code == 404
    assert as_token(world.coordinator).patch(path, {"outcome": "applied"}).status_code == 200


def test_tenders_and_their_outcomes(world, as_token):
    world.enterprise_a.offers.set([OfferKind.objects.get(code="arbetstraning")])
    api = as_token(world.coordinator)
    body = {
        "title": "Arbetsträning 2027",
        "buyer": "Ludvika kommun",
        "offers": ["arbetstraning"],
        "deadline": soon(10),
    }
    bad = api.post("/financing/tenders", {**body, "link": "ftp://x", "offers": ["finns-inte"]})
    assert bad.status_code == 422 and {"link", "offers"} <= set(bad.json()["errors"])
    created = api.post("/financing/tenders", body)
    assert created.status_code == 201, created.content
    tender_id = created.json()["id"]
    assert api.patch(f"/financing/tenders/{tender_id}", {"reserved": True}).json()["reserved"] is True
    assert Tender.objects.get().offers.get().code == "arbetstraning"
    assert as_token(world.manager_a).post("/financing/tenders", body).status_code == 403
    assert (
        as_token(world.steering).patch(f"/financing/tenders/{tender_id}", {"title": "X"}).status_code == 403
    )
    assert (
        as_token(world.outsider).patch(f"/financing/tenders/{tender_id}", {"title": "X"}).status_code == 404
    )
    manager = as_token(world.manager_a)
    outcome = f"/financing/tenders/{tender_id}/outcome"
    wrong = manager.post(outcome, {"enterprise": world.enterprise_a.slug, "outcome": "kanske"})
    assert wrong.status_code == 422 and "outcome" in wrong.json()["errors"]
    won = manager.post(outcome, {"enterprise": world.enterprise_a.slug, "outcome": "won"})
    assert won.status_code == 200 and won.json()["outcome"] == "won"
    assert TenderResponse.objects.get().outcome == "won"
    assert (
        as_token(world.manager_b)
        .post(outcome, {"enterprise": world.enterprise_a.slug, "outcome": "lost"})
        .status_code
        == 404
    )


def test_mark_interest_through_the_api(world, as_token):
    training = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([training])
    call = make_call(world.platform)
    tender = make_tender(world.platform, offers=[training])
    unfit = make_tender(world.platform, "Städning", offers=[OfferKind.objects.get(code="stadning")])
    a = {"enterprise": world.enterprise_a.slug}
    manager = as_token(world.manager_a)
    first = manager.post(f"/financing/calls/{call.pk}/interest", a)
    assert first.status_code == 200 and first.json()["outcome"] == "interested"
    assert manager.post(f"/financing/calls/{call.pk}/interest", a).json()["id"] == first.json()["id"]
    assert manager.post(f"/financing/tenders/{tender.pk}/interest", a).json()["outcome"] == "interested"
    not_fitting = manager.post(f"/financing/tenders/{unfit.pk}/interest", a)
    assert not_fitting.status_code == 422 and "enterprise" in not_fitting.json()["errors"]
    for persona, status in (("coordinator", 403), ("steering", 403), ("observer", 404), ("manager_b", 404)):
        api = as_token(getattr(world, persona))
        assert api.post(f"/financing/calls/{call.pk}/interest", a).status_code == status, persona
        assert api.post(f"/financing/tenders/{tender.pk}/interest", a).status_code == status, persona
