"""A manager on a phone fills in this year's sustainability check (a missing score is refused
first), the coordinator agrees it from the start page, and the chart and the table show the
years; the weakest area starts a support case in one click. axe-core on every page."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from stodplattform.core.audit import acting_as
from stodplattform.followup import (
    checks_demo,
    checks_panels,  # noqa: F401  (registers the start-page panels)
)
from stodplattform.followup.models import Area, SustainabilityCheck
from stodplattform.portal.testing import PHONE, check_axe, login, screenshot, switch_language

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
COORDINATOR = "samordnare@example.org"
SLUG = "atervinningsbutiken"


def _demo_checks():
    """The demo's checks, unless followup's demo already loaded them."""
    if not SustainabilityCheck.objects.exists():
        with acting_as(None):
            checks_demo.load({})


def test_manager_fills_in_coordinator_agrees_chart_shows_the_years(page: Page):
    _demo_checks()
    year = timezone.localdate().year

    # The manager, on a phone, from the start page.
    page.set_viewport_size(PHONE)
    login(page, MANAGER)
    expect(page.locator("section#my-checks")).to_contain_text(str(year))
    page.locator("section#my-checks").get_by_role("link", name="Fyll i en ny analys").click()
    expect(page.locator("#method-note")).to_be_visible()
    check_axe(page)
    for area in Area.values:
        if area != "market":
            page.locator(f"input[name=score_{area}][value='4']").check()
            page.locator(f"#id_comment_{area}").fill(f"Exempel: kommentar om {area}.")
    page.locator("#id_comment_market").fill("Exempel: nästan allt säljs till kommunen.")
    page.get_by_role("button", name="Skicka för avstämning").click()
    # The missing score is named next to the area, and what was typed stays.
    expect(page.locator("#id_score_market_error")).to_be_visible()
    expect(page.locator("#id_comment_market")).to_have_value("Exempel: nästan allt säljs till kommunen.")
    check_axe(page)
    screenshot(page, "followup-check-form-error")
    page.locator("input[name=score_market][value='2']").check()
    page.locator("input[name=score_staff][value='3']").check()
    page.get_by_role("button", name="Skicka för avstämning").click()
    expect(page).to_have_url(re.compile(rf"/uppfoljning/barkraft/{SLUG}/{year}/$"))
    expect(page.locator("#status")).to_have_text("Skickad för avstämning")
    check_axe(page)
    screenshot(page, "followup-check-sent", full_page=True)

    # The coordinator agrees it from the start page.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, COORDINATOR)
    page.locator("section#checks-to-agree").get_by_role(
        "link", name=re.compile(rf"Återvinningsbutiken {year}")
    ).click()
    expect(page.locator("#scores")).to_contain_text("Exempel: nästan allt säljs till kommunen.")
    check_axe(page)
    page.locator("#agree").click()

    # The history: a chart and a table over the years, the weakest areas as starts of support.
    expect(page).to_have_url(re.compile(rf"/uppfoljning/barkraft/{SLUG}/$"))
    expect(page.locator("#check-chart")).to_be_visible()
    years = page.locator("#check-table thead th")
    for shown in (year - 2, year - 1, year):
        expect(years.filter(has_text=str(shown))).to_have_count(1)
    expect(
        page.locator("#check-table tbody tr").filter(has_text="Marknad och kundmix").locator("td").last
    ).to_have_text("2")
    check_axe(page)
    screenshot(page, "followup-check-history", full_page=True)
    page.get_by_role("link", name="Be om stöd – Marknad och kundmix").click()
    expect(page.locator("#id_title")).to_have_value(f"Bärkraftsanalys {year}: Marknad och kundmix")
    expect(page.locator("#id_category")).to_have_value("market")
    check_axe(page)

    # The same in English.
    page.goto(f"/uppfoljning/barkraft/{SLUG}/")
    switch_language(page, "en")
    expect(page.locator("h1")).to_have_text("Sustainability checks")
    expect(page.locator("#check-table caption")).to_have_text("Scores per area and year")
    check_axe(page)
    switch_language(page, "sv")


def test_coordinator_imports_key_figures_after_correcting_the_file(page: Page, tmp_path):
    from stodplattform.enterprises.models import Enterprise
    from stodplattform.followup.imports import columns
    from stodplattform.followup.models import KeyFigures
    from stodplattform.lib.orgnr import luhn_complete

    shop = Enterprise.objects.get(slug=SLUG)
    shop.org_number = luhn_complete("769612345")
    shop.save()
    # Years before any demo figures (which may be checked, and then cannot be replaced).
    year = timezone.localdate().year - 5
    header = ";".join(label for label, _name in columns()[:6])
    bad = tmp_path / "nyckeltal.csv"
    bad.write_text(
        f"\ufeff{header}\n{shop.org_number};{year - 1};1 250 000,50;2 000 000;;\n"
        f"{shop.org_number};{year - 1};900 000;;;\n{luhn_complete('769699999')};{year - 2};100;;;\n",
        encoding="utf-8",
    )
    good = tmp_path / "nyckeltal-rattad.csv"
    good.write_text(
        f"\ufeff{header}\n{shop.org_number};{year - 1};1 250 000,50;1 000 000;;\n"
        f"{shop.org_number};{year - 2};900 000;800 000;;\n",
        encoding="utf-8",
    )

    login(page, COORDINATOR)
    page.goto("/uppfoljning/barkraft/")
    check_axe(page)
    page.get_by_role("link", name="Importera nyckeltal från ett kalkylark").click()
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.locator("#import-errors")).to_contain_text("3 rader har fel")
    expect(page.locator("#row-2")).to_contain_text("Delarna av nettoomsättningen")
    expect(page.locator("#row-3")).to_contain_text("Samma företag och år som rad 2")
    expect(page.locator("#row-4")).to_contain_text("Inget företag har organisationsnummer")
    check_axe(page)
    screenshot(page, "followup-import-errors", full_page=True)
    imported = KeyFigures.objects.filter(enterprise=shop, year__in=[year - 1, year - 2])
    assert not imported.exists()

    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.locator("#import-ready")).to_contain_text("Alla filens 2 rader är korrekta")
    check_axe(page)
    page.locator("#import-save").click()
    expect(page.locator(".messages")).to_contain_text("2 rader nyckeltal sparades")
    check_axe(page)
    assert imported.count() == 2
