"""Someone with an idea finds their platform; the platform's own look; phones; the statements."""

import re

import pytest
from playwright.sync_api import Page, expect

from stodplattform.portal.testing import PHONE, VIEWPORT, check_axe, login, screenshot, switch_language

COORDINATOR = "samordnare@example.org"
MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"


def no_sideways_scroll(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_someone_with_an_idea_finds_their_platform(page: Page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")
    page.get_by_role("link", name="Så går det till – och din plattform").click()
    expect(page).to_have_url(re.compile(r"/har-du-en-ide/$"))
    expect(page.locator("h1")).to_have_text("Har du en idé om ett socialt företag?")
    expect(page.locator("ol.steps > li")).to_have_count(5)
    no_sideways_scroll(page, viewport["width"])
    check_axe(page)

    # A plain GET form: choose Ludvika (Dalarnas län) and send.
    select = page.get_by_label("Din kommun")
    expect(select.locator("optgroup[label='Dalarnas län'] option[value='2085']")).to_have_text("Ludvika")
    select.select_option("2085")
    page.get_by_role("button", name="Visa min plattform").click()
    expect(page).to_have_url(re.compile(r"\?kommun=2085"))
    answer = page.locator("#idea-answer")
    expect(answer).to_contain_text("Ludvika har Stödplattformen Västerbergslagen")
    expect(answer).to_contain_text("info@samarkand.example")
    no_sideways_scroll(page, viewport["width"])
    check_axe(page)
    if viewport == VIEWPORT:
        screenshot(page, "idea")
    else:
        screenshot(page, "idea-phone", full_page=True)

    answer.get_by_role("link", name="Till Stödplattformen Västerbergslagen").click()
    expect(page).to_have_url(re.compile(r"/plattformar/vasterbergslagen/$"))
    # The platform's page wears its identity at the top and bottom.
    expect(page.locator("header .brand-name")).to_contain_text("Stödplattformen Västerbergslagen")
    expect(page.locator("footer .brand-band")).to_contain_text("info@samarkand.example")
    expect(page.get_by_role("heading", name="Styrgruppen")).to_be_visible()
    no_sideways_scroll(page, viewport["width"])
    check_axe(page)

    # A municipality without a platform gets a kind answer.
    page.goto("/har-du-en-ide/")
    page.get_by_label("Din kommun").select_option("2584")  # Kiruna
    page.get_by_role("button", name="Visa min plattform").click()
    answer = page.locator("#idea-answer")
    expect(answer).to_contain_text("Det finns ingen stödplattform i Kiruna ännu")
    expect(answer).to_contain_text("Coompanion")
    check_axe(page)
    if viewport == VIEWPORT:
        screenshot(page, "idea-no-platform")

    # Bad input in the address: a clear answer, no 500.
    response = page.goto("/har-du-en-ide/?kommun=9999")
    assert response.status == 400
    expect(page.locator("#id_kommun_error")).to_contain_text("Det finns ingen svensk kommun med den koden")
    check_axe(page)


def test_idea_page_in_english(page: Page):
    page.goto("/har-du-en-ide/")
    switch_language(page, "en")
    page.get_by_label("Your municipality").select_option("2061")
    page.get_by_role("button", name="Show my platform").click()
    expect(page.locator("#idea-answer")).to_contain_text(
        "Smedjebacken is served by Stödplattformen Västerbergslagen"
    )
    check_axe(page)
    page.goto("/har-du-en-ide/?kommun=garbage")
    expect(page.locator("#id_kommun_error")).to_contain_text(
        "There is no Swedish municipality with that code"
    )
    check_axe(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_statements_and_footer(page: Page, language):
    page.goto("/")
    if language == "en":
        switch_language(page, "en")
    footer = page.locator("footer")
    footer.get_by_role(
        "link", name="Tillgänglighetsredogörelse" if language == "sv" else "Accessibility statement"
    ).click()
    expect(page).to_have_url(re.compile(r"/tillganglighet/$"))
    expect(page.locator("main")).to_contain_text("DIGG")
    check_axe(page)
    if language == "sv":
        screenshot(page, "accessibility-statement")
    page.locator("footer").get_by_role(
        "link", name="Personuppgifter och kakor" if language == "sv" else "Personal data and cookies"
    ).click()
    expect(page).to_have_url(re.compile(r"/personuppgifter/$"))
    check_axe(page)
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page, PHONE["width"])
    check_axe(page)


def test_manager_edit_button_on_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    login(page, MANAGER)
    edit = page.locator("main a[href='/foretag/atervinningsbutiken/redigera/']")
    expect(edit).to_be_visible()
    box = edit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    no_sideways_scroll(page, PHONE["width"])
    check_axe(page)
    screenshot(page, "dashboard-manager-phone", full_page=True)


def test_history_on_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    login(page, COORDINATOR)
    page.goto("/plattformar/vasterbergslagen/medlemmar/historik/")
    what = page.locator("table.table-cards tbody tr").first.locator("td[data-label]").last
    expect(what).to_be_visible()
    box = what.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], box
    no_sideways_scroll(page, PHONE["width"])
    check_axe(page)


def test_coordinator_gives_the_platform_its_colour(page: Page, csp_violations):
    login(page, COORDINATOR)
    page.goto("/plattformar/vasterbergslagen/namn-och-farg/")
    expect(page.locator("h1")).to_have_text("Namn, logotyp och färg")
    check_axe(page)
    # Too light for the white header text: refused, with the reason.
    page.get_by_label("Färg").fill("#ffcc00")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_colour_error")).to_contain_text("Välj en mörkare färg")
    expect(page.get_by_label("Färg")).to_have_value("#ffcc00")
    check_axe(page)
    page.get_by_label("Färg").fill("#5a2d82")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    band = page.locator("header .brand-band")
    expect(band).to_have_css("background-color", "rgb(90, 45, 130)")
    check_axe(page)
    screenshot(page, "platform-identity")
    page.goto("/foretag/atervinningsbutiken/")
    expect(page.locator("header .brand-band")).to_have_css("background-color", "rgb(90, 45, 130)")
    check_axe(page)
    switch_language(page, "en")
    check_axe(page)
    assert not csp_violations, csp_violations


def test_showcase_prints_without_the_website_around_it(page: Page):
    page.goto("/foretag/atervinningsbutiken/")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("header .brand-band")).to_be_visible()
