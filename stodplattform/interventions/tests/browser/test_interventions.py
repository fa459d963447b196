"""A manager applies, the coordinator prepares, a steering member approves (after an approval over
the remaining budget is refused), the coordinator records an expense and the overview adds it up."""

import re

from playwright.sync_api import Page, expect

from stodplattform.portal.testing import PHONE, VIEWPORT, check_axe, login, screenshot, switch_language

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
COORDINATOR = "samordnare@example.org"
STEERING = "naringslivschef.ludvika@example.org"
OBSERVER = "uppfoljare@example.org"


def _switch_user(page: Page, email: str) -> None:
    page.context.clear_cookies()
    login(page, email)


def test_apply_prepare_decide_spend(page: Page):
    # The manager applies for their own enterprise.
    login(page, MANAGER)
    expect(page.locator("section#my-applications")).to_contain_text("Digital kassa")
    check_axe(page)
    page.goto("/insatser/ny/")
    page.locator("#id_title").fill("Kurs i kundbemötande")
    page.locator("#id_purpose").fill("Exempeltext: bättre bemötande i butiken.")
    page.locator("#id_expected_effect").fill("Exempeltext: nöjdare kunder.")
    page.locator("input[name=enterprises]").first.check()
    page.locator("#id_category").select_option("competence")
    # In December, for next year: there is no budget for 2027 yet, and the message says what to do.
    page.locator("#id_year").fill("2027")
    page.locator("#id_requested_amount").fill("250 000")
    page.locator("#id_starts_on").fill("2027-02-01")
    page.locator("#id_ends_on").fill("2027-03-15")
    page.locator("button[name=submit]").click()
    expect(page.locator("#id_year_error")).to_contain_text(
        "Be plattformens samordnare att öppna budgeten för 2027"
    )
    expect(page.locator("#id_year_error")).to_contain_text("2026")
    check_axe(page)
    screenshot(page, "interventions-no-budget-next-year")
    page.locator("#id_year").fill("2026")
    page.locator("#id_requested_amount").fill("0")
    page.locator("#id_starts_on").fill("2026-12-01")
    page.locator("#id_ends_on").fill("2026-12-15")
    page.locator("button[name=submit]").click()
    # Zero kronor is refused next to the field, and what was typed stays.
    expect(page.locator("#id_requested_amount_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Kurs i kundbemötande")
    check_axe(page)
    screenshot(page, "interventions-application-error")
    page.locator("#id_requested_amount").fill("250 000")
    page.locator("button[name=submit]").click()
    expect(page).to_have_url(re.compile(r"/insatser/\d+/$"))
    detail_url = page.url
    expect(page.locator("#status")).to_have_text("Inskickad")
    check_axe(page)
    screenshot(page, "interventions-submitted")

    # The coordinator prepares it from the start page.
    _switch_user(page, COORDINATOR)
    page.locator("section#to-prepare").get_by_role("link", name="Kurs i kundbemötande").click()
    page.locator("a[href$='/bered/']").click()
    page.locator("#id_recommendation").fill("Exempeltext: föreslås bifallas med 20 000 kr.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#status")).to_have_text("Beredd")
    check_axe(page)

    # The steering member: more than the budget has left is refused, then 20 000 kr is approved
    # at the latest steering meeting (chosen already), where it becomes a § of the minutes.
    _switch_user(page, STEERING)
    screenshot(page, "interventions-steering-start")
    page.goto(detail_url)
    page.locator("a[href$='/beslut/']").click()
    expect(page.locator("input[name=basis][value=meeting]")).to_be_checked()
    # By circulation without a majority ticked: refused next to the members.
    page.locator("input[name=outcome][value=approved]").check()
    page.locator("#id_amount").fill("20 000")
    check_axe(page)
    screenshot(page, "interventions-decide", full_page=True)
    page.locator("input[name=basis][value=circulation]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_agreed_by_error")).to_be_visible()
    check_axe(page)
    page.locator("input[name=basis][value=meeting]").check()
    meeting_title = page.locator("#id_meeting option:checked").inner_text()
    page.locator("#id_amount").fill("250 000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_amount_error")).to_contain_text("236\u00a0500,00\u00a0kr")
    check_axe(page)
    screenshot(page, "interventions-over-budget")
    page.locator("#id_amount").fill("20 000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#status")).to_have_text("Beviljad")
    expect(page.locator("#approved")).to_have_text("20\u00a0000,00\u00a0kr")
    # One register with the minutes: § n/2026, decided at the meeting.
    decision_row = page.locator("section[aria-labelledby=decisions-heading] tbody tr").last
    expect(decision_row).to_contain_text(re.compile(r"§ \d+/2026"))
    expect(decision_row).to_contain_text(meeting_title.split(" ", 1)[1])
    decision_row.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(
        "Riktad insats ”Kurs i kundbemötande”: beviljas med 20\u00a0000,00\u00a0kr."
    )
    check_axe(page)

    # The manager submits an expense with its receipt; it waits for the coordinator's approval.
    _switch_user(page, MANAGER)
    page.goto(detail_url)
    page.get_by_role("link", name="Skicka in en utgift").click()
    page.locator("#id_amount").fill("7 500,50")
    page.locator("#id_supplier").fill("Exempelutbildaren AB")
    page.locator("#id_invoice_reference").fill("F-2001")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_attachment_error")).to_be_visible()
    expect(page.locator("#id_supplier")).to_have_value("Exempelutbildaren AB")
    check_axe(page)
    page.locator("#id_attachment").set_input_files(
        files=[{"name": "faktura-2001.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%exempel\n"}]
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#spent")).to_have_text("0,00\u00a0kr")
    expect(page.locator("#awaiting")).to_have_text("7\u00a0500,50\u00a0kr")
    expect(page.locator("#expenses")).to_contain_text("Väntar på godkännande")
    check_axe(page)
    screenshot(page, "interventions-expense-submitted", full_page=True)

    # The coordinator approves it (on a phone too); then it counts as spent.
    _switch_user(page, COORDINATOR)
    page.goto(detail_url)
    page.locator("#expenses").get_by_role("link", name=re.compile("Granska")).click()
    page.set_viewport_size(PHONE)
    check_axe(page)
    screenshot(page, "interventions-expense-review-phone", full_page=True)
    page.set_viewport_size(VIEWPORT)
    page.locator("input[name=approve][value='1']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#spent")).to_have_text("7\u00a0500,50\u00a0kr")
    expect(page.locator("#expenses")).to_contain_text("Godkänd")
    check_axe(page)
    screenshot(page, "interventions-detail", full_page=True)
    page.goto("/budget/vasterbergslagen/?year=2026")
    # The demo's 63 849,50 committed plus 20 000 approved less 7 500,50 spent.
    expect(page.locator("#total-committed")).to_have_text("76\u00a0349,00\u00a0kr")
    expect(page.locator("#total-spent")).to_have_text("107\u00a0151,00\u00a0kr")
    expect(page.locator("#total-remaining")).to_have_text("216\u00a0500,00\u00a0kr")
    check_axe(page)
    screenshot(page, "interventions-budget", full_page=True)
    # Next year's budget can be opened early, from the budget page.
    page.get_by_role("link", name="Öppna budget för 2027").click()
    expect(page.locator("#id_year")).to_have_value("2027")
    page.locator("#id_total").fill("300 000")
    page.locator("#id_funder").fill("Samordningsförbundet (exempel)")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h2").first).to_contain_text("Budget 2027")
    expect(page.get_by_role("link", name="Öppna budget för 2027")).to_have_count(0)
    check_axe(page)


