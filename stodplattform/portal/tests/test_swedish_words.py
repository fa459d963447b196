"""Walk the demo's main Swedish pages as each role and fail on what a Swedish reader trips over:
an English word that leaked through, an untranslated plural ("1 personer"), an amount not in
Swedish form ("14200.00" instead of "14 200,00 kr"), Django's "---------" as an empty choice,
or a month with a capital letter ("Okt")."""

import html as htmllib
import re
from urllib.parse import urljoin, urlparse

import pytest

from stodplattform.accounts.models import User

# English words that are no Swedish words and that an untranslated string would show.
ENGLISH = re.compile(
    r"\b(the|and|with|your|you|Save|Cancel|Delete|Edit|Submit|Search|Show|Back|Next|Previous|None|"
    r"Today|Overdue|Loading|Required|Select|Choose|Please|Yes|Sign in|Sign out|Settings|Download|"
    r"January|February|March|April|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|pipeline|Startpipeline|startpipelinen)\b"
)
# "1 personer": a count of one with the plural noun.
PLURAL = re.compile(
    r"(?<![\d.,])(?<!\d )\b1 (personer|ärenden|timmar|dagar|minuter|platser|veckor|månader|insatser|"
    r"möten|anmälningar|företag som|deltagare har|förfrågningar|ansökningar|profiler)\b"
)
AMOUNT = re.compile(r"\b\d{4,}\.\d{2}\b")
CAPITAL_MONTH = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Maj|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")
LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/static/", "/media/", "/admin/", "mailto:", "tel:", "/api/", "/logga-ut", "/konto/")

PERSONAS = [
    None,
    "samordnare@example.org",
    "verksamhetsledare.luddes@example.org",
    "naringslivschef.ludvika@example.org",
    "stodperson@example.org",
]
START = ["/", "/foretag/", "/evenemang/", "/har-du-en-ide/", "/fa-stod/", "/plattformar/", "/min-sida/"]


def visible_text(page: str) -> str:
    """The text a reader sees, without what is marked as another language (lang="en")."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    page = re.sub(r'(?is)<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", htmllib.unescape(page))


def problems(page: str) -> list[str]:
    text = visible_text(page)
    found = []
    for label, pattern in (
        ("English", ENGLISH),
        ("plural", PLURAL),
        ("amount", AMOUNT),
        ("month", CAPITAL_MONTH),
    ):
        for match in pattern.finditer(text):
            found.append(f"{label}: …{text[max(0, match.start() - 40) : match.end() + 40]}…")
    if "---------" in page:
        found.append("empty choice: ---------")
    return found


def walk(client, limit=80):
    seen, queue, report = set(), list(START), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        if '<html lang="sv">' not in page:
            continue
        if found := problems(page):
            report[url] = found
        for href in LINK.findall(page):
            href = href.replace("&amp;", "&")
            target = urlparse(urljoin(url, href))
            if target.netloc or target.path.startswith(SKIP) or target.query:
                continue
            if target.path not in seen:
                queue.append(target.path)
    return seen, report


def test_the_checks_catch_what_they_should():
    assert problems("<p>Save the form</p>")
    assert problems("<p>1 personer kommer</p>") and not problems("<p>21 personer kommer</p>")
    assert problems("<td>14200.00</td>") and not problems("<td>14 200,00 kr</td>")
    assert problems("<td>4 Okt 2026</td>") and not problems("<td>4 okt 2026</td>")
    assert problems('<option value="">---------</option>')
    assert not problems('<button lang="en">In English</button>')


@pytest.mark.parametrize("email", PERSONAS)
def test_swedish_pages_read_as_swedish(client, demo_data, email):
    if email:
        client.force_login(User.objects.get(email=email))
    seen, report = walk(client)
    assert len(seen) > 10
    assert not report, "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in report.items())
