"""Browser tests: Debian's Chromium through Playwright against pytest-django's live server.

Every app keeps its journeys in ``<app>/tests/browser/``, whose ``conftest.py`` is one
line: ``from stodplattform.portal.testing import *``. The root ``conftest.py`` marks
the tests in such folders ``browser``, makes them transactional and runs them last.

How the pieces fit:

* ``live_server`` runs Django in a thread of this process; the test and the
  server share the database, so every test here is transactional
  (``transaction=True``). A transactional test empties the database when it
  ends, which would also remove the rows the data migrations made (the
  municipalities and the industries), so the tests ask for
  ``serialized_rollback``: the migrated contents are restored before each test.
* Playwright's sync API keeps an event loop in the test thread, which makes
  Django's ORM refuse to run there; the root ``conftest.py`` sets
  ``DJANGO_ALLOW_ASYNC_UNSAFE`` for exactly this (the ORM is still used from
  one thread at a time).
* Every test starts with the demo data (``stodplattform.portal.demo``) and a
  Swedish-speaking browser at 1280×800.

Helpers for the tests: ``login``, ``check_axe``, ``check_no_overlap``, ``screenshot`` and
``switch_language``. With ``UPDATE_SCREENSHOTS=1`` the journeys write the
pictures of the user guides into ``docs/images/``.
"""

import io
import os
import re
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from stodplattform.accounts.demo import PASSWORD
from stodplattform.portal.demo import load_demo

REPO = Path(__file__).resolve().parents[2]
DOCS_IMAGES = REPO / "docs" / "images"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM} (tools/browser.sh installs it)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in ``page.goto`` go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": VIEWPORT,
        "locale": "sv-SE",
        "timezone_id": "Europe/Stockholm",
    }


@pytest.fixture(scope="session", autouse=True)
def _one_set_of_db_connections(django_db_setup, django_db_blocker, playwright):
    """Keep the test thread on the database connections that pytest-django set up.

    Django keeps its connections in an ``asgiref.local.Local(thread_critical=True)``:
    thread-local storage while no event loop runs in the thread, but a separate,
    context-variable storage while one does. Playwright's sync API marks its loop
    as running in the test thread from its start to its stop, so once the browser
    is up, ``connections["default"]`` in the test would be a fresh wrapper, not the
    one the test database was created (and serialized) with. When other database
    tests run first, that loses ``_test_serialized_contents`` and with it the
    restore of the migrated rows. Put the original wrappers into the loop-time
    storage too, so that there is one set of connections, as without Playwright.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        thread_storage = connections._connections._storage  # the sync-time storage
        for alias in connections:
            original = getattr(thread_storage, alias, None)
            if original is not None and connections[alias] is not original:
                connections[alias] = original
    yield


_demo_copy: list[sqlite3.Connection] = []


@pytest.fixture(autouse=True)
def demo(_one_set_of_db_connections, live_server):
    """The demo data of Västerbergslagen, as it is after loading, at the start of each test.

    On SQLite's in-memory test database (the one the live server shares) the demo is loaded
    once and the whole database copied aside with SQLite's backup API; each later test gets
    that copy back in a few milliseconds instead of loading the demo anew (some seconds a
    test). Elsewhere the demo is loaded for each test.
    """
    from django.core.cache import cache
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.ensure_connection()
        if _demo_copy:
            _demo_copy[0].backup(connection.connection)
        else:
            load_demo()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            _demo_copy.append(copy)
    else:
        load_demo()
    # The cache table (sign-in rate limits) is no model: the flush between tests leaves it.
    cache.clear()
    # What loading the demo sent (the demo's applications and decisions notify people) is not
    # the test's mail.
    from django.core import mail

    mail.outbox = []
    return live_server


@pytest.fixture(autouse=True)
def _timeouts(page: Page):
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)


@pytest.fixture
def csp_violations(page):
    """Messages of any Content-Security-Policy violation on the pages the test visits."""
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


# -- Helpers ------------------------------------------------------------------


def login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login page and wait for the overview page."""
    page.goto("/logga-in/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/min-sida/$"))


def follow(page: Page, link: Locator) -> None:
    """Click a link to another page and wait until that page has loaded.

    A click returns once the browser has taken it, not when the next page is there: a check made
    straight after it may still see the old page, or a page that is half replaced.
    """
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state()


