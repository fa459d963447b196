"""The anonymous visitor: the start page, the directory and its live search, the showcase pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from stodplattform.portal.testing import check_axe, screenshot, switch_language

SHOWCASES = [
    ("atervinningsbutiken", "Återvinningsbutiken"),
    ("luddes-hundcenter", "Luddes Hundcenter"),
    ("disponentparken-i-grangesberg", "Disponentparken i Grängesberg"),
    ("vaderbacken-i-smedjebacken", "Väderbacken i Smedjebacken"),
    ("odla-po-angen-i-ludvika", "Odla Po-ängen i Ludvika"),
    ("hantverkstan-i-smedjebacken", "Hantverkstan i Smedjebacken"),
]


def card_names(page: Page):
    return page.locator("#results article .card-title")


def test_search_filter_and_open_a_showcase(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    check_axe(page)

    # From the start page to the directory.
    page.locator("main a[href='/foretag/']").first.click()
    expect(page).to_have_url(re.compile(r"/foretag/$"))
    expect(page.locator("h1")).to_be_visible()
    expect(card_names(page)).to_have_count(8)  # six in Västerbergslagen, two in the example platform
    check_axe(page)

    # Mark this document: if the page were reloaded instead of updated by htmx, the mark would vanish.
    page.evaluate("window.__stillTheSamePage = true")

    # A search word narrows the results as one types ("skötsel" is in three offers).
    page.locator("#id_q").fill("skötsel")
    expect(card_names(page)).to_have_text(
        ["Disponentparken i Grängesberg", "Odla Po-ängen i Ludvika", "Väderbacken i Smedjebacken"]
    )
    expect(page).to_have_url(re.compile(r"q=sk%C3%B6tsel"))
    # The results are replaced, not nested: still one #results, one live region.
    expect(page.locator("[id='results']")).to_have_count(1)
    screenshot(page, "directory")

    # A municipality filter narrows them further: Smedjebacken (SCB code 2061).
    page.locator("#id_municipality").select_option("2061")
    expect(card_names(page)).to_have_text(["Väderbacken i Smedjebacken"])
    expect(page).to_have_url(re.compile(r"municipality=2061"))
    assert page.evaluate("window.__stillTheSamePage") is True, "the results were not updated in place"
    # Only the hit count is a live region, not the whole list.
    expect(page.locator("#hit-count")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#results")).not_to_have_attribute("aria-live", "polite")
    check_axe(page)

    # The filtered list can be downloaded as open data.
    with page.expect_download() as download:
        page.locator("#results a[href^='/foretag/export.csv']").click()
    assert download.value.suggested_filename == "foretag.csv"
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Väderbacken i Smedjebacken" in text
    assert "Disponentparken" not in text

    # The card opens the showcase page.
    page.locator("#results").get_by_role("link", name="Väderbacken i Smedjebacken").click()
    expect(page).to_have_url(re.compile(r"/foretag/vaderbacken-i-smedjebacken/$"))
    expect(page.locator("h1")).to_have_text("Väderbacken i Smedjebacken")
    expect(page.locator("main")).to_contain_text("Fastighetsskötsel")
    # A visitor sees neither the edit button nor the change history.
    expect(page.locator("main a[href$='/redigera/']")).to_have_count(0)
    expect(page.locator("#history-heading")).to_have_count(0)
    check_axe(page)


def test_showcase_screenshot(page: Page):
    page.goto("/foretag/atervinningsbutiken/")
    expect(page.locator("h1")).to_have_text("Återvinningsbutiken")
    check_axe(page)
    screenshot(page, "showcase")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_public_pages_have_no_axe_violations(page: Page, language: str):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    if language == "en":
        switch_language(page, "en")
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("button", name="På svenska")).to_be_visible()

    pages = ["/", "/foretag/", "/plattformar/", "/plattformar/vasterbergslagen/", "/logga-in/"]
    pages += [f"/foretag/{slug}/" for slug, _name in SHOWCASES]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        check_axe(page)

    for slug, name in SHOWCASES:
        page.goto(f"/foretag/{slug}/")
        expect(page.locator("h1")).to_have_text(name)


def test_language_switch_keeps_the_page_and_back(page: Page):
    page.goto("/foretag/?q=hund")
    expect(card_names(page)).to_have_text(["Luddes Hundcenter"])
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/foretag/\?q=hund$"))
    expect(card_names(page)).to_have_text(["Luddes Hundcenter"])
    check_axe(page)
    switch_language(page, "sv")
    expect(page).to_have_url(re.compile(r"/foretag/\?q=hund$"))
    expect(page.get_by_role("button", name="In English")).to_be_visible()
