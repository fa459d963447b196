"""A support request becomes a prospect of the start-up pipeline in one action, linked both ways."""

import pytest
from django.test import Client
from django.urls import reverse

from stodplattform.support.models import Prospect
from stodplattform.support.testing import make_case


@pytest.fixture
def request_case(world):
    return make_case(
        world.platform,
        title="Idé: reparationskafé",
        category="startup",
        requester_name="Ada Idé",
        requester_email="ada@example.org",
        requester_phone="070-123 45 67",
        requester_organisation="Reparationskaféet",
        municipality=world.platform.municipalities.first(),
    )


@pytest.fixture
def coordinator(world):
    client = Client()
    client.force_login(world.coordinator)
    return client


def test_the_case_offers_the_action_and_the_form_is_filled_from_it(world, request_case, coordinator):
    page = coordinator.get(request_case.get_absolute_url()).content.decode()
    url = reverse("support-case-to-pipeline", args=[request_case.pk])
    assert url in page
    form = coordinator.get(url).context["form"]
    assert form.initial["name"] == "Reparationskaféet"
    assert form.initial["contact_name"] == "Ada Idé"
    assert form.initial["contact_email"] == "ada@example.org"
    assert form.initial["contact_phone"] == "070-123 45 67"
    assert form.initial["municipality"] == world.platform.municipalities.first().pk
    assert request_case.reference in form.initial["notes"]


def test_saving_links_both_ways(world, request_case, coordinator):
    url = reverse("support-case-to-pipeline", args=[request_case.pk])
    data = coordinator.get(url).context["form"].initial
    response = coordinator.post(url, {**data, "contact_phone": "070-123 45 67"})
    assert response.status_code == 302 and response["Location"] == request_case.get_absolute_url()
    prospect = Prospect.objects.get(name="Reparationskaféet")
    assert prospect.platform == world.platform and prospect.stage == "idea"
    request_case.refresh_from_db()
    assert request_case.prospect == prospect
    # The case shows the prospect (a link into the pipeline) and no longer offers the action.
    page = coordinator.get(request_case.get_absolute_url()).content.decode()
    assert f"#prospect-{prospect.pk}" in page and url not in page
    # The pipeline shows the case on the prospect's card.
    pipeline = coordinator.get(reverse("support-pipeline")).content.decode()
    assert request_case.reference in pipeline and request_case.get_absolute_url() in pipeline
    # A second post changes nothing.
    coordinator.post(url, {**data})
    assert Prospect.objects.filter(name="Reparationskaféet").count() == 1


def test_bad_input_keeps_the_typed_values_and_saves_nothing(world, request_case, coordinator):
    url = reverse("support-case-to-pipeline", args=[request_case.pk])
    response = coordinator.post(url, {"name": "", "contact_name": "Ada Idé", "stage": "idea"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "municipality"}
    assert 'value="Ada Idé"' in response.content.decode()
    request_case.refresh_from_db()
    assert request_case.prospect_id is None and not Prospect.objects.filter(contact_name="Ada Idé").exists()


def test_a_case_about_an_enterprise_is_not_offered(world, cases, coordinator):
    url = reverse("support-case-to-pipeline", args=[cases.case_a.pk])
    assert url not in coordinator.get(cases.case_a.get_absolute_url()).content.decode()
    assert coordinator.get(url).status_code == 302
    assert coordinator.post(url, {"name": "X", "contact_name": "Y", "stage": "idea"}).status_code == 302
    cases.case_a.refresh_from_db()
    assert cases.case_a.prospect_id is None


def test_the_assignee_may_work_on_the_case_but_not_add_it(world, request_case):
    request_case.assignee = world.coopted
    request_case.save()
    client = Client()
    client.force_login(world.coopted)
    url = reverse("support-case-to-pipeline", args=[request_case.pk])
    assert url not in client.get(request_case.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
