"""Managers mark interest in a matched call or tender; coordinators see who did."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.models import OfferKind
from stodplattform.financing.models import CallApplication, Outcome, TenderResponse
from stodplattform.financing.testing import make_call, make_tender


@pytest.fixture
def training(world):
    kind = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([kind])
    return kind


def test_manager_marks_interest_on_the_call_page_and_the_coordinator_sees_it(client, world):
    call = make_call(world.platform, title="Passar A")
    client.force_login(world.manager_a)
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]) in page
    response = client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]))
    assert response.status_code == 302 and response.url == call.get_absolute_url()
    application = CallApplication.objects.get()
    assert (application.enterprise, application.outcome, application.case) == (
        world.enterprise_a,
        Outcome.INTERESTED,
        None,
    )
    # Twice: the same application; the button is gone.
    client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]))
    assert CallApplication.objects.count() == 1
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]) not in page
    client.force_login(world.coordinator)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Marked interest" in page or "Har anmält intresse" in page
    assert world.enterprise_a.name in page
    start = client.get(reverse("portal-start")).content.decode()
    assert "1 marked interest" in start or "1 har anmält intresse" in start


def test_marking_interest_keeps_an_outcome_already_recorded(client, world):
    call = make_call(world.platform)
    CallApplication.objects.create(call=call, enterprise=world.enterprise_a, outcome=Outcome.GRANTED)
    client.force_login(world.manager_a)
    client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]))
    assert CallApplication.objects.get().outcome == Outcome.GRANTED


def test_interest_only_in_a_call_that_fits_and_is_open(client, world):
    client.force_login(world.manager_a)
    unfit = make_call(world.platform, legal_forms=["stiftelse"])
    world.enterprise_a.legal_form = "ek"
    world.enterprise_a.save()
    closed = make_call(world.platform, days=-1)
    elsewhere = make_call(world.other_platform)
    for call in (unfit, closed, elsewhere):
        response = client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug]))
        assert response.status_code == 404
    assert not CallApplication.objects.exists()


def test_another_enterprises_manager_is_refused(client, world):
    call = make_call(world.platform)
    client.force_login(world.manager_b)
    assert (
        client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug])).status_code == 404
    )
    client.force_login(world.steering)
    assert (
        client.post(reverse("financing-interest", args=[call.pk, world.enterprise_a.slug])).status_code == 403
    )
    assert not CallApplication.objects.exists()


def test_manager_marks_interest_in_a_tender_from_the_start_page(client, world, training):
    tender = make_tender(world.platform, "Arbetsträningsplatser", offers=[training])
    url = reverse("financing-tender-interest", args=[tender.pk, world.enterprise_a.slug])
    client.force_login(world.manager_a)
    start = client.get(reverse("portal-start")).content.decode()
    assert url in start
    response = client.post(url, {"next": reverse("portal-start")})
    assert response.status_code == 302 and response.url == reverse("portal-start")
    assert TenderResponse.objects.get().outcome == "interested"
    # An outside address in next is not followed.
    client.post(url, {"next": "https://evil.example/"})
    assert TenderResponse.objects.count() == 1
    assert url not in client.get(reverse("portal-start")).content.decode()
    client.force_login(world.coordinator)
    start = client.get(reverse("portal-start")).content.decode()
    assert "1 marked interest" in start or "1 har anmält intresse" in start


def test_tender_interest_needs_matching_offers(client, world, training):
    tender = make_tender(world.platform, "Städning", offers=[OfferKind.objects.get(code="stadning")])
    client.force_login(world.manager_a)
    url = reverse("financing-tender-interest", args=[tender.pk, world.enterprise_a.slug])
    assert client.post(url).status_code == 404


def test_start_page_button_from_the_call_panel(client, world):
    call = make_call(world.platform, title="Passar A")
    url = reverse("financing-interest", args=[call.pk, world.enterprise_a.slug])
    client.force_login(world.manager_a)
    assert url in client.get(reverse("portal-start")).content.decode()
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == call.get_absolute_url()


def test_start_page_query_count_with_interest_does_not_grow(client, world, training):
    from stodplattform.enterprises.testing import make_enterprise

    client.force_login(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal-start"))
        return len([q for q in queries if "financing" in q["sql"]])

    make_call(world.platform)
    make_tender(world.platform, offers=[training])
    few = count()
    for i in range(6):
        call = make_call(world.platform, title=f"U{i}")
        tender = make_tender(world.platform, f"T{i}", offers=[training])
        enterprise = make_enterprise(world.platform, f"Företag {i}")
        CallApplication.objects.create(call=call, enterprise=enterprise)
        TenderResponse.objects.create(tender=tender, enterprise=enterprise)
    assert count() == few
