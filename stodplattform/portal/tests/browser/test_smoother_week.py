"""A smoother week (issue 19): the coordinator's start page ordered by what needs action today, the
work sections in the top menu on desktop and phone, one primary action on the meeting, support
case, intervention and event pages, and the public pages that used to end in a dead end."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from stodplattform.events.models import Event
from stodplattform.interventions.models import Intervention, Status
from stodplattform.meetings.models import Meeting
from stodplattform.portal.testing import PHONE, check_axe, check_no_overlap, login, screenshot
from stodplattform.support.models import CaseStatus, SupportCase


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


def _open_more_actions_by_keyboard(page: Page, first: str):
    """One primary button in the bar; "Fler åtgärder" opens with Enter; the bar and its menu stay
    inside the page's width (no sideways scrolling on a phone)."""
    bar = page.locator("main .action-bar")
    expect(page.locator("main .btn-primary")).to_have_count(1)
    expect(bar.locator(".btn-primary")).to_have_count(1)
    bar.locator("details.more-actions > summary").focus()
    page.keyboard.press("Enter")
    menu = bar.locator(".more-actions-menu")
    expect(menu.get_by_role("link", name=first).or_(menu.get_by_role("button", name=first))).to_be_visible()
    width = page.viewport_size["width"]
    for box in (bar.bounding_box(), menu.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_axe(page)
    check_no_overlap(page)


def test_the_case_intervention_and_event_pages_have_one_primary_action(page: Page):
    case = SupportCase.objects.filter(
        platform__slug="vasterbergslagen",
        status=CaseStatus.NEW,
        assignee__isnull=True,
        purged_at__isnull=True,
    ).first()
    intervention = Intervention.objects.filter(
        platform__slug="vasterbergslagen",
        status=Status.APPROVED,
        approved_amount__gt=0,
        ends_on__gte=timezone.localdate(),
    ).first()
    event = Event.objects.filter(platform__slug="vasterbergslagen", starts_at__gt=timezone.now()).first()
    login(page, "samordnare@example.org")
    for size in (None, PHONE):
        if size:
            page.set_viewport_size(size)
        # A new request nobody has: "Ta ärendet"; the rest under "Fler åtgärder".
        page.goto(case.get_absolute_url())
        expect(page.locator("main .action-bar .btn-primary")).to_have_text("Ta ärendet")
        _open_more_actions_by_keyboard(page, "Registrera arbete")
        if size is None:
            screenshot(page, "support-case-more-actions")
        # An approved intervention: the coordinator records expenses; cancelling is in the menu.
        page.goto(intervention.get_absolute_url())
        expect(page.locator("main .action-bar .btn-primary")).to_have_text("Registrera utgift")
        _open_more_actions_by_keyboard(page, "Avbryt insatsen")
        if size is None:
            screenshot(page, "interventions-more-actions")
        # The organiser's pages of an event to come, with the registration form as the primary.
        page.goto(event.get_absolute_url())
        menu = page.locator("main .action-bar details.more-actions")
        menu.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(menu.get_by_role("link", name="Deltagare")).to_be_visible()
        expect(page.locator("main .btn-primary")).to_have_count(1)
        check_axe(page)
    # Taking the case: it is the coordinator's and open.
    page.goto(case.get_absolute_url())
    page.locator("#take-case").click()
    expect(page.locator("#case-assignee")).to_have_text("Samordnare, Samarkand (demo)")
    expect(page.locator("main .action-bar .btn-primary")).to_have_text("Registrera arbete")
    page.locator("main .action-bar .btn-primary").click()
    expect(page.locator("#entry-heading")).to_be_in_viewport()
    check_axe(page)


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
