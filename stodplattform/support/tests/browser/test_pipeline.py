"""The start-up pipeline in a real browser, on the desktop and on a phone: a request becomes a
prospect in one action, and a prospect is registered as an enterprise through the registry's own
industry picker; no form control overlaps another on any form page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from stodplattform.portal.testing import PHONE, VIEWPORT, check_axe, check_no_overlap, login, screenshot
from stodplattform.support.models import Prospect, Stage, SupportCase

COORDINATOR = "samordnare@example.org"


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_prospect_is_registered_with_the_registrys_industry_picker(page: Page, viewport):
    page.set_viewport_size(viewport)
    prospect = Prospect.objects.filter(enterprise__isnull=True).order_by("pk").first()
    Prospect.objects.filter(pk=prospect.pk).update(stage=Stage.REGISTRATION)
    login(page, COORDINATOR)
    page.goto(f"/arenden/startpipeline/{prospect.pk}/registrera/")
    expect(page.locator("h1")).to_contain_text(prospect.name)
    # The same picker as on "Nytt företag": a scroll box with a filter, not a spilled list.
    expect(page.locator(".sni-picker")).to_be_visible()
    expect(page.locator("#sni-filter")).to_be_visible()
    check_no_overlap(page)
    check_axe(page)
    if viewport == VIEWPORT:
        screenshot(page, "support-prospect-register", full_page=True)
    # A click on "Visas i den öppna katalogen" ticks that box, not an industry.
    page.get_by_label("Visas i den öppna katalogen").click()
    expect(page.get_by_label("Visas i den öppna katalogen")).to_be_checked()
    page.locator("#id_industries_0").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/foretag/[\w-]+/$"))
    prospect.refresh_from_db()
    assert prospect.enterprise is not None
    assert prospect.enterprise.industries.count() == 1


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_request_is_added_to_the_pipeline_in_one_action(page: Page, viewport):
    page.set_viewport_size(viewport)
    case = SupportCase.objects.filter(
        enterprise__isnull=True,
        prospect__isnull=True,
        purged_at__isnull=True,
        platform__slug="vasterbergslagen",
    ).first()
    case.requester_organisation = "Reparationskaféet"
    case.save()
    login(page, COORDINATOR)
    page.goto(f"/arenden/{case.pk}/")
    check_no_overlap(page)
    page.locator("main details.more-actions > summary").click()  # "Fler åtgärder"
    check_no_overlap(page)
    check_axe(page)
    page.get_by_role("link", name="Lägg till bland nya företag på väg").click()
    expect(page.locator("#id_name")).to_have_value("Reparationskaféet")
    check_no_overlap(page)
    check_axe(page)
    if viewport == VIEWPORT:
        screenshot(page, "support-case-to-pipeline", full_page=True)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case.pk}/$"))
    expect(page.locator("#case-prospect")).to_contain_text("Reparationskaféet")
    check_axe(page)
    page.locator("#case-prospect a").click()
    expect(page.locator("#pipeline")).to_contain_text(case.reference)
    check_axe(page)
