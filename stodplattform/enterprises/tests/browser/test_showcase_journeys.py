"""A buyer opens the second-hand shop's showcase and finds when it is open and how to reach it;
its manager, on a phone, edits the showcase first: description, offers, photos, opening hours."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from stodplattform.enterprises.models import Enterprise
from stodplattform.portal.testing import (
    PHONE,
    VIEWPORT,
    check_axe,
    check_no_overlap,
    login,
    screenshot,
    switch_language,
)

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
SHOP = "/foretag/atervinningsbutiken/"


def png_file():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "teal").save(buffer, "PNG")
    return {"name": "disken.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["1280", "375"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_visitor_searches_moebel_and_finds_opening_hours_and_contact(page: Page, viewport, language):
    page.goto("/foretag/")
    if language == "en":
        switch_language(page, "en")  # at full width, where the button is in view
    page.set_viewport_size(viewport)
    page.reload()
    expect(page.locator("#hit-count")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#open-data")).to_be_visible()
    check_axe(page)
    # Everyday Swedish: "möbel" (singular) finds the shop that sells "Begagnade möbler".
    page.locator("#id_q").fill("möbel")
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=m%C3%B6bel"))
    card = page.locator("#results article").filter(has_text="Återvinningsbutiken")
    expect(page.locator("#results article").first).to_contain_text("Återvinningsbutiken")
    # The card says what the shop sells before anyone opens it, the matched word marked.
    expect(card).to_contain_text("Begagnade möbler")
    expect(card.locator("mark").first).to_have_text(re.compile(r"^möbler$", re.IGNORECASE))
    check_axe(page)
    card.get_by_role("link", name="Återvinningsbutiken").click()
    expect(page).to_have_url(re.compile(r"/foretag/atervinningsbutiken/$"))

    hours = page.locator("section[aria-labelledby='hours-heading']")
    expect(hours).to_be_visible()
    expect(hours.locator("table tbody tr")).to_have_count(7)
    expect(hours.locator("tr[aria-current='date']")).to_have_count(1)
    expect(hours).to_contain_text("10:00–18:00")
    expect(hours).to_contain_text("Julafton")
    contact = page.locator("section[aria-labelledby='contact-heading']")
    # The shop has no phone or e-mail of its own: the platform's contact is there instead.
    expect(contact.locator("a[href^='mailto:']")).to_be_visible()
    expect(contact.locator("a[href*='google.com/maps/dir']")).to_be_visible()
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Aktiv")
    check_axe(page)


def test_filters_what_and_who_buys(page: Page):
    page.goto("/foretag/")
    page.locator("#id_buyer").select_option("public")
    expect(page).to_have_url(re.compile(r"buyer=public"))
    expect(page.locator("#hit-count")).to_contain_text("3")
    page.locator("#id_what").select_option("goods")
    expect(page.locator("#results article .card-title")).to_have_text(
        ["Disponentparken i Grängesberg", "Odla Po-ängen i Ludvika"]
    )
    expect(page.locator("#hit-count")).to_contain_text("2")
    check_axe(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_manager_on_a_phone_edits_the_showcase_first(page: Page, language):
    login(page, MANAGER)
    if language == "en":
        switch_language(page, "en")  # at full width, where the button is in view
    page.set_viewport_size(PHONE)
    page.reload()
    check_axe(page)
    edit = page.get_by_role("link", name=re.compile("Redigera" if language == "sv" else "Edit"))
    expect(edit.first).to_be_visible()
    edit.first.click()
    expect(page).to_have_url(re.compile(r"/foretag/atervinningsbutiken/redigera/$"))
    # The showcase comes first: the description is the first field on the screen.
    description = page.locator("#id_description")
    expect(description).to_be_in_viewport()
    first_field = page.locator("main form :is(input, textarea, select):not([type=hidden])").first
    expect(first_field).to_have_id("id_description")
    check_axe(page)
    check_no_overlap(page)
    if language == "sv":
        screenshot(page, "enterprise-edit-phone")
        screenshot(page, "enterprise-hours-week-phone", locator=page.locator("#hours"))

    description.fill("Vi säljer begagnade möbler, kläder och husgeråd. Välkommen in!")
    page.locator("#id_offers_goods").fill("Begagnade möbler\nKläder\nHusgeråd\nBöcker")
    page.locator("#id_photos-0-image").set_input_files(png_file())
    page.locator("#id_photos-0-description").fill("Disken med kläder")
    # The week at a glance: every day is there, each with an empty row for one more interval.
    expect(page.locator("#hours .hours-day")).to_have_count(7)
    # Saturday gets a second interval that overlaps the first: refused next to the field.
    saturday = page.locator("#hours .hours-day[data-day='5'] .hours-row").last
    saturday.locator("input[name$='-opens']").fill("13:00")
    saturday.locator("input[name$='-closes']").fill("15:00")
    opens_id = saturday.locator("input[name$='-opens']").get_attribute("id")
    page.locator("main form button[type=submit]").click()

    error = page.locator(f"#{opens_id}_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("10:00–14:00")
    expect(page.locator(f"#{opens_id}")).to_have_attribute("aria-invalid", "true")
    check_no_overlap(page)
    expect(page.locator("#form-errors")).to_be_visible()
    # What was typed is kept; nothing was saved.
    expect(page.locator("#id_description")).to_have_value(re.compile("Välkommen in!"))
    expect(page.locator("#id_photos-0-description")).to_have_value("Disken med kläder")
    assert "Välkommen" not in Enterprise.objects.get(slug="atervinningsbutiken").description
    check_axe(page)

    # Corrected: Saturday afternoon after the morning hours; the photo is chosen again.
    page.locator(f"#{opens_id}").fill("14:30")
    page.locator(f"#{opens_id.replace('-opens', '-closes')}").fill("16:00")
    page.locator("#id_photos-0-image").set_input_files(png_file())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/foretag/atervinningsbutiken/$"))
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Välkommen in!")
    expect(page.locator("section[aria-labelledby='photos-heading'] img")).to_have_attribute(
        "alt", "Disken med kläder"
    )
    expect(page.locator("section[aria-labelledby='hours-heading']")).to_contain_text("14:30–16:00")
    # The demo's example note is gone now that the text is the manager's own.
    expect(page.locator("main")).not_to_contain_text("exempeltext")
    expect(page.locator("main")).not_to_contain_text("example texts")
    check_axe(page)
    enterprise = Enterprise.objects.get(slug="atervinningsbutiken")
    assert enterprise.photos.count() == 1
    assert enterprise.opening_hours.filter(weekday=5).count() == 2


def test_sni_picker_filters_the_checkboxes(page: Page, csp_violations):
    login(page, MANAGER)
    page.goto("/foretag/atervinningsbutiken/redigera/")
    picker = page.locator("[data-sni-picker]")
    search = picker.locator("#sni-filter")
    expect(search).to_be_visible()  # the script showed the filter box
    search.fill("tillverkning")
    visible = picker.locator("[data-sni-item]:visible")
    expect(visible.first).to_be_visible()
    # Only matching industries, and the ticked one (second hand, 47.792), stay in view.
    for text in visible.all_inner_texts():
        assert "tillverkning" in text.lower() or "47.792" in text
    picker.locator("[data-sni-item]:visible input").first.check()
    search.press("Enter")  # must not send the form
    expect(page).to_have_url(re.compile(r"/redigera/$"))
    expect(page.locator("#sni-status")).to_contain_text("visas")
    check_axe(page)
    screenshot(page, "sni-picker", locator=picker)
    assert csp_violations == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_week_in_one_save_with_same_as_monday(browser, live_server, javascript):
    """On a phone, with and without JavaScript: "same as Monday" for the weekdays and Sunday."""
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, locale="sv-SE", viewport=PHONE
    )
    phone = context.new_page()
    login(phone, MANAGER)
    phone.goto(SHOP + "redigera/")
    monday = phone.locator("#hours .hours-day[data-day='0'] .hours-row").first
    monday.locator("input[name$='-opens']").fill("09:00")
    monday.locator("input[name$='-closes']").fill("16:00")
    phone.locator("#hours-copy-to-weekdays").check()
    phone.locator("#hours-same-6").check()
    if javascript:
        # Shown at once: Tuesday's first row has Monday's times before saving.
        expect(phone.locator("#hours-same-1")).to_be_checked()
        tuesday = phone.locator("#hours .hours-day[data-day='1'] .hours-row").first
        expect(tuesday.locator("input[name$='-opens']")).to_have_value("09:00")
    if javascript:
        # Both run scripts in the page: with JavaScript off they would wait for ever. The page
        # is the same either way; the JavaScript variant checks it.
        check_no_overlap(phone)
        check_axe(phone)
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/foretag/atervinningsbutiken/$"))
    enterprise = Enterprise.objects.get(slug="atervinningsbutiken")
    days = {}
    for row in enterprise.opening_hours.all():
        days.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}–{row.closes:%H:%M}")
    for day in (0, 1, 2, 3, 4, 6):
        assert days[day] == ["09:00–16:00"], (day, days)
    assert days[5] == ["10:00–14:00"]  # Saturday as it was
    context.close()
