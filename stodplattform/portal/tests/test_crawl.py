"""Follow every internal link from the start page, as each persona: nothing answers 500,
and every page is valid enough to parse and names its language."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from stodplattform.accounts.models import User

LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/static/", "/media/", "/admin/", "mailto:", "tel:", "/api/v1/docs")


def crawl(client, start="/", limit=150):
    seen, queue, statuses = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        html = response.content.decode()
        assert re.search(r'<html lang="(sv|en)">', html), url
        for href in LINK.findall(html):
            href = href.replace("&amp;", "&")
            absolute = urljoin(url, href)
            parsed = urlparse(absolute)
            if parsed.netloc or absolute.startswith(SKIP) or href.startswith(SKIP):
                continue
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if target not in seen:
                queue.append(target)
    return statuses


@pytest.mark.parametrize(
    "email",
    [
        None,
        "samordnare@example.org",
        "verksamhetsledare.luddes@example.org",
        "naringslivschef.ludvika@example.org",
    ],
)
def test_no_page_fails(client, demo_data, email):
    if email:
        client.force_login(User.objects.get(email=email))
    statuses = crawl(client)
    assert len(statuses) > 15
    bad = {url: status for url, status in statuses.items() if status >= 500}
    assert not bad
