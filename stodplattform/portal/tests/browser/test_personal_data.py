"""A coordinator gives an event registrant their data and erases it, from the members page."""

import re

from playwright.sync_api import Page, expect

from stodplattform.events.models import Registration
from stodplattform.portal.testing import check_axe, login

COORDINATOR = "samordnare@example.org"
REGISTRANT = "deltagare1@example.org"


def test_coordinator_exports_and_erases_a_registrant(page: Page):
    login(page, COORDINATOR)
    page.get_by_role("link", name="Medlemmar").first.click()
    page.get_by_role("link", name="En persons personuppgifter").click()
    expect(page).to_have_url(re.compile(r"/personuppgifter/person/$"))
    check_axe(page)

    page.get_by_label("E-postadress").fill(REGISTRANT)
    page.get_by_role("button", name="Sök").click()
    expect(page.locator("#kinds")).to_contain_text("Anmälningar till evenemang och återkoppling")
    check_axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("button", name="Radera…").click()
    expect(page.locator("h1")).to_have_text("Radera personens uppgifter")
    check_axe(page)
    page.get_by_role("button", name="Radera för gott").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Kryssa i rutan")
    page.get_by_label("Jag förstår").check()
    page.get_by_role("button", name="Radera för gott").click()
    expect(page).to_have_url(re.compile(r"/personuppgifter/person/$"))
    expect(page.locator("body")).to_contain_text("Personens personuppgifter har raderats.")
    assert not Registration.objects.filter(email=REGISTRANT).exists()
