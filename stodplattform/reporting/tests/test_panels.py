"""The start-page panel: links to the figures, the coordinator's report and the county view."""

from django.test import Client
from django.urls import reverse

from stodplattform.platforms.models import Region, RegionalRole
from stodplattform.platforms.testing import make_user


def start(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("portal-start")).content.decode()


def test_coordinator_finds_the_report(world):
    body = start(world.coordinator)
    assert reverse("reporting-report", args=[world.platform.slug]) in body
    assert reverse("reporting-dashboard", args=[world.platform.slug]) in body


def test_steering_finds_figures_but_no_report(world):
    body = start(world.steering)
    assert reverse("reporting-dashboard", args=[world.platform.slug]) in body
    assert reverse("reporting-report", args=[world.platform.slug]) not in body


def test_regional_observer_finds_the_county_view(world):
    user = make_user("lan")
    RegionalRole.objects.create(
        region=Region.objects.get(code="20"), user=user, role=RegionalRole.Kind.OBSERVER
    )
    assert reverse("reporting-county", args=["20"]) in start(user)


def test_manager_gets_no_panel(world):
    assert "siffror/plattform" not in start(world.manager_a)
