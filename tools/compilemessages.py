#!/usr/bin/env python3
"""Compile the translations: every locale/*/LC_MESSAGES/*.po into a .mo beside it.

    .venv/bin/python tools/compilemessages.py [--check]

Uses polib (a dev dependency), so GNU gettext is not needed. The .mo files are
committed: the running site reads them with Python's gettext and needs neither
polib nor gettext. Fuzzy and untranslated entries are left out, as msgfmt does.

With --check nothing is written; the exit status is 1 if a .mo is missing or
holds other messages than its .po (a .mo made by msgfmt counts as current).

Workflow after changing user-facing strings:

    .venv/bin/python manage.py makemessages -l sv -l en \\
        --ignore=.venv --ignore=node_modules --ignore=static --ignore=var
    # translate the new entries in locale/sv/LC_MESSAGES/django.po
    .venv/bin/python tools/compilemessages.py
"""

import argparse
import gettext
import io
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_po(po_path: Path) -> bytes:
    """The .mo file's bytes for a .po file."""
    return polib.pofile(str(po_path)).to_binary()


def catalog(mo_bytes: bytes) -> tuple[dict, dict]:
    """What gettext reads from a .mo: (messages, header), whichever tool compiled it."""
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    messages = dict(translations._catalog)
    messages.pop("", None)  # the header, compared as parsed metadata
    header = dict(translations.info())
    header.pop("pot-creation-date", None)  # msgfmt leaves it out
    return messages, header


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report .mo files that are out of date")
    args = parser.parse_args(argv)

    stale = []
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        data = compile_po(po_path)
        current = mo_path.read_bytes() if mo_path.exists() else None
        if current == data or (args.check and current is not None and catalog(current) == catalog(data)):
            continue
        rel = mo_path.relative_to(ROOT)
        if args.check:
            stale.append(rel)
            print(f"out of date: {rel}")
        else:
            mo_path.write_bytes(data)
            print(f"compiled {rel}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