def test_observer_sees_sums_in_english(page: Page):
    login(page, OBSERVER)
    page.goto("/budget/vasterbergslagen/?year=2026")
    expect(page.locator("#total-remaining")).to_have_text("236\u00a0500,00\u00a0kr")
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text("Budget for targeted interventions")
    expect(page.locator("#total-remaining")).to_contain_text("236,500.00")
    check_axe(page)
    screenshot(page, "interventions-budget-en")
    assert page.goto("/insatser/").status == 403


def test_a_manager_reports_the_people_reached_by_gender(page: Page):
    # The truck licences have been given; the manager reports, counting the people by gender.
    login(page, MANAGER)
    page.goto("/insatser/")
    page.get_by_role("link", name="Truckkort för två handledare").click()
    detail_url = page.url
    page.locator("main").get_by_role("link", name="Återrapportera").click()
    page.locator("#id_done").fill("Exempeltext: två handledare tog truckkort.")
    people = page.get_by_role("group", name=re.compile("Nådda personer"))
    people.get_by_label("Kvinnor").fill("1")
    people.get_by_label("Män").fill("-1")
    people.get_by_label("Annat/ej angivet").fill("0")
    page.locator("#id_assessment").fill("Exempeltext: bra.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_people_reached_men_error")).to_have_text("Ett antal kan inte vara negativt.")
    expect(page.locator("#id_people_reached_men")).to_have_value("-1")
    check_axe(page)
    screenshot(page, "interventions-report")
    page.locator("#id_people_reached_men").fill("1")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#people-reached")).to_have_text("Totalt 2: kvinnor 1, män 1, annat/ej angivet 0")
    check_axe(page)
