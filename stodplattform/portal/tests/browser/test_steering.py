"""A steering-group member sees the platform's enterprises and their history, and cannot edit (403)."""

import re

from playwright.sync_api import Page, expect

from stodplattform.portal.testing import check_axe, login, screenshot

STEERING = "naringslivschef.ludvika@example.org"


def test_steering_member_reads_but_does_not_edit(page: Page):
    login(page, STEERING)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("main a[href$='/redigera/']")).to_have_count(0)
    expect(page.locator("main a[href='/foretag/ny/']")).to_have_count(0)
    check_axe(page)
    screenshot(page, "dashboard-steering")

    page.locator("main table").get_by_role("link", name="Luddes Hundcenter").click()
    expect(page).to_have_url(re.compile(r"/foretag/luddes-hundcenter/$"))
    expect(page.locator("main a[href$='/redigera/']")).to_have_count(0)
    history = page.locator("section[aria-labelledby='history-heading']")
    expect(history).to_be_visible()
    # Made by the demo data: created, then given its industry (SNI 96.090).
    expect(history.locator("tbody tr").last).to_contain_text("Systemadministratör (demo)")
    expect(history).to_contain_text("96.090")
    check_axe(page)

    response = page.goto("/foretag/luddes-hundcenter/redigera/")
    assert response.status == 403
    expect(page.locator("#id_description")).to_have_count(0)
    expect(page.locator("main a[href='/']")).to_be_visible()
    check_axe(page)

    # Enterprises of another platform do not exist for this member.
    response = page.goto("/foretag/exempelkafeet-falun/redigera/")
    assert response.status == 404