# What axe-core says when the page it reads is replaced while it reads it.
_NAVIGATED = ("reading 'documentElement'", "Execution context was destroyed", "navigat")


def check_axe(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of the violations.

    Waits for the page to have loaded. Should a navigation still replace it while axe reads it,
    axe reads the new page once that has loaded.
    """
    page.wait_for_load_state()
    try:
        results = _axe.run(page)
    except PlaywrightError as error:
        if not any(sign in str(error) for sign in _NAVIGATED):
            raise
        page.wait_for_load_state()
        results = _axe.run(page)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url} (html lang={_lang(page)}):"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}"
            )
            for node in violation["nodes"]:
                lines.append(f"    at {', '.join(map(str, node['target']))}")
                lines.append(f"       {node['html'][:300]}")
                summary = node.get("failureSummary")
                if summary:
                    lines.extend(f"       {line}" for line in summary.splitlines())
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page: Page, name: str, *, full_page: bool = False, locator=None) -> None:
    """Save docs/images/<name>.png when UPDATE_SCREENSHOTS=1; otherwise do nothing."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    path = DOCS_IMAGES / f"{name}.png"
    # No blinking caret or focus ring in the pictures.
    page.evaluate("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
    if locator is not None:
        png = locator.screenshot(animations="disabled")
    else:
        png = page.screenshot(full_page=full_page, animations="disabled")
    # 256 colours without dithering: the same picture of a web page at under half the bytes.
    with Image.open(io.BytesIO(png)) as picture:
        picture.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True
        )


# Visible form controls and labels whose boxes overlap another's: the SNI checkboxes that spilled over
# the rest of a form, where a click on one field landed on another field's label. Each box is clipped
# by its scrolling ancestors (a long list in a scroll box is not spilled), visually hidden elements
# (1 px) are skipped, and a label is not compared with its own control or with what it contains.
_OVERLAP_SCRIPT = """
(tolerance) => {
  const selector = "input:not([type=hidden]), select, textarea, button, label";
  function clipped(el) {
    let r = el.getBoundingClientRect();
    let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") {
        const c = a.getBoundingClientRect();
        box = {left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
               right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom)};
      }
    }
    return box;
  }
  function describe(el) {
    const text = (el.innerText || el.value || "").trim().slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "")
      + (el.htmlFor ? "[for=" + el.htmlFor + "]" : "") + (text ? ' "' + text + '"' : '');
  }
  const items = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.closest("main")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    const box = clipped(el);
    if (box.right - box.left <= 1 || box.bottom - box.top <= 1) continue;
    items.push({el, box});
  }
  const found = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i], b = items[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (a.el.tagName === "LABEL" && a.el.control === b.el) continue;
      if (b.el.tagName === "LABEL" && b.el.control === a.el) continue;
      const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (w > tolerance && h > tolerance) found.push(describe(a.el) + " overlaps " + describe(b.el));
    }
  }
  return found;
}
"""


def check_no_overlap(page: Page, *, tolerance: float = 2) -> None:
    """Fail if a visible form control or label in <main> overlaps another one (by their boxes).

    Run it on every form page of a journey, on the desktop and at phone width (``PHONE``).
    """
    found = page.evaluate(_OVERLAP_SCRIPT, tolerance)
    if found:
        width = page.viewport_size["width"] if page.viewport_size else "?"
        lines = [f"{len(found)} overlapping form control(s) on {page.url} at {width} px:"]
        lines.extend(f"- {line}" for line in found[:30])
        pytest.fail("\n".join(lines), pytrace=False)


def switch_language(page: Page, to: str) -> None:
    """Press the language button in the navbar ("In English" / "På svenska")."""
    label = {"en": "In English", "sv": "På svenska"}[to]
    page.get_by_role("button", name=label).click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def _lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


__all__ = [
    "PHONE",
    "VIEWPORT",
    "base_url",
    "browser_context_args",
    "browser_type_launch_args",
    "check_axe",
    "check_no_overlap",
    "csp_violations",
    "demo",
    "login",
    "screenshot",
    "switch_language",
    "_one_set_of_db_connections",
    "_timeouts",
]
