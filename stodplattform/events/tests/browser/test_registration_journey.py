"""A visitor registers, a second lands on the waiting list, the first cancels by the e-mailed link and the
second moves up and is told; the organiser checks someone in on a phone."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from stodplattform.events.models import Event, Registration, RegistrationStatus
from stodplattform.platforms.models import Platform
from stodplattform.portal.testing import PHONE, check_axe, login, screenshot, switch_language

CANCEL = re.compile(r"https?://[^\s\"<]+/evenemang/avboka/[^\s\"<]+/")


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _register(page: Page, name: str, email: str) -> None:
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_organisation").fill("Exempelföreningen")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()


def test_register_wait_cancel_and_move_up(page: Page, browser: Browser, mailoutbox, live_server):
    # The demo's events: the coming seminar with its programme, and the 2022 seminar with its fair.
    page.goto("/evenemang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evenemang")
    check_axe(page)
    screenshot(page, "events-list")
    page.get_by_role("link", name=re.compile("Köp socialt")).click()
    expect(page.get_by_role("table")).to_contain_text("Reserverade upphandlingar")
    check_axe(page)
    screenshot(page, "event-page", full_page=True)
    page.goto("/evenemang/arkiv/")
    check_axe(page)
    page.get_by_role("link", name="Sociala företag konkurrerar på samma villkor").click()
    expect(page.locator("#exhibitors + ul")).to_contain_text("Luddes Hundcenter")
    check_axe(page)
    screenshot(page, "event-fair", full_page=True)

    start = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=10)
    event = Event.objects.create(
        platform=Platform.objects.get(slug="vasterbergslagen"),
        title="Exempel: Frukostmöte om upphandling",
        slug="exempel-frukostmote",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="Exempelhuset",
        summary="Exempeltext.",
        capacity=1,
        is_example=True,
    )

    page.goto("/evenemang/")
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    check_axe(page)
    # A mistake first: the form says so next to the field and keeps what was typed.
    page.locator("#id_name").fill("Ada Exempel")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Ada Exempel")
    check_axe(page)
    _register(page, "Ada Exempel", "ada@example.org")
    expect(page.locator(".alert-success")).to_contain_text("Du är anmäld")

    # A second visitor, in English, finds the event full and joins the waiting list.
    other = browser.new_page(base_url=live_server.url, locale="sv-SE")
    other.goto(event.get_absolute_url())
    switch_language(other, "en")
    expect(other.locator("main")).to_contain_text("The event is full")
    check_axe(other)
    _register(other, "Bo Exempel", "bo@example.org")
    expect(other.locator(".alert-warning")).to_contain_text("waiting list")
    check_axe(other)
    bo = Registration.objects.get(email="bo@example.org")
    assert bo.status == RegistrationStatus.WAITING and bo.language == "en"

    # The first cancels by the link in the e-mail, without signing in.
    assert [m.to for m in mailoutbox] == [["ada@example.org"], ["bo@example.org"]]
    link = CANCEL.search(mailoutbox[0].body).group(0)
    page.goto(_path(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Avboka din anmälan")
    check_axe(page)
    page.get_by_role("button", name="Ja, avboka min anmälan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmälan avbokad")
    check_axe(page)

    # The second moves up and is told, in English, with the calendar entry.
    bo.refresh_from_db()
    assert bo.status == RegistrationStatus.CONFIRMED
    promoted = mailoutbox[-1]
    assert promoted.to == ["bo@example.org"] and promoted.subject.startswith("A place is yours")
    assert promoted.attachments
    # The used link says so.
    page.goto(_path(link))
    expect(page.locator("main")).to_contain_text("redan avbokats")
    other.close()


def test_organiser_checks_in_on_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    login(page, "samordnare@example.org")
    expect(page.locator("#panel-coming-events")).to_be_visible()
    event = Event.objects.get(slug="exempel-kop-socialt")
    page.goto(f"/evenemang/{event.slug}/deltagare/")
    check_axe(page)
    screenshot(page, "event-attendees", full_page=True)
    page.goto(f"/evenemang/{event.slug}/incheckning/")
    check_axe(page)
    page.locator("#id_q").fill("Berg")
    rows = page.locator("#results li")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name=re.compile("^Checka in")).click()
    expect(rows.first.get_by_role("button", name=re.compile("Incheckad"))).to_be_visible()
    expect(page.locator("#checkin-count")).to_have_text("1 av 3 incheckade.")
    expect(page.locator("#results")).to_contain_text("Exempel Berg")
    check_axe(page)
    screenshot(page, "event-checkin-phone")
    assert Registration.objects.get(name="Exempel Berg").checked_in_at is not None
