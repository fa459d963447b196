"""The monthly network meeting from series to action item: the coordinator creates the series, a
manager proposes an agenda item, the coordinator keeps the minutes, the checker locks them, and the
manager finds the action item on their start page."""

import datetime
import re

from playwright.sync_api import Browser, Page, expect

from stodplattform.portal.testing import (
    PHONE,
    check_axe,
    check_no_overlap,
    follow,
    login,
    screenshot,
    switch_language,
)

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
MANAGER_NAME = "Verksamhetsledare, Återvinningsbutiken (demo)"
TITLE = "Nätverksträff hösten"


def test_series_agenda_minutes_lock_and_start_page(page: Page, browser: Browser, live_server):
    today = datetime.date.today()
    login(page, "samordnare@example.org")
    check_axe(page)
    page.locator("#next-meetings a[href='/moten/']").click()
    expect(page).to_have_url(re.compile(r"/moten/$"))
    check_axe(page)
    follow(page, page.locator("a[href='/plattformar/vasterbergslagen/moten/ny-serie/']"))
    check_axe(page)
    check_no_overlap(page)

    # A last date before the first: the message is next to the field and the title is kept.
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_starts_on").fill((today + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_ends_on").fill(today.isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_ends_on_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    check_axe(page)
    check_no_overlap(page)
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=200)).isoformat())
    page.locator("input[name=skip][value='7']").check()
    screenshot(page, "meetings-series", full_page=True)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(TITLE)

    # The first meeting of the series; the coordinator names the manager as checker.
    page.locator("main tbody tr", has_text=TITLE).first.locator("a").first.click()
    meeting_url = page.url
    check_axe(page)
    page.locator("details.more-actions > summary").click()  # "Fler åtgärder"
    follow(page, page.locator(f"a[href='{page.url.split(live_server.url)[1]}andra/']"))
    check_axe(page)
    check_no_overlap(page)
    page.locator("#id_secretary").select_option(label="Samordnare, Samarkand (demo)")
    page.locator("#id_checker").select_option(label=MANAGER_NAME)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    # The coordinator is told that only the named checker can lock the minutes.
    expect(page.locator("#minutes-check")).to_contain_text(MANAGER_NAME)

    # "Skicka kallelsen" asks first, and says who gets it.
    page.get_by_role("link", name="Skicka kallelsen").click()
    expect(page.locator("#invitation-recipients")).to_contain_text(MANAGER_NAME)
    check_axe(page)
    screenshot(page, "meetings-invitation-confirm", full_page=True)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Kallelsen skickades")

    # The manager proposes an agenda item, in a browser of their own.
    manager = browser.new_page(base_url=live_server.url, locale="sv-SE")
    login(manager, MANAGER)
    manager.goto(meeting_url)
    check_axe(manager)
    # The manager replies that they are coming.
    manager.locator("#my-reply button[value=coming]").click()
    expect(manager.locator("#my-reply")).to_contain_text("Ditt svar: Kommer")
    expect(manager.locator("#replies-by-enterprise")).to_contain_text("Återvinningsbutiken: kommer")
    expect(manager.locator("main")).not_to_contain_text("inte närvarande")
    check_axe(manager)
    manager.locator("a[href$='/dagordning/ny/']").click()
    check_axe(manager)
    check_no_overlap(manager)
    manager.locator("#id_title").fill("Gemensam monter på mässan i maj")
    manager.locator("#id_presenter").fill("Återvinningsbutiken")
    manager.locator("main form button[type=submit]").click()
    expect(manager.locator("main ol.list-group")).to_contain_text("Gemensam monter på mässan i maj")

    # The coordinator records attendance, the minutes, a decision and an action item.
    page.reload()
    expect(page.locator("main ol.list-group")).to_contain_text("Gemensam monter på mässan i maj")
    follow(page, page.locator("a[href$='/narvaro/']"))
    check_axe(page)
    check_no_overlap(page)
    page.get_by_label(re.compile("Återvinningsbutiken")).select_option("present")
    page.get_by_label(re.compile("Luddes Hundcenter")).select_option("excused")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#attendance-heading")).to_be_visible()

    follow(page, page.locator("a[href$='/protokoll/']"))
    check_axe(page)
    check_no_overlap(page)
    page.locator("main textarea").first.fill("Alla vill vara med. Återvinningsbutiken samordnar.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Återvinningsbutiken samordnar.")

    follow(page, page.locator("a[href$='/beslut/ny/']"))
    check_axe(page)
    check_no_overlap(page)
    paragraph = re.search(r"§ (\d+)", page.locator("main p").first.inner_text()).group(1)
    page.locator("#id_text").fill("att boka en gemensam monter.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main dl")).to_contain_text("att boka en gemensam monter.")
    # A number already taken: the message names the next free one, the text is kept.
    page.locator("a[href$='/beslut/ny/']").click()
    page.locator("#id_number").fill(paragraph)
    page.locator("#id_text").fill("En dubblett")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_number_error")).to_contain_text(f"§ {paragraph}/")
    expect(page.locator("#id_text")).to_have_value("En dubblett")
    check_axe(page)
    page.goto(meeting_url)

    page.locator("a[href$='/atgarder/ny/']").click()
    page.locator("#id_title").fill("Boka montern")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_owner_error")).to_be_visible()
    expect(page.locator("#id_due_on_error")).to_be_visible()
    check_axe(page)
    check_no_overlap(page)
    page.locator("#id_owner").select_option(label=MANAGER_NAME)
    page.locator("#id_due_on").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Boka montern")
    check_axe(page)
    screenshot(page, "meetings-minutes", full_page=True)

    # The checker locks the minutes; after that the coordinator can only add.
    manager.goto(meeting_url)
    manager.locator("#minutes-check a[href$='/justera/']").click()
    check_axe(manager)
    check_no_overlap(manager)
    screenshot(manager, "meetings-lock-confirm", full_page=True)
    # Without the box ticked nothing is locked.
    manager.locator("main form button[type=submit]").click()
    expect(manager.locator("#id_confirm_error")).to_be_visible()
    check_axe(manager)
    manager.get_by_label("Jag har läst protokollet och det stämmer").check()
    manager.locator("main form button[type=submit]").click()
    expect(manager.locator(".alert-success")).to_be_visible()
    check_axe(manager)
    page.reload()
    expect(page.locator("a[href$='/protokoll/']")).to_have_count(0)
    expect(page.locator("a[href$='/tillagg/']")).to_be_visible()

    # The manager's start page shows the action item; the meeting page in English too.
    manager.goto("/min-sida/")
    expect(manager.locator("#next-meetings")).to_contain_text("Boka montern")
    check_axe(manager)
    screenshot(manager, "meetings-start-manager", locator=manager.locator("#next-meetings"))
    manager.goto(meeting_url)
    switch_language(manager, "en")
    expect(manager.get_by_role("heading", name="Decisions")).to_be_visible()
    expect(manager.locator("main")).to_contain_text("Boka montern")
    check_axe(manager)
    screenshot(manager, "meetings-detail-en", full_page=True)
    manager.close()


