"""The coordinator adds an enterprise: a wrong organisation number is caught, nothing typed is lost."""

import re

from playwright.sync_api import Page, expect

from stodplattform.enterprises.models import Enterprise
from stodplattform.lib.orgnr import luhn_complete
from stodplattform.portal.testing import check_axe, login, screenshot

NAME = "Kaféet vid Kvarnen"
SLUG = "kafeet-vid-kvarnen"
BAD_ORGNR = "123456-7890"  # wrong check digit


def test_coordinator_creates_an_enterprise(page: Page):
    login(page, "samordnare@example.org")
    # The overview lists the platform's enterprises, each with an edit link.
    expect(page.locator("main table tbody tr")).to_have_count(6)
    expect(page.locator("main a[href$='/redigera/']")).to_have_count(6)
    check_axe(page)
    screenshot(page, "dashboard-coordinator")

    page.locator("main a[href='/foretag/ny/']").first.click()
    expect(page).to_have_url(re.compile(r"/foretag/ny/$"))
    check_axe(page)

    # First attempt: the organisation number has a wrong check digit.
    page.locator("#id_name").fill(NAME)
    page.locator("#id_org_number").fill(BAD_ORGNR)
    page.locator("#id_municipality").select_option("2085")
    page.locator("#id_status").select_option("startup")
    page.locator("#id_description").fill("Ett kafé med lunch och fika.")
    page.locator("main form button[type=submit]").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_org_number']")).to_be_visible()
    field_error = page.locator("#id_org_number_error")
    expect(field_error).to_be_visible()
    expect(field_error).to_contain_text("NNNNNN-NNNN")
    org = page.locator("#id_org_number")
    expect(org).to_have_attribute("aria-invalid", "true")
    expect(org).to_have_attribute("aria-describedby", re.compile(r"\bid_org_number_error\b"))
    # Nothing typed is lost, nothing is saved.
    expect(page.locator("#id_name")).to_have_value(NAME)
    expect(org).to_have_value(BAD_ORGNR)
    expect(page.locator("#id_municipality")).to_have_value("2085")
    expect(page.locator("#id_status")).to_have_value("startup")
    expect(page.locator("#id_description")).to_have_value("Ett kafé med lunch och fika.")
    assert not Enterprise.objects.filter(name=NAME).exists()
    check_axe(page)
    # The summary link leads to the field.
    summary.locator("a[href='#id_org_number']").click()
    expect(org).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "enterprise-form-error")

    # Second attempt: a valid number.
    good = luhn_complete("769600002")
    org.fill(good)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/foretag/{SLUG}/(#.*)?$"))
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator("main .messages .alert-success")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text(good)
    history = page.locator("section[aria-labelledby='history-heading']")
    expect(history).to_be_visible()
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr").first).to_contain_text("Samordnare, Samarkand (demo)")
    check_axe(page)

    enterprise = Enterprise.objects.get(slug=SLUG)
    assert enterprise.org_number == good
    assert enterprise.platform.slug == "vasterbergslagen"
    assert enterprise.municipality.code == "2085"


def test_coordinator_edit_shows_in_history(page: Page):
    login(page, "samordnare@example.org")
    page.goto("/foretag/luddes-hundcenter/redigera/")
    # The coordinator also has the registry fields.
    expect(page.locator("#id_platform")).to_be_visible()
    expect(page.locator("#id_status")).to_be_visible()
    check_axe(page)
    page.locator("#id_phone").fill("0240-123 45")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/foretag/luddes-hundcenter/$"))
    expect(page.locator("main a[href^='tel:']")).to_have_text("0240-123 45")
    history = page.locator("section[aria-labelledby='history-heading']")
    newest = history.locator("tbody tr").first
    expect(newest).to_contain_text("0240-123 45")
    expect(newest).to_contain_text("Samordnare, Samarkand (demo)")
    # Only what was changed is recorded: the phone number, not the untouched fields.
    expect(newest.locator("li")).to_have_count(1)
    check_axe(page)
    screenshot(page, "history", locator=history)
    enterprise = Enterprise.objects.get(slug="luddes-hundcenter")
    assert enterprise.offers_services == "Hunddagis\nHundkurser"
    assert enterprise.municipality.code == "2085"
