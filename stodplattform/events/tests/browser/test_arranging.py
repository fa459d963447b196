"""The coordinator arranges an event (a mistake first); a manager signs up their enterprise for the fair."""

import re

from playwright.sync_api import Page, expect

from stodplattform.events.models import Event, Exhibitor
from stodplattform.portal.testing import check_axe, follow, login, screenshot


def test_coordinator_creates_an_event(page: Page):
    login(page, "samordnare@example.org")
    panel = page.locator("section#coming-events")
    expect(panel).to_contain_text("3 / 40")
    follow(page, page.get_by_role("link", name="Nytt evenemang"))
    check_axe(page)
    page.locator("#id_title").fill("Exempel: Vårmässan")
    page.locator("#id_kind").select_option("fair")
    page.locator("#id_starts_at").fill("2031-04-02T13:00")
    page.locator("#id_ends_at").fill("2031-04-02T12:00")
    page.locator("#id_venue").fill("Exempelhallen")
    page.locator("#id_capacity").fill("80")
    page.locator("#id_programme-0-starts_at").fill("13:00")
    page.locator("#id_programme-0-title").fill("Mässan öppnar")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_ends_at_error")).to_contain_text("efter")
    expect(page.locator("#id_title")).to_have_value("Exempel: Vårmässan")
    check_axe(page)
    screenshot(page, "event-form-error", full_page=True)
    page.locator("#id_ends_at").fill("2031-04-02T17:00")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exempel: Vårmässan")
    expect(page.get_by_role("table")).to_contain_text("Mässan öppnar")
    check_axe(page)
    assert Event.objects.get(title="Exempel: Vårmässan").kind == "fair"


def test_manager_signs_up_for_the_fair(page: Page):
    login(page, "verksamhetsledare.luddes@example.org")
    panel = page.locator("section#fairs")
    expect(panel).to_contain_text("Köp socialt")
    check_axe(page)
    follow(page, panel.get_by_role("link", name=re.compile("Anmäl som utställare")))
    check_axe(page)
    page.locator("#id_pitch").fill("Hunddagis och kurser – kom och hälsa på våra hundar")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Luddes Hundcenter")
    expect(page.locator("#exhibitors + p + ul, #exhibitors ~ ul").first).to_contain_text("Luddes Hundcenter")
    check_axe(page)
    assert Exhibitor.objects.filter(
        enterprise__slug="luddes-hundcenter", event__slug="exempel-kop-socialt"
    ).exists()
