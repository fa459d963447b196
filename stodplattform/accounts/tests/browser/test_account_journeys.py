"""Account journeys in Chromium: a forgotten password, and a coordinator's two-factor login."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from stodplattform.accounts.demo import PASSWORD
from stodplattform.accounts.testing import fresh_totp_code, totp_code
from stodplattform.portal.testing import check_axe, follow, screenshot, switch_language

MANAGER = "verksamhetsledare.luddes@example.org"
COORDINATOR = "samordnare@example.org"
NEW_PASSWORD = "ett-nytt-långt-lösenord-2026"


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/logga-in/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()


def test_forgotten_password_by_email(page: Page, csp_violations):
    page.goto("/logga-in/")
    check_axe(page)
    screenshot(page, "login")
    page.get_by_role("link", name="Glömt ditt lösenord?").click()
    expect(page).to_have_url(re.compile(r"/konto/glomt-losenord/$"))
    check_axe(page)
    page.locator("#id_email").fill(MANAGER)
    screenshot(page, "password-reset")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/konto/glomt-losenord/skickat/$"))
    check_axe(page)

    assert [m.to for m in mail.outbox] == [[MANAGER]]
    link = re.search(r"https?://[^/\s]+(/konto/glomt-losenord/nyckel/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    expect(page.locator("#id_password1")).to_be_visible()
    check_axe(page)
    # A password that breaks the rules is refused with the rule, in Swedish.
    page.locator("#id_password1").fill("kort")
    page.locator("#id_password2").fill("kort")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("för kort")
    check_axe(page)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/konto/glomt-losenord/klart/$"))
    check_axe(page)

    _sign_in(page, MANAGER, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/min-sida/$"))
    check_axe(page)
    assert not csp_violations, csp_violations


def test_coordinator_sets_up_and_uses_two_factor_login(page: Page, settings, csp_violations):
    settings.MFA_REQUIRED_ROLES = ["coordinator", "steering", "coopted", "superuser"]
    _sign_in(page, COORDINATOR, PASSWORD)
    # Straight to the set-up: nothing else opens until it is done.
    expect(page).to_have_url(re.compile(r"/konto/tvastegsinloggning/totp/activate/$"))
    expect(page.locator("main img.mfa-qr")).to_be_visible()
    check_axe(page)
    screenshot(page, "mfa-setup", full_page=True)
    page.goto("/foretag/")
    expect(page).to_have_url(re.compile(r"/totp/activate/$"))

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Felaktig kod")
    check_axe(page)
    code, used_step = fresh_totp_code(secret)
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/konto/tvastegsinloggning/recovery-codes/$"))
    expect(page.locator("main")).to_contain_text(re.compile(r"[0-9a-f]{8}"))
    check_axe(page)
    screenshot(page, "recovery-codes", full_page=True)

    page.goto("/min-sida/")
    expect(page).to_have_url(re.compile(r"/min-sida/$"))
    check_axe(page)

    page.get_by_role("link", name="Mitt konto").click()
    expect(page).to_have_url(re.compile(r"/konto/$"))
    check_axe(page)
    screenshot(page, "account", full_page=True)
    page.get_by_role("link", name="Säkerhet").click()
    expect(page.locator("main")).to_contain_text("Inloggad")
    check_axe(page)
    screenshot(page, "security", full_page=True)
    follow(page, page.get_by_role("link", name="Sessioner").first)
    check_axe(page)

    page.locator("header form[action='/logga-ut/'] button").click()
    expect(page).to_have_url(re.compile(r"/$"))

    _sign_in(page, COORDINATOR, PASSWORD)
    expect(page).to_have_url(re.compile(r"/konto/tvastegsinloggning/authenticate/$"))
    check_axe(page)
    screenshot(page, "mfa-login")
    # Not the activation's code again: allauth refuses a code it has seen.
    page.locator("#id_code").fill(fresh_totp_code(secret, used_step=used_step)[0])
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/min-sida/$"))

    # Once in English: the account pages are complete there too.
    switch_language(page, "en")
    page.goto("/konto/sakerhet/")
    expect(page.locator("h1")).to_have_text("Security")
    check_axe(page)
    page.goto("/konto/tvastegsinloggning/")
    expect(page.locator("h1")).to_contain_text("Two-Factor Authentication")
    check_axe(page)
    assert not csp_violations, csp_violations


def test_passkey_is_added_and_signs_in_under_the_strict_csp(page: Page, settings, csp_violations):
    """Chromium's virtual authenticator plays the phone or security key."""
    # The live server speaks plain http on localhost, which browsers treat as secure for WebAuthn.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    _sign_in(page, MANAGER, PASSWORD)
    expect(page).to_have_url(re.compile(r"/min-sida/$"))
    page.goto("/konto/tvastegsinloggning/webauthn/add/")
    check_axe(page)
    page.locator("#id_name").fill("Min telefon")
    page.locator("#id_passwordless").check()
    screenshot(page, "passkey-add")
    page.locator("#mfa_webauthn_add").click()
    expect(page).to_have_url(re.compile(r"/konto/tvastegsinloggning/recovery-codes/$"))
    check_axe(page)

    page.locator("header form[action='/logga-ut/'] button").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/logga-in/")
    page.locator("#passkey_login").click()
    expect(page).to_have_url(re.compile(r"/min-sida/$"))
    assert not csp_violations, csp_violations


def test_every_account_page_passes_axe(page: Page, csp_violations):
    """The allauth pages that the journeys above do not pass through, in our layout."""
    from stodplattform.accounts.models import User
    from stodplattform.accounts.testing import give_totp

    secret = give_totp(User.objects.get(email=MANAGER))
    _sign_in(page, MANAGER, PASSWORD)
    page.locator("#id_code").fill(fresh_totp_code(secret)[0])
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/min-sida/$"))
    for path in (
        "/konto/bekrafta-inloggning/",
        "/konto/e-post/",
        "/konto/losenord/",
        "/konto/tvastegsinloggning/",
        "/konto/tvastegsinloggning/webauthn/",
        "/konto/sessioner/",
        "/konto/api-nycklar/",
        "/logga-ut/",
    ):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        check_axe(page)
    # Behind a fresh password prompt: removing the app, new recovery codes.
    page.goto("/konto/bekrafta-inloggning/?next=/konto/tvastegsinloggning/totp/deactivate/")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/totp/deactivate/$"))
    check_axe(page)
    page.goto("/konto/tvastegsinloggning/recovery-codes/generate/")
    check_axe(page)
    page.locator("header form[action='/logga-ut/'] button").click()
    for path in ("/konto/registrera/", "/konto/glomt-losenord/nyckel/zz-fel/", "/konto/e-post/bekrafta/fel/"):
        page.goto(path)
        check_axe(page)
    assert not csp_violations, csp_violations
