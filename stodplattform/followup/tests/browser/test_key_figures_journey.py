"""A manager on a phone enters last year's key figures (a negative count and a part larger than
its whole are refused first); the coordinator checks them from the overview, then reopens the
year with a reason, and the history shows every step. axe-core on every page."""

import re

from playwright.sync_api import Page, expect

from stodplattform.followup.services import last_year
from stodplattform.portal.testing import PHONE, check_axe, login, screenshot

MANAGER = "verksamhetsledare.luddes@example.org"
COORDINATOR = "samordnare@example.org"
SLUG = "luddes-hundcenter"


def _switch_user(page: Page, email: str) -> None:
    page.context.clear_cookies()
    login(page, email)


def test_manager_enters_the_figures_on_a_phone_and_the_coordinator_checks_them(page: Page):
    year = last_year()
    page.set_viewport_size(PHONE)
    login(page, MANAGER)
    panel = page.locator("section#key-figures-due")
    expect(panel).to_contain_text(f"Fyll i nyckeltalen för {year}")
    check_axe(page)
    screenshot(page, "followup-manager-start", locator=panel)
    panel.get_by_role("link", name=f"Fyll i nyckeltalen för {year}").click()
    expect(page).to_have_url(re.compile(rf"/nyckeltal/foretag/{SLUG}/{year}/redigera/$"))
    # Last year's values beside the fields, the definitions under them.
    expect(page.locator("#section-economy")).to_contain_text("Förra året")
    expect(page.locator("#help-target_group")).to_contain_text("LOU 4 kap. 18 §")
    check_axe(page)
    screenshot(page, "followup-form-phone")

    page.locator("#id_net_turnover").fill("1 250 000,50")
    page.locator("#id_sales_goods_services").fill("900 000")
    page.locator("#id_sales_public_buyers").fill("300 000")
    page.locator("#id_grants").fill("210 000")
    page.locator("#id_result_after_financial_items").fill("-12 000")
    page.locator("#id_wage_bill").fill("780 000")
    page.locator("#id_employees_fte").fill("3,5")
    page.locator("#id_employees_women").fill("2")
    page.locator("#id_employees_men").fill("-1")
    page.locator("#id_supported_employees_women").fill("3")
    page.locator("#id_occupied_women").fill("2")
    page.locator("#id_occupied_men").fill("3")
    # The row's total follows what is typed.
    expect(page.locator("#total-occupied")).to_have_text("5")
    page.locator("#id_target_group_women").fill("3")
    page.locator("#id_target_group_men").fill("2")
    page.locator("#id_supervisors_women").fill("1")
    page.locator("#id_ended_work_men").fill("1")
    page.locator("button[name=submit]").click()

    # Refused next to each field, in Swedish; what was typed stays; nothing is saved.
    expect(page.locator("#id_employees_men_error")).to_have_text("Ett antal kan inte vara negativt.")
    expect(page.locator("#id_supported_employees_women_error")).to_be_visible()
    expect(page.locator("#id_net_turnover")).to_have_value("1 250 000,50")
    check_axe(page)
    screenshot(page, "followup-form-errors")
    page.locator("#id_employees_men").fill("2")
    page.locator("#id_supported_employees_women").fill("1")
    page.locator("button[name=submit]").click()

    expect(page).to_have_url(re.compile(rf"/nyckeltal/foretag/{SLUG}/{year}/$"))
    expect(page.locator("#status")).to_have_text("Egenrapporterade")
    expect(page.locator("#show-economy")).to_contain_text("1\u00a0250\u00a0000,50 kr")
    # 5 of 9 occupied from the target group: 56 %, over the 30 % of a reserved contract.
    expect(page.locator("#target-group-share")).to_contain_text("56 %")
    expect(page.locator("#target-group-share")).to_contain_text("Minst 30 %")
    check_axe(page)
    screenshot(page, "followup-year-reported", full_page=True)

    # The coordinator finds it among the figures to check, and checks it from the overview.
    _switch_user(page, COORDINATOR)
    page.set_viewport_size({"width": 1280, "height": 900})
    coordinator_panel = page.locator("section#key-figures-to-check")
    expect(coordinator_panel).to_contain_text("att granska")
    check_axe(page)
    coordinator_panel.get_by_role("link", name=re.compile("Nyckeltal: ")).click()
    expect(page.locator("#overview")).to_contain_text("Luddes Hundcenter")
    check_axe(page)
    screenshot(page, "followup-overview")
    row = page.locator("#overview tr", has_text="Luddes Hundcenter")
    row.get_by_role("button", name=re.compile("Markera som granskade")).click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("är granskade")
    check_axe(page)

    # A checked year is reopened with a reason; the history keeps the checking and the reason.
    page.goto(f"/nyckeltal/foretag/{SLUG}/{year}/")
    expect(page.locator("#status")).to_have_text("Granskade")
    check_axe(page)
    page.get_by_role("link", name="Öppna för ändringar igen").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_reason_error")).to_have_text("Skriv varför året öppnas igen.")
    check_axe(page)
    page.locator("#id_reason").fill("Lönesumman saknade december.")
    screenshot(page, "followup-reopen")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#status")).to_have_text("Egenrapporterade")
    expect(page.locator("#status-text")).to_contain_text("Lönesumman saknade december.")
    expect(page.locator("#history-heading + *")).to_contain_text("Granskade")
    check_axe(page)
    screenshot(page, "followup-year-history", full_page=True)

    # The enterprise's years, with the export.
    page.goto(f"/nyckeltal/foretag/{SLUG}/")
    expect(page.locator("#years")).to_contain_text(str(year - 2))
    check_axe(page)
    screenshot(page, "followup-enterprise-years")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename == f"nyckeltal-{SLUG}.xlsx"
