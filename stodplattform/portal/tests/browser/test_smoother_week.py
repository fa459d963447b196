"""A smoother week (issue 19): the coordinator's start page ordered by what needs action today, the
work sections in the top menu on desktop and phone, one primary action on the meeting page, and
the public pages that used to end in a dead end."""

import re

from playwright.sync_api import Page, expect

from stodplattform.meetings.models import Meeting
from stodplattform.portal.testing import PHONE, check_axe, login, screenshot


def test_coordinator_start_page_and_menu(page: Page):
    login(page, "samordnare@example.org")
    nav = page.locator("#main-nav")
    for name, href in (("Ärenden", "/arenden/"), ("Möten", "/moten/"), ("Insatser", "/insatser/")):
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    # Action today first: new requests, then overdue cases, then applications to prepare.
    ids = page.locator("main section.start-panel").evaluate_all("els => els.map(e => e.id)")
    assert ids.index("new-requests") < ids.index("to-prepare") < ids.index("enterprises"), ids
    expect(page.locator("#new-requests .panel-count")).to_be_visible()
    expect(page.locator("#new-requests a.panel-all")).to_have_attribute("href", "/arenden/?status=new")
    # The long table is one click away.
    table = page.locator("#enterprise-table table")
    expect(table).to_be_hidden()
    check_axe(page)
    screenshot(page, "start-coordinator", full_page=True)
    page.locator("#enterprise-table > summary").click()
    expect(table).to_be_visible()
    check_axe(page)

    # The menu by keyboard: Ärenden is a Tab stop of the menu.
    page.locator("#main-nav a[href='/arenden/']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/arenden/$"))
    expect(page.locator("#main-nav a[href='/arenden/']")).to_have_attribute("aria-current", "page")
    check_axe(page)


def test_the_menu_on_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    login(page, "verksamhetsledare.luddes@example.org")
    toggler = page.locator("button.navbar-toggler")
    meetings = page.locator("#main-nav a[href='/moten/']")
    expect(meetings).to_be_hidden()
    toggler.click()
    for href in ("/arenden/", "/moten/", "/insatser/"):
        expect(page.locator(f"#main-nav a[href='{href}']")).to_be_visible()
    check_axe(page)
    screenshot(page, "phone-menu-manager")
    meetings.click()
    expect(page).to_have_url(re.compile(r"/moten/$"))
    check_axe(page)


def test_the_meeting_page_has_one_primary_action(page: Page):
    meeting = Meeting.objects.filter(locked_at__isnull=True).order_by("starts_at").last()
    login(page, "samordnare@example.org")
    for size in (None, PHONE):
        if size:
            page.set_viewport_size(size)
        page.goto(meeting.get_absolute_url())
        bar = page.locator("main .action-bar")
        expect(bar.locator(".btn-primary")).to_have_count(1)
        summary = bar.locator("details.more-actions > summary")
        summary.focus()
        page.keyboard.press("Enter")
        expect(bar.get_by_role("link", name="Ändra mötet")).to_be_visible()
        check_axe(page)
        if size is None:
            screenshot(page, "meetings-more-actions")


def test_public_dead_ends(page: Page):
    # "Vill du köpa?" searches the directory.
    page.goto("/")
    page.locator("#home-q").fill("hund")
    page.locator("#home-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/foretag/\?q=hund"))
    expect(page.locator("#results article .card-title")).to_have_text(["Luddes Hundcenter"])
    check_axe(page)
    # No hits: ask the platform.
    page.goto("/foretag/?q=hundpensionatxyz")
    expect(page.locator("#ask-the-platform a[href='/fa-stod/']")).to_be_visible()
    check_axe(page)
    # "Har du en idé?": the phone where it says "ring".
    page.goto("/har-du-en-ide/?kommun=2085")
    expect(page.locator("#idea-answer a[href^='tel:']")).to_be_visible()
    check_axe(page)
    # "Få stöd" says at once that Vansbro has no platform, and links the advice.
    for size in (None, PHONE):
        if size:
            page.set_viewport_size(size)
        page.goto("/fa-stod/")
        notice = page.locator("#no-platform")
        expect(notice).to_be_hidden()
        page.locator("#id_municipality").select_option("2021")
        expect(notice).to_be_visible()
        expect(notice.locator("a")).to_have_attribute("href", "/har-du-en-ide/?kommun=2021#idea-answer")
        check_axe(page)
        if size is None:
            screenshot(page, "support-request-no-platform", locator=page.locator("main form"))
        page.locator("#id_municipality").select_option("2085")
        expect(notice).to_be_hidden()
