"""The coordinator reads the platform's figures, writes the funder's report and downloads it; a
steering member sees small counts protected; the regional observer compares the county's
platforms; anyone reads the public statistics."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from stodplattform.portal.testing import PHONE, check_axe, login, screenshot

COORDINATOR = "samordnare@example.org"
STEERING = "naringslivschef.ludvika@example.org"
REGIONAL = "lansuppfoljare@example.org"
PLATFORM = "Stödplattformen Västerbergslagen"


def _switch_user(page: Page, email: str) -> None:
    page.context.clear_cookies()
    login(page, email)


def test_figures_report_county(page: Page):
    login(page, COORDINATOR)
    page.goto("/siffror/plattform/vasterbergslagen/")
    expect(page.locator("h1")).to_have_text("Siffror")
    expect(page.locator("main")).to_contain_text("ser exakta antal")
    check_axe(page)
    screenshot(page, "reporting-dashboard", full_page=True)

    # The funder's report: the coordinator's part, saved; then the PDF and the XLSX.
    page.goto("/siffror/rapport/vasterbergslagen/")
    page.locator("#id_staff_hours").fill("1 200,5")
    planned = page.get_by_role("group", name="Planerat antal nådda personer")
    planned.get_by_label("Kvinnor").fill("14")
    planned.get_by_label("Män").fill("12")
    planned.get_by_label("Annat/ej angivet").fill("4")
    page.locator("#id_text").fill("Exempeltext: plattformen har stöttat företagen under året.")
    check_axe(page)
    screenshot(page, "reporting-report")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Rapportens text och uppgifter är sparade")
    expect(page.locator("#id_text")).to_have_value(
        "Exempeltext: plattformen har stöttat företagen under året."
    )
    expect(page.locator("#id_people_planned_other")).to_have_value("4")
    # The plan is the first row of the people reached, in the report's figures too.
    planned_row = page.locator("#table-people_reached tbody tr").first
    expect(planned_row).to_contain_text("Planerat")
    expect(planned_row).to_contain_text("30")
    expect(page.locator("#table-people_reached-note")).to_contain_text("Evenemang registrerar inte kön")
    check_axe(page)
    pdf = page.request.get(page.url.split("?")[0] + "?year=2026&format=pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert PLATFORM in text
    assert "Nådda personer" in text and "Kvinnor Män Annat/ej angivet Totalt" in text
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner som Excel (XLSX)").click()
    book = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    first = book.worksheets[0]
    assert any(c.value for c in first[1]), "the first row of the XLSX is empty"
    fields = dict(zip([c.value for c in first[1]], [c.value for c in first[2]], strict=True))
    assert fields["Nådda personer, planerat, kvinnor"] == 14
    assert fields["Nådda personer, planerat, totalt"] == 30

    # A steering member: the same dashboard, small counts of people as "< 5".
    _switch_user(page, STEERING)
    page.goto("/siffror/plattform/vasterbergslagen/")
    expect(page.locator("#suppression-note")).to_be_visible()
    expect(page.locator("main table").filter(has_text="< 5").first).to_be_visible()
    expect(page.locator("#table-people_reached")).to_contain_text("Vid evenemang")
    check_axe(page)
    screenshot(page, "reporting-dashboard-steering", full_page=True)
    page.set_viewport_size(PHONE)
    check_axe(page)
    screenshot(page, "reporting-dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The regional observer: the county's platforms side by side.
    _switch_user(page, REGIONAL)
    page.goto("/siffror/lan/20/")
    expect(page.locator("h1")).to_contain_text("Dalarna")
    header = page.locator("#county-region_enterprises thead")
    expect(header).to_contain_text(PLATFORM)
    expect(header).to_contain_text("Exempelplattformen Falun–Borlänge")
    check_axe(page)
    screenshot(page, "reporting-county", full_page=True)
    page.goto("/siffror/plattform/falun-borlange/")
    expect(page.locator("#suppression-note")).to_be_visible()
    check_axe(page)
    expect(page).to_have_url(re.compile(r"/siffror/plattform/falun-borlange/$"))


def test_public_statistics(page: Page):
    # Anyone: from the platform's public page to its figures and the county's.
    page.goto("/plattformar/vasterbergslagen/")
    check_axe(page)
    page.locator("#platform-statistics").get_by_role("link", name=f"{PLATFORM} i siffror").click()
    expect(page.locator("h1")).to_have_text(f"{PLATFORM} i siffror")
    expect(page.locator("#statistics-licence")).to_contain_text("CC BY 4.0")
    check_axe(page)
    screenshot(page, "reporting-public-platform", full_page=True)
    page.goto("/plattformar/vasterbergslagen/")
    page.get_by_role("link", name="Sociala företag i Dalarnas län i siffror").click()
    expect(page.locator("h1")).to_have_text("Sociala företag i Dalarnas län i siffror")
    expect(page.locator("#statistics-platforms")).to_contain_text("Exempelplattformen Falun–Borlänge")
    check_axe(page)
    screenshot(page, "reporting-public-region")
    href = (
        page.locator("#statistics-downloads")
        .get_by_role("link", name="Ladda ner som JSON")
        .get_attribute("href")
    )
    data = page.request.get(page.url.split("?")[0] + href).json()
    assert data["licence"] == "CC BY 4.0" and len(data["platforms"]) == 2
    page.set_viewport_size(PHONE)
    check_axe(page)
    screenshot(page, "reporting-public-region-phone")
