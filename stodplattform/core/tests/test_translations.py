"""The translations: complete, compiled, current, and used by the pages.

Source strings are English; Swedish (the default language) is the source of
truth for wording. See tools/compilemessages.py for the workflow.
"""

import gettext
import io
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
SV_PO = LOCALE_DIR / "sv" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# What `makemessages` is run with (see tools/compilemessages.py).
MAKEMESSAGES_IGNORE = [".venv", "node_modules", "static", "var"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults for the "django" domain

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?\w+[^>]*>")


def _entries(po):
    return [e for e in po if not e.obsolete]


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The world's users get passwords; the default hasher takes half a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests activate a language in this thread; leave it as other tests expect."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# -- (a) Swedish is complete ----------------------------------------------------


def test_swedish_header():
    po = polib.pofile(str(SV_PO))
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "sv"
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_every_swedish_string_is_translated():
    po = polib.pofile(str(SV_PO))
    entries = _entries(po)
    assert entries, "locale/sv has no messages; run makemessages"
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not fuzzy, f"fuzzy entries in {SV_PO.relative_to(ROOT)}: {fuzzy}"
    missing = []
    for e in entries:
        if e.msgid_plural:
            forms = [e.msgstr_plural.get(i, "") for i in range(2)]
            if not all(forms) or len(e.msgstr_plural) != 2:
                missing.append(e.msgid)
        elif not e.msgstr:
            missing.append(e.msgid)
    assert not missing, f"untranslated in {SV_PO.relative_to(ROOT)}: {missing}"


def test_swedish_keeps_placeholders_and_markup():
    """%(name)s, {{ name }} (which becomes %(name)s) and HTML tags survive translation."""
    problems = []
    for e in _entries(polib.pofile(str(SV_PO))):
        if e.msgid_plural:
            allowed = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
            for index, text in e.msgstr_plural.items():
                if not set(PLACEHOLDER.findall(text)) <= allowed:
                    problems.append((e.msgid, index, text))
            # The plural form is used for most numbers: it must show the number.
            if set(PLACEHOLDER.findall(e.msgstr_plural.get(1, ""))) != set(
                PLACEHOLDER.findall(e.msgid_plural)
            ):
                problems.append((e.msgid_plural, 1, e.msgstr_plural.get(1)))
        else:
            if Counter(PLACEHOLDER.findall(e.msgstr)) != Counter(PLACEHOLDER.findall(e.msgid)):
                problems.append((e.msgid, None, e.msgstr))
            if Counter(TAG.findall(e.msgstr)) != Counter(TAG.findall(e.msgid)):
                problems.append((e.msgid, "tags", e.msgstr))
    assert not problems


def test_english_has_the_same_messages():
    """English msgstrs may stay empty (the msgid is English), but the catalogue is current."""
    sv, en = polib.pofile(str(SV_PO)), polib.pofile(str(EN_PO))
    assert not en.metadata_is_fuzzy
    assert en.metadata["Language"] == "en"
    assert en.metadata["Plural-Forms"] == PLURAL_FORMS
    assert not [e.msgid for e in _entries(en) if e.fuzzy]
    assert {_key(e) for e in _entries(en)} == {_key(e) for e in _entries(sv)}


# -- (b) the committed .mo files match their .po --------------------------------


def _catalog(mo_bytes: bytes):
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    catalog = dict(translations._catalog)
    catalog.pop("", None)  # the header; compared as parsed metadata below
    header = dict(translations.info())
    header.pop("pot-creation-date", None)  # msgfmt leaves it out; it does not matter at run time
    return catalog, header


@pytest.mark.parametrize("po_path", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")), ids=str)
def test_mo_file_is_up_to_date(po_path):
    mo_path = po_path.with_suffix(".mo")
    rel = po_path.relative_to(ROOT)
    assert mo_path.exists(), f"{rel} is not compiled; run tools/compilemessages.py"
    expected = _catalog(polib.pofile(str(po_path)).to_binary())
    assert _catalog(mo_path.read_bytes()) == expected, (
        f"{mo_path.relative_to(ROOT)} is out of date; run tools/compilemessages.py"
    )


def test_there_are_catalogues_for_every_language():
    for code, _name in settings.LANGUAGES:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.mo").exists(), code


# -- (c) the pages speak the visitor's language -----------------------------------

SWEDISH_AND_ENGLISH = [
    ("Stöd till arbetsintegrerande sociala företag", "Support for work-integrating social enterprises"),
    ("Hitta din stödplattform", "Find your support platform"),
    ("Har du en idé?", "Have an idea?"),
    ("Logga in", "Sign in"),
    ("Öppna data (CSV)", "Open data (CSV)"),
    # Plurals: three listed enterprises in the world; platforms with 2 and 1.
    ("Se alla 3 sociala företag", "See all 3 social enterprises"),
    ("2 företag.", "2 enterprises."),
    ("1 företag.", "1 enterprise."),
]


def _page(client, **extra):
    response = client.get(reverse("home"), **extra)
    assert response.status_code == 200
    return response.content.decode()


def _assert_language(html, language):
    assert f'<html lang="{language}">' in html
    for swedish, english in SWEDISH_AND_ENGLISH:
        expected, unexpected = (swedish, english) if language == "sv" else (english, swedish)
        assert expected in html, expected
        assert unexpected not in html, unexpected


def test_home_page_is_swedish_by_default(client, world):
    _assert_language(_page(client), "sv")


def test_home_page_in_english_from_accept_language(client, world):
    _assert_language(_page(client, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"), "en")


def test_home_page_in_english_from_language_cookie(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_language(_page(client, HTTP_ACCEPT_LANGUAGE="sv"), "en")


def test_language_switch_sets_the_cookie(client, world):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    _assert_language(_page(client), "en")
    client.post(reverse("set_language"), {"language": "sv", "next": reverse("home")})
    _assert_language(_page(client), "sv")


def test_swedish_plural_forms():
    with translation.override("sv"):
        assert translation.ngettext("%(counter)s enterprise", "%(counter)s enterprises", 1) == (
            "%(counter)s företag"
        )
        one = translation.ngettext(
            "See %(counter)s social enterprise", "See all %(counter)s social enterprises", 1
        )
        many = translation.ngettext(
            "See %(counter)s social enterprise", "See all %(counter)s social enterprises", 0
        )
    assert one % {"counter": 1} == "Se 1 socialt företag"
    assert many % {"counter": 0} == "Se alla 0 sociala företag"


# -- (d) the catalogues are not stale ---------------------------------------------


def _copy_sources(target: Path):
    """The files makemessages would read, without the ignored directories."""

    def ignore(directory, names):
        skipped = set()
        for name in names:
            path = Path(directory) / name
            if name.startswith(".") or name in MAKEMESSAGES_IGNORE or name == "__pycache__":
                skipped.add(name)
            elif path.is_dir():
                if path == LOCALE_DIR:
                    skipped.add(name)
            elif path.suffix not in SOURCE_SUFFIXES:
                skipped.add(name)
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore)


def test_catalogue_has_every_message_in_the_code(tmp_path):
    """Runs makemessages on a copy of the sources and compares the messages with locale/sv."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge") and shutil.which("msguniq")):
        pytest.skip("GNU gettext (xgettext) is not installed; needed only to check for new strings")
    copy = tmp_path / "src"
    _copy_sources(copy)
    (copy / "locale").mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "sv",
            *(f"--ignore={i}" for i in MAKEMESSAGES_IGNORE),
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = {_key(e) for e in _entries(polib.pofile(str(copy / "locale/sv/LC_MESSAGES/django.po")))}
    ours = {_key(e) for e in _entries(polib.pofile(str(SV_PO)))}
    new, gone = sorted(fresh - ours, key=str), sorted(ours - fresh, key=str)
    assert not new and not gone, (
        "locale/ is stale: run makemessages (see tools/compilemessages.py), translate, compile.\n"
        f"new in the code: {new}\nno longer in the code: {gone}"
    )
