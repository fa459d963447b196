"""Keyboard use (the skip link) and a phone-sized screen."""

import re

from playwright.sync_api import Page, expect

from stodplattform.portal.testing import PHONE, check_axe, screenshot


def test_skip_link_is_the_first_tab_stop(page: Page):
    for path in ["/", "/foretag/", "/foretag/atervinningsbutiken/"]:
        page.goto(path)
        page.keyboard.press("Tab")
        skip = page.locator("a.skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()
        expect(skip).to_have_attribute("href", "#main")
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        expect(page).to_have_url(re.compile(r"#main$"))
        # The next Tab stop is inside the main content, past the menu.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null"), path


def test_directory_form_by_keyboard(page: Page):
    page.goto("/foretag/")
    page.locator("#id_q").focus()
    page.keyboard.type("hund")
    page.keyboard.press("Enter")
    expect(page.locator("#results article .card-title")).to_have_text(["Luddes Hundcenter"])


def test_phone_width(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    directory_link = page.locator("#main-nav a[href='/foretag/']")
    expect(directory_link).to_be_hidden()
    check_axe(page)

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(directory_link).to_be_visible()
    expect(page.get_by_role("button", name="In English")).to_be_visible()
    screenshot(page, "phone-menu")
    check_axe(page)

    directory_link.click()
    expect(page).to_have_url(re.compile(r"/foretag/$"))
    expect(page.locator("#id_q")).to_be_visible()
    check_axe(page)
    for path in ["/foretag/", "/foretag/disponentparken-i-grangesberg/"]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {PHONE['width']}px"
    check_axe(page)
