"""Support cases in a real browser: a request from the public form is found, assigned and worked on;
managers and steering members see only what their role allows."""

import re

from playwright.sync_api import Page, expect

from stodplattform.portal.testing import (
    PHONE,
    check_axe,
    check_no_overlap,
    login,
    screenshot,
    switch_language,
)
from stodplattform.support.models import SupportCase

COORDINATOR = "samordnare@example.org"
COOPTED = "stodperson@example.org"
MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
STEERING = "naringslivschef.ludvika@example.org"


def test_request_is_assigned_and_worked_on(page: Page):
    # A visitor asks for support.
    page.goto("/fa-stod/")
    check_axe(page)
    check_no_overlap(page)
    page.locator("#id_name").fill("Exempelperson Test")
    page.locator("#id_email").fill("test.person@example.org")
    page.locator("#id_organisation").fill("Idé: reparationskafé")
    page.locator("#id_municipality").select_option("2085")
    page.get_by_label("Uppstart").check()
    page.get_by_label("Finansiering").check()
    page.locator("#id_message").fill("Vi vill starta ett reparationskafé i Ludvika.")
    # Without consent: a message next to the field, and nothing typed is lost.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_consent_error")).to_be_visible()
    expect(page.locator("#id_message")).to_have_value("Vi vill starta ett reparationskafé i Ludvika.")
    expect(page.get_by_label("Uppstart")).to_be_checked()
    assert not SupportCase.objects.filter(requester_email="test.person@example.org").exists()
    check_axe(page)
    check_no_overlap(page)
    screenshot(page, "support-request", full_page=True)
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/fa-stod/tack/$"))
    reference = page.locator("#case-reference").inner_text()
    assert re.fullmatch(r"VAS-\d{4}-\d{4}", reference)
    check_axe(page)
    screenshot(page, "support-receipt")
    case = SupportCase.objects.get(reference=reference)
    assert case.status == "new" and case.requester_email == "test.person@example.org"

    # The coordinator finds it among the new requests and gives it to the co-opted support person.
    login(page, COORDINATOR)
    expect(page.locator("#new-requests")).to_contain_text(reference)
    check_axe(page)
    page.goto("/arenden/")
    page.locator("#id_q").fill(reference)
    # Enter rather than a click: htmx swaps the results in place, and a hovered button fails contrast.
    page.locator("#id_q").press("Enter")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    check_axe(page)
    page.locator("#results tbody tr a").click()
    expect(page.locator("h1")).to_contain_text(reference)
    # "Ta ärendet" is the primary action; giving it to someone else is the form beside.
    expect(page.locator("main .btn-primary")).to_have_text("Ta ärendet")
    page.locator("#id_assignee").select_option(label="Adjungerad stödperson (demo)")
    page.get_by_role("button", name="Tilldela", exact=True).click()
    expect(page.locator("#case-assignee")).to_have_text("Adjungerad stödperson (demo)")
    check_axe(page)
    check_no_overlap(page)
    screenshot(page, "support-case", full_page=True)
    page.goto("/arenden/startpipeline/")
    expect(page.locator("#pipeline section")).to_have_count(5)
    check_axe(page)
    screenshot(page, "support-pipeline")

    # The co-opted member logs a 90-minute meeting.
    page.context.clear_cookies()
    login(page, COOPTED)
    page.goto(f"/arenden/{case.pk}/")
    page.locator("#id_kind").select_option("meeting")
    page.locator("#id_minutes").fill("-5")
    page.locator("#id_text").fill("Första mötet om idén.")
    page.locator("form[action$='/anteckning/'] button").click()
    expect(page.locator("#id_minutes_error")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value("Första mötet om idén.")
    check_axe(page)
    page.locator("#id_minutes").fill("90")
    page.locator("form[action$='/anteckning/'] button").click()
    expect(page.locator("#entries li")).to_have_count(1)
    expect(page.locator("#case-minutes")).to_contain_text("90")
    check_axe(page)
    assert case.entries.get().minutes == 90


def test_manager_and_steering_see_what_their_role_allows(page: Page):
    own = SupportCase.objects.filter(enterprise__slug="atervinningsbutiken").first()
    other = SupportCase.objects.filter(enterprise__slug="luddes-hundcenter").first()
    confidential = SupportCase.objects.filter(confidential=True).first()

    login(page, MANAGER)
    expect(page.locator("#support-cases")).to_be_visible()
    page.goto("/arenden/?status=all")
    expect(page.locator("#results")).to_contain_text(own.reference)
    expect(page.locator("#results")).not_to_contain_text(other.reference)
    check_axe(page)
    screenshot(page, "support-manager")
    page.goto(f"/arenden/{own.pk}/")
    expect(page.locator("h1")).to_contain_text(own.reference)
    expect(page.locator("form[action$='/anteckning/']")).to_have_count(0)
    check_axe(page)
    response = page.goto(f"/arenden/{other.pk}/")
    assert response.status == 404
    check_axe(page)

    page.context.clear_cookies()
    login(page, STEERING)
    response = page.goto(f"/arenden/{confidential.pk}/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text(confidential.title)
    page.goto("/arenden/statistik/")
    expect(page.locator("#case-counts")).to_be_visible()
    check_axe(page)
    screenshot(page, "support-counts")
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text("Support cases in figures")
    check_axe(page)
    page.goto("/fa-stod/")
    expect(page.locator("h1")).to_have_text("Get support")
    check_axe(page)


def test_request_form_and_case_page_on_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/fa-stod/")
    check_no_overlap(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    check_no_overlap(page)
    check_axe(page)
    login(page, COORDINATOR)
    case = SupportCase.objects.filter(purged_at__isnull=True, platform__slug="vasterbergslagen").first()
    page.goto(f"/arenden/{case.pk}/")
    check_no_overlap(page)
    check_axe(page)
    page.goto("/arenden/nytt/")
    check_no_overlap(page)
    check_axe(page)
    page.goto("/arenden/tid/")
    check_no_overlap(page)
    check_axe(page)
