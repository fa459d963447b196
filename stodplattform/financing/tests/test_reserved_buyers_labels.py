"""Reserved contracts (the 30 % boundary, the statutes upload), the buyer page, tenders and labels."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises.models import OfferKind
from stodplattform.enterprises.testing import make_enterprise
from stodplattform.financing.models import QualityLabel, ReservedEvidence, TenderResponse
from stodplattform.financing.services import is_ready_for_reserved
from stodplattform.financing.testing import make_figures, make_label, make_tender

PDF = b"%PDF-1.4\n% stadgar\n"
READY = "Kan lämna anbud på reserverade kontrakt"


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path


def evidence_for(enterprise):
    return ReservedEvidence.objects.create(
        enterprise=enterprise,
        statutes=SimpleUploadedFile("stadgar.pdf", PDF, "application/pdf"),
        purpose_confirmed=True,
        checked_on=timezone.localdate(),
    )


@pytest.mark.parametrize(("target", "expected"), [(299, False), (300, True), (301, True)])
def test_the_share_is_computed_from_the_key_figures_at_the_boundary(world, private, target, expected):
    # 29.9 % and 30 % of 1 000 occupied.
    figures = make_figures(world.enterprise_a, occupied=1000, target_group=target, employees=400)
    assert figures.meets_reserved_contract_share is expected
    assert is_ready_for_reserved(evidence_for(world.enterprise_a), figures) is expected


def test_the_showcase_says_ready_only_when_both_requirements_hold(client, world, private):
    make_figures(world.enterprise_a, occupied=10, target_group=3)
    assert READY not in client.get(world.enterprise_a.get_absolute_url()).content.decode()
    evidence_for(world.enterprise_a)
    page = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    assert READY in page
    make_figures(world.enterprise_a, occupied=1000, target_group=299, year=timezone.localdate().year)
    assert READY not in client.get(world.enterprise_a.get_absolute_url()).content.decode()


def test_manager_uploads_statutes_and_a_wrong_file_is_refused(client, world, private):
    client.force_login(world.manager_a)
    url = reverse("financing-evidence", args=[world.enterprise_a.slug])
    bad = SimpleUploadedFile("stadgar.docx", b"PK\x03\x04xx", "application/octet-stream")
    response = client.post(url, {"statutes": bad, "purpose_confirmed": "on"})
    assert "statutes" in response.context["form"].errors
    assert not ReservedEvidence.objects.exists()
    fake = SimpleUploadedFile("stadgar.pdf", b"not a pdf", "application/pdf")
    response = client.post(url, {"statutes": fake, "purpose_confirmed": "on"})
    assert "statutes" in response.context["form"].errors
    good = SimpleUploadedFile("stadgar.pdf", PDF, "application/pdf")
    assert client.post(url, {"statutes": good, "purpose_confirmed": "on"}).status_code == 302
    evidence = ReservedEvidence.objects.get()
    assert evidence.checked_on == timezone.localdate() and evidence.purpose_confirmed
    download = client.get(reverse("financing-statutes", args=[world.enterprise_a.slug]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(world.manager_b)
    assert client.get(reverse("financing-statutes", args=[world.enterprise_a.slug])).status_code == 404
    client.logout()
    assert client.get(reverse("financing-statutes", args=[world.enterprise_a.slug])).status_code == 302


def test_buyer_finds_the_enterprises_that_offer_work_training(client, world, private):
    training = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([training])
    world.enterprise_b.offers.set([OfferKind.objects.get(code="hundpensionat")])
    world.hidden.offers.set([training])
    url = reverse("financing-buyers", args=[world.platform.slug])
    page = client.get(url, {"erbjuder": "arbetstraning"}).content.decode()
    assert world.enterprise_a.name in page
    assert world.enterprise_b.name not in page and world.hidden.name not in page
    assert "LOU 4 kap. 18 §" in page
    region = world.enterprise_a.municipality.region
    page = client.get(reverse("financing-buyers-region", args=[region.code]), {"erbjuder": "arbetstraning"})
    assert world.enterprise_a.name in page.content.decode()


def test_buyer_page_shows_who_is_ready_and_labels(client, world, private):
    make_figures(world.enterprise_a, occupied=10, target_group=5)
    evidence_for(world.enterprise_a)
    make_label(world.enterprise_a, name="Skoopi-certifierad (exempel)")
    page = client.get(reverse("financing-buyers", args=[world.platform.slug])).content.decode()
    assert READY in page and "Skoopi-certifierad (exempel)" in page


def test_buyer_page_query_count_does_not_grow_with_enterprises(client, world, private):
    kinds = list(OfferKind.objects.all()[:3])
    url = reverse("financing-buyers", args=[world.platform.slug])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n, start):
        for i in range(start, start + n):
            e = make_enterprise(world.platform, f"Företag {i}")
            e.offers.set(kinds)
            make_figures(e, occupied=10, target_group=4)
            make_label(e)
            evidence_for(e)

    add(2, 0)
    few = count()
    add(20, 2)
    assert count() == few


def test_unknown_platform_or_region_is_404(client, world):
    assert client.get(reverse("financing-buyers", args=["finns-inte"])).status_code == 404
    assert client.get(reverse("financing-buyers-region", args=["99"])).status_code == 404


def test_coordinator_records_a_tender_matched_to_offers_and_outcome(client, world):
    training = OfferKind.objects.get(code="arbetstraning")
    world.enterprise_a.offers.set([training])
    client.force_login(world.coordinator)
    data = {
        "title": "Arbetsträningsplatser 2027",
        "kind": "tender",
        "buyer": "Ludvika kommun",
        "offers": ["arbetstraning"],
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "url": "https://example.org/upphandling",
        "reserved": "on",
    }
    bad = client.post(reverse("financing-tender-create"), {**data, "url": "file:///etc/passwd"})
    assert "url" in bad.context["form"].errors
    past = client.post(reverse("financing-tender-create"), {**data, "deadline": "2020-01-01"})
    assert "deadline" in past.context["form"].errors
    response = client.post(reverse("financing-tender-create"), data)
    assert response.status_code == 302
    tender = world.platform.tenders.get()
    page = client.get(tender.get_absolute_url()).content.decode()
    assert world.enterprise_a.name in page and world.enterprise_b.name not in page
    client.post(
        reverse("financing-tender-respond", args=[tender.pk, world.enterprise_a.slug]), {"outcome": "won"}
    )
    assert TenderResponse.objects.get().outcome == "won"
    client.force_login(world.manager_b)
    assert client.get(tender.get_absolute_url()).status_code == 200
    assert (
        client.post(
            reverse("financing-tender-respond", args=[tender.pk, world.enterprise_a.slug]),
            {"outcome": "lost"},
        ).status_code
        == 404
    )
    client.force_login(world.outsider)
    assert client.get(tender.get_absolute_url()).status_code == 404


def test_tender_panel_for_the_manager_whose_offers_fit(client, world):
    world.enterprise_a.offers.set([OfferKind.objects.get(code="stadning")])
    make_tender(world.platform, "Städning av skolor", offers=world.enterprise_a.offers.all())
    client.force_login(world.manager_a)
    assert "Städning av skolor" in client.get(reverse("portal-start")).content.decode()


def test_labels_with_dates_on_the_showcase_and_bad_dates_refused(client, world):
    client.force_login(world.manager_a)
    url = reverse("financing-labels", args=[world.enterprise_a.slug])
    today = timezone.localdate()
    bad = client.post(
        url,
        {
            "kind": "certified",
            "awarded_on": today.isoformat(),
            "renewal_due": "2020-01-01",
            "checked_on": today,
        },
    )
    assert "renewal_due" in bad.context["form"].errors and not QualityLabel.objects.exists()
    data = {
        "kind": "member",
        "awarded_on": (today - datetime.timedelta(days=100)).isoformat(),
        "renewal_due": (today + datetime.timedelta(days=200)).isoformat(),
        "checked_on": today.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    client.logout()
    page = client.get(world.enterprise_a.get_absolute_url()).content.decode()
    assert "Medlem i de sociala företagens riksförbund" in page and "kontrollerad:" in page


def test_labels_of_another_enterprise_are_out_of_reach(client, world):
    label = make_label(world.enterprise_a)
    client.force_login(world.manager_b)
    assert client.get(reverse("financing-labels", args=[world.enterprise_a.slug])).status_code == 404
    assert client.post(reverse("financing-label-delete", args=[label.pk])).status_code == 404
    client.force_login(world.steering)
    assert client.get(reverse("financing-labels", args=[world.enterprise_a.slug])).status_code == 403
    assert QualityLabel.objects.exists()
