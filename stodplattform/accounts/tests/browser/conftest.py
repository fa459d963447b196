"""The browser fixtures and helpers of portal/tests/browser, for the account journeys."""

import pytest

from stodplattform.portal.tests.browser.conftest import (  # noqa: F401 (fixtures, by name)
    _one_set_of_db_connections,
    _timeouts,
    base_url,
    browser_context_args,
    browser_type_launch_args,
    check_axe,
    demo,
    in_browser_folder,
    login,
    screenshot,
    switch_language,
)


def pytest_itemcollected(item):
    # As in portal/tests/browser: marked at collection, transactional with the migrated rows restored.
    if in_browser_folder(item):
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture
def csp_violations(page):
    """Messages of any Content-Security-Policy violation on the pages the test visits."""
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found
