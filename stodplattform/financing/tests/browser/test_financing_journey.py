"""A coordinator adds a call; the matching manager sees it on a 375 px phone and starts a financing
case in one step; a buyer finds the enterprises able to deliver work training. axe on every page."""

import datetime
import re

from playwright.sync_api import Page, expect

from stodplattform.portal.testing import PHONE, VIEWPORT, check_axe, follow, login, screenshot

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
COORDINATOR = "samordnare@example.org"
TITLE = "Stiftelsen Exempels bidrag till second hand (journey)"


def test_coordinator_adds_a_call_manager_applies_with_support_on_a_phone(page: Page):
    page.set_viewport_size(VIEWPORT)
    login(page, COORDINATOR)
    page.goto("/finansiering/")
    check_axe(page)
    screenshot(page, "financing-catalogue")
    page.goto("/finansiering/utlysning/ny/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option("foundation")
    page.locator("#id_funder").fill("Stiftelsen Exempel")
    page.locator("#id_amount_max").fill("1,5 milj.")
    deadline = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    page.locator("#id_deadline").fill(deadline)
    page.locator("#id_url").fill("https://example.org/stiftelsen")
    page.locator("input[name=statuses][value=active]").check()
    page.locator("main form button[type=submit]").click()
    # The amount is refused next to the field; what was typed stays.
    expect(page.locator("#id_amount_max_error")).to_contain_text("1 500 000")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    check_axe(page)
    screenshot(page, "financing-call-error")
    page.locator("#id_amount_max").fill("1 500 000")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/finansiering/utlysning/\d+/$"))
    expect(page.locator("#fitting-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Återvinningsbutiken")
    check_axe(page)
    screenshot(page, "financing-call-coordinator")

    # The manager, on a phone: the call is on My page; Sök med stöd opens a financing case.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login(page, MANAGER)
    expect(page.locator("section#financing")).to_contain_text(TITLE)
    check_axe(page)
    screenshot(page, "financing-start-phone", locator=page.locator("section#financing"))
    follow(page, page.get_by_role("link", name=TITLE).first)
    check_axe(page)
    page.get_by_role("button", name=re.compile("Sök med stöd")).first.click()
    expect(page).to_have_url(re.compile(r"/arenden/\d+/$"))
    expect(page.locator("main")).to_contain_text(TITLE)
    check_axe(page)
    screenshot(page, "financing-case-opened-phone")


def test_a_buyer_finds_enterprises_that_offer_work_training(page: Page):
    page.set_viewport_size(VIEWPORT)
    page.goto("/kopa/vasterbergslagen/")
    check_axe(page)
    page.locator("#erbjuder").select_option("arbetstraning")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"erbjuder=arbetstraning"))
    expect(page.locator("main table")).to_contain_text("Återvinningsbutiken")
    expect(page.locator("main table")).not_to_contain_text("Hantverkstan i Smedjebacken")
    expect(page.locator("main")).to_contain_text("Kan lämna anbud på reserverade kontrakt")
    check_axe(page)
    screenshot(page, "financing-buyers", full_page=True)
    # The directory's search finds them by the buyer's word, too.
    page.goto("/foretag/?q=arbetstr%C3%A4ning")
    expect(page.locator("main")).to_contain_text("Återvinningsbutiken")
    check_axe(page)
