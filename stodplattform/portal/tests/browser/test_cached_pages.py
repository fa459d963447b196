"""A page served from the public cache works in a real browser: its scripts (files, no nonce)
run under the strict CSP, htmx updates the directory, and the language switch posts (a
visitor's switch needs no CSRF token, so the page is the same for everyone)."""

import re

import pytest
from playwright.sync_api import Page, expect

from stodplattform.core.testing import turn_on_cache
from stodplattform.portal.testing import check_axe


@pytest.fixture(autouse=True)
def public_cache(settings):
    turn_on_cache(settings, "pages")


def test_second_visitor_gets_a_working_cached_page(page: Page, csp_violations):
    # Each address is loaded twice by visitors without cookies: the second answer comes from the cache.
    for path in ["/", "/foretag/", "/plattformar/", "/evenemang/"]:
        page.context.clear_cookies()
        page.goto(path)  # a miss for this visitor's first look, then ...
        response = page.reload()  # ... a hit: the same address again
        assert response.headers.get("x-cache") == "hit", path
    assert not csp_violations, csp_violations

    # On the cached directory, htmx updates the results in place.
    page.context.clear_cookies()
    page.goto("/foretag/")
    assert page.reload().headers.get("x-cache") == "hit"
    page.evaluate("window.__stillTheSamePage = true")
    page.locator("#id_q").fill("skötsel")
    expect(page.locator("#results article .card-title")).to_have_count(3)
    assert page.evaluate("window.__stillTheSamePage") is True
    check_axe(page)

    # The language switch posts from the cached page.
    page.context.clear_cookies()
    page.goto("/plattformar/")
    assert page.reload().headers.get("x-cache") == "hit"
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/plattformar/$"))
    assert not csp_violations, csp_violations
