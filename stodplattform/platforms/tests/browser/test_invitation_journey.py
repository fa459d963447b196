"""A coordinator invites a co-opted support person, who comes in by the e-mailed link; later the role ends."""

import datetime
import re

from playwright.sync_api import Browser, Page, expect

from stodplattform.accounts.models import User
from stodplattform.accounts.testing import fresh_totp_code, give_totp
from stodplattform.portal.testing import PASSWORD, check_axe, follow, login, screenshot, switch_language

INVITEE = "ny.stodperson@example.org"
LINK = re.compile(r"https?://[^\s\"<]+/inbjudan/[^\s\"<]+/")


def _logout(page: Page) -> None:
    page.locator("header form[action$='/logga-ut/'] button").click()


def test_invitation_from_e_mail_to_start_page_and_out_again(
    page: Page, browser: Browser, mailoutbox, live_server, settings
):
    login(page, "samordnare@example.org")
    # From here on as in production: whoever will see cases sets up a second factor first.
    # (The coordinator set up theirs long ago.)
    give_totp(User.objects.get(email="samordnare@example.org"))
    settings.MFA_REQUIRED_ROLES = ["coordinator", "steering", "coopted", "superuser"]
    page.get_by_role("link", name=re.compile("Medlemmar och inbjudningar")).first.click()
    expect(page).to_have_url(re.compile(r"/plattformar/vasterbergslagen/medlemmar/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Medlemmar i Stödplattformen Västerbergslagen"
    )
    check_axe(page)
    screenshot(page, "members")

    follow(page, page.get_by_role("link", name="Bjud in en person"))
    check_axe(page)
    # A co-opted support person needs an end date: the form says so and keeps what was typed.
    page.locator("#id_email").fill(INVITEE)
    page.locator("#id_role").select_option("coopted")
    page.locator("#id_organisation").fill("Region Dalarna")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text("slutdatum")
    expect(page.locator("#id_email")).to_have_value(INVITEE)
    expect(page.locator("#id_organisation")).to_have_value("Region Dalarna")
    check_axe(page)
    end = (datetime.date.today() + datetime.timedelta(days=120)).isoformat()
    page.locator("#id_ends_on").fill(end)
    page.locator("#id_message").fill("Välkommen som stöd i HR-frågor!")
    screenshot(page, "invite")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(INVITEE)
    expect(page.get_by_role("heading", name="Inbjudningar som väntar på svar")).to_be_visible()
    check_axe(page)

    # The e-mail carries the link; the invitee opens it in a browser of their own.
    assert len(mailoutbox) == 1
    link = LINK.search(mailoutbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    invitee = browser.new_page(base_url=live_server.url, locale="sv-SE")
    invitee.goto(path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Acceptera inbjudan")
    check_axe(invitee)
    invitee.locator("#id_full_name").fill("Nora Stöd")
    invitee.locator("#id_password1").fill("kort")
    invitee.locator("#id_password2").fill("kort")
    invitee.locator("main form button[type=submit]").click()
    expect(invitee.locator("#id_password1_error")).to_be_visible()
    expect(invitee.locator("#id_full_name")).to_have_value("Nora Stöd")
    check_axe(invitee)
    screenshot(invitee, "invitation-accept")
    invitee.locator("#id_password1").fill("ett-langt-losen-2026")
    invitee.locator("#id_password2").fill("ett-langt-losen-2026")
    invitee.locator("main form button[type=submit]").click()
    # A co-opted support person must have a second factor: straight to its set-up, nothing else opens.
    expect(invitee).to_have_url(re.compile(r"/konto/tvastegsinloggning/totp/activate/$"))
    check_axe(invitee)
    invitee.goto("/min-sida/")
    expect(invitee).to_have_url(re.compile(r"/totp/activate/$"))
    secret = invitee.locator("#authenticator_secret").input_value()
    invitee.locator("#id_code").fill(fresh_totp_code(secret)[0])
    invitee.locator("main form button[type=submit]").first.click()
    expect(invitee).to_have_url(re.compile(r"/recovery-codes/$"))
    check_axe(invitee)
    invitee.goto("/min-sida/")
    expect(invitee).to_have_url(re.compile(r"/min-sida/$"))
    expect(invitee.locator("#my-roles")).to_contain_text("Adjungerad stödperson")
    check_axe(invitee)
    # The link worked once.
    invitee.goto(path)
    expect(invitee.locator("main")).to_contain_text("redan använts")

    # The coordinator sees the new member and ends the role today.
    page.reload()
    row = page.locator("main tbody tr", has_text="Nora Stöd")
    expect(row).to_contain_text("Region Dalarna")
    follow(page, row.get_by_role("link", name=re.compile("^Avsluta")))
    check_axe(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("finns kvar i historiken")
    page.get_by_role("link", name="Historik").click()
    expect(page.locator("main")).to_contain_text(INVITEE)
    check_axe(page)
    switch_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("History of the platform's people")
    check_axe(page)

    # The former member's pages answer 404; their start page no longer lists the role.
    response = invitee.goto("/plattformar/vasterbergslagen/medlemmar/")
    assert response.status == 404
    invitee.goto("/min-sida/")
    expect(invitee.locator("main")).not_to_contain_text("Adjungerad stödperson")
    invitee.close()


def test_the_members_page_in_english_and_on_a_phone(page: Page):
    login(page, "samordnare@example.org")
    page.goto("/plattformar/vasterbergslagen/medlemmar/")
    switch_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of Stödplattformen Västerbergslagen")
    check_axe(page)
    page.set_viewport_size({"width": 375, "height": 740})
    # Each membership is a card with its actions visible, no sideways scrolling.
    change = page.locator("main tbody tr").first.get_by_role("link", name=re.compile("^Change"))
    change.scroll_into_view_if_needed()
    box = change.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    check_axe(page)


def test_a_steering_member_sees_the_members_but_cannot_invite(page: Page):
    login(page, "naringslivschef.ludvika@example.org")
    page.goto("/plattformar/vasterbergslagen/medlemmar/")
    expect(page.get_by_role("heading", level=2, name="De som arbetar med plattformen")).to_be_visible()
    expect(page.get_by_role("link", name="Bjud in en person")).to_have_count(0)
    check_axe(page)
    response = page.goto("/plattformar/vasterbergslagen/medlemmar/bjud-in/")
    assert response.status == 403
    assert PASSWORD  # the demo password is shared by every demo login
