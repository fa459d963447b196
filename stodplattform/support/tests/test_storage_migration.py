"""Migration support 0002: case attachments move from the support app's own storage into PRIVATE_ROOT."""

import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings

from stodplattform.support.models import CaseEntry

migration = importlib.import_module("stodplattform.support.migrations.0003_one_private_storage")


def put(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_files_move_up_to_where_the_one_private_storage_reads_them(cases):
    root = Path(settings.PRIVATE_ROOT)
    entry = CaseEntry.objects.create(case=cases.case_a, attachment="support/2026/01/abc.pdf")
    odd = CaseEntry.objects.create(case=cases.case_a, attachment="older/def.pdf")
    put(root / "support" / "support/2026/01/abc.pdf", b"%PDF-1.4 a")
    put(root / "support" / "older/def.pdf", b"%PDF-1.4 b")
    put(root / "meetings/2026/01/kept.pdf", b"%PDF-1.4 c")

    migration.forwards(apps, None)

    entry.refresh_from_db()
    odd.refresh_from_db()
    assert entry.attachment.name == "support/2026/01/abc.pdf"
    assert odd.attachment.name == "support/older/def.pdf"
    with entry.attachment.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 a"
    with odd.attachment.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 b"
    assert not (root / "support" / "support").exists()
    # The odd name's file was already where its new name says: only the name changed.
    assert (root / "meetings/2026/01/kept.pdf").read_bytes() == b"%PDF-1.4 c"

    migration.forwards(apps, None)  # a second run moves nothing
    assert (root / "support/2026/01/abc.pdf").read_bytes() == b"%PDF-1.4 a"

    migration.backwards(apps, None)
    assert (root / "support" / "support/2026/01/abc.pdf").read_bytes() == b"%PDF-1.4 a"
    assert not (root / "support/2026").exists()


def test_an_empty_private_root_is_fine(cases):
    CaseEntry.objects.create(case=cases.case_a, attachment="support/2026/01/gone.pdf")
    assert not Path(settings.PRIVATE_ROOT).exists()
    migration.forwards(apps, None)
    migration.backwards(apps, None)