def test_archive_and_attendance_chart(page: Page):
    login(page, "samordnare@example.org")
    page.goto("/moten/")
    expect(page.locator("#attendance")).to_be_visible()
    expect(page.locator("#attendance img")).to_have_attribute("src", re.compile("^data:image/svg"))
    check_axe(page)
    screenshot(page, "meetings-attendance-chart", locator=page.locator("#attendance"))
    page.goto("/moten/arkiv/")
    page.locator("#id_q").fill("marknadsföring")
    page.locator("main form[role=search] button").click()
    expect(page.locator("main tbody tr").first).to_be_visible()
    check_axe(page)
    screenshot(page, "meetings-archive")


def test_on_a_phone_the_checker_finds_the_minutes_and_an_invitee_replies_from_the_mail(
    page: Page, browser: Browser
):
    from stodplattform.accounts.models import User
    from stodplattform.meetings import services
    from stodplattform.meetings.models import Meeting, Reply

    page.set_viewport_size(PHONE)
    manager = User.objects.get(email=MANAGER)
    held = (
        Meeting.objects.filter(
            platform__slug="vasterbergslagen", kind="network", ends_at__lt=datetime.datetime.now(datetime.UTC)
        )
        .order_by("-starts_at")
        .first()
    )
    Meeting.objects.filter(pk=held.pk).update(checker=manager, locked_at=None)
    coming = (
        Meeting.objects.filter(
            platform__slug="vasterbergslagen",
            kind="network",
            starts_at__gt=datetime.datetime.now(datetime.UTC),
        )
        .order_by("starts_at")
        .first()
    )

    # The reply link of the invitation, opened without signing in.
    token = services.reply_token(coming, manager)
    page.goto(f"/moten/svar/{token}/?svar=not_coming")
    expect(page.locator("#reply-form button[value=not_coming]")).to_have_class(re.compile("btn-primary"))
    check_axe(page)
    check_no_overlap(page)
    screenshot(page, "meetings-reply-phone", full_page=True)
    assert not Reply.objects.filter(meeting=coming, user=manager).exists()
    page.locator("#reply-form button[value=not_coming]").click()
    expect(page.locator("#reply-saved")).to_contain_text("Kan inte komma")
    check_axe(page)
    assert Reply.objects.get(meeting=coming, user=manager).answer == "not_coming"

    # The checker's start page has the minutes to check; the lock asks first.
    login(page, MANAGER)
    expect(page.locator("#minutes-to-check")).to_contain_text(held.title)
    check_axe(page)
    screenshot(page, "meetings-minutes-to-check-phone", locator=page.locator("#minutes-to-check"))
    follow(page, page.locator(f"#minutes-to-check a[href='/moten/{held.pk}/justera/']"))
    check_axe(page)
    check_no_overlap(page)
    page.get_by_label("Jag har läst protokollet och det stämmer").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    held.refresh_from_db()
    assert held.is_locked
