"""The manager (verksamhetsledare) keeps the own enterprise's profile; other profiles answer 404."""

import re

from playwright.sync_api import Page, expect

from stodplattform.enterprises.models import Enterprise
from stodplattform.portal.testing import check_axe, login, screenshot

MANAGER = "verksamhetsledare.atervinningsbutiken@example.org"
NEW_TEXT = "Vi tar emot möbler, kläder och husgeråd och säljer dem vidare. Välkommen in!"


def test_manager_edits_own_enterprise_but_not_another(page: Page):
    login(page, MANAGER)
    # The overview shows the own enterprise only, with an edit link.
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Återvinningsbutiken")
    expect(page.locator("main a[href='/foretag/ny/']")).to_have_count(0)
    check_axe(page)
    screenshot(page, "dashboard-manager")

    page.locator("main a[href='/foretag/atervinningsbutiken/redigera/']").click()
    expect(page).to_have_url(re.compile(r"/foretag/atervinningsbutiken/redigera/$"))
    # The registry fields (platform, status, address, listing) belong to the coordinator.
    expect(page.locator("#id_platform")).to_have_count(0)
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator("#id_name")).to_have_value("Återvinningsbutiken")
    check_axe(page)
    page.locator("#id_description").fill(NEW_TEXT)
    screenshot(page, "enterprise-edit", locator=page.locator("fieldset:has(#id_description)"))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/foretag/atervinningsbutiken/$"))
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NEW_TEXT)
    history = page.locator("section[aria-labelledby='history-heading']")
    newest = history.locator("tbody tr").first
    expect(newest).to_contain_text("Verksamhetsledare, Återvinningsbutiken (demo)")
    expect(newest.locator("li")).to_have_count(1)  # the description, nothing else
    check_axe(page)
    enterprise = Enterprise.objects.get(slug="atervinningsbutiken")
    assert enterprise.description == NEW_TEXT
    assert enterprise.offers_goods == "Begagnade möbler\nKläder\nHusgeråd"
    assert enterprise.municipality.code == "2085"

    # Another enterprise's edit page does not exist for this manager.
    response = page.goto("/foretag/luddes-hundcenter/redigera/")
    assert response.status == 404
    expect(page.locator("#id_description")).to_have_count(0)
    expect(page.locator("main a[href='/']")).to_be_visible()
    check_axe(page)
    # Its public showcase is still there, without an edit button or history.
    page.goto("/foretag/luddes-hundcenter/")
    expect(page.locator("h1")).to_have_text("Luddes Hundcenter")
    expect(page.locator("main a[href$='/redigera/']")).to_have_count(0)
    expect(page.locator("#history-heading")).to_have_count(0)


def test_api_tokens(page: Page, playwright, base_url):
    login(page, MANAGER)
    # The tokens are one of the pages of My account.
    page.locator("header a[href='/konto/']").click()
    page.locator("main nav a[href='/konto/api-nycklar/']").click()
    expect(page).to_have_url(re.compile(r"/konto/api-nycklar/$"))
    check_axe(page)

    page.locator("#id_name").fill("Kalkylarket")
    page.locator("main form button").first.click()
    key = page.locator("main .alert-success code")
    expect(key).to_be_visible()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody tr")).to_contain_text("Kalkylarket")
    check_axe(page)

    # The key works against the API with the manager's permissions (a client without the session).
    bearer = {"Authorization": f"Bearer {key.inner_text()}"}
    api = playwright.request.new_context(base_url=base_url)
    url = "/api/v1/enterprises/atervinningsbutiken"
    response = api.get(url, headers=bearer)
    assert response.status == 200, response.text()
    assert "is_public" in response.json()  # an internal field: the token speaks for the manager
    assert "is_public" not in api.get(url).json()

    page.goto("/konto/api-nycklar/")  # the key is shown once only
    expect(page.locator("main .alert-success code")).to_have_count(0)
    screenshot(page, "api-tokens")

    page.locator("main table tbody tr button").click()
    expect(page.locator("main table")).to_have_count(0)
    expect(page.locator("main .messages .alert-success")).to_contain_text("Kalkylarket")
    check_axe(page)
    assert api.get(url, headers=bearer).status == 401
    api.dispose()
