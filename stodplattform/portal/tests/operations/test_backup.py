"""Backup, change, restore: every table and every uploaded file as they were, on SQLite and
PostgreSQL; restoring into a fresh installation in another process too."""

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from stodplattform.core.backup import sha256_file
from stodplattform.enterprises.models import Enterprise

from .scratch import connect, scratch_database

ROOT = Path(__file__).resolve().parents[4]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot_of(conn, vendor) -> list[str]:
    """Every table's rows as text, comparable across processes and connections.

    The cache table holds no data: a restore makes the public pages' generation new on
    purpose, so that no process serves a page of the database it replaced."""
    cache_table = settings.CACHES["default"]["LOCATION"]
    if vendor == "sqlite":
        return [line for line in conn.iterdump() if f'INTO "{cache_table}"' not in line]
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        rows = []
        for table in (t for t in tables if t != cache_table):
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            rows += sorted(f"{table}: {row[0]}" for row in cursor.fetchall())
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        )
        rows += [f"sequence {name} {value}" for name, value in cursor.fetchall()]
        return rows


def snapshot() -> list[str]:
    connection.ensure_connection()
    return snapshot_of(connection.connection, connection.vendor)


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def installation(settings, tmp_path, world):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed (apt-get install postgresql-client)")
    settings.MEDIA_ROOT = tmp_path / "media"
    # The private attachments (cases, interventions, meetings) are backed up with the media.
    settings.PRIVATE_ROOT = tmp_path / "private"
    (settings.PRIVATE_ROOT / "support").mkdir(parents=True)
    (settings.PRIVATE_ROOT / "support" / "protokoll.pdf").write_bytes(b"%PDF-1.4 private")
    (settings.MEDIA_ROOT / "enterprises").mkdir(parents=True)
    (settings.MEDIA_ROOT / "enterprises" / "logo.png").write_bytes(b"\x89PNG logo")
    (settings.MEDIA_ROOT / "readme.txt").write_text("å ä ö")
    world.enterprise_a.image = "enterprises/logo.png"
    world.enterprise_a.save()
    return settings.MEDIA_ROOT


def test_backup_change_restore_round_trips(installation, tmp_path, capsys):
    call_command("backup", output=str(tmp_path / "backups"))
    archive = Path(capsys.readouterr().out.strip())
    assert archive.name.startswith("stodplattform-") and archive.name.endswith(".tar.gz")
    checksum = archive.with_name(archive.name + ".sha256").read_text().split()
    assert checksum == [sha256_file(archive), archive.name]
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {
        "manifest.json",
        "media/enterprises/logo.png",
        "media/readme.txt",
        "private/support/protokoll.pdf",
    } <= names
    private = installation.parent / "private"
    before_rows, before_files, before_private = snapshot(), files_of(installation), files_of(private)

    # Changes of every kind: an edit, a new row, a deleted row, a changed, new and deleted file.
    Enterprise.objects.filter(slug="aterbruket-a").update(name="Ändrat")
    Enterprise.objects.create(
        platform_id=Enterprise.objects.first().platform_id,
        municipality_id=Enterprise.objects.first().municipality_id,
        name="Nytt",
        slug="nytt",
    )
    Enterprise.objects.filter(slug="kafeet-d").delete()
    (installation / "enterprises" / "logo.png").write_bytes(b"changed")
    (installation / "new.txt").write_text("new")
    (installation / "readme.txt").unlink()
    (private / "support" / "protokoll.pdf").unlink()
    assert snapshot() != before_rows and files_of(installation) != before_files

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), force=True)
    assert snapshot() == before_rows
    assert files_of(installation) == before_files
    assert files_of(private) == before_private


def test_a_damaged_archive_is_refused(installation, tmp_path, capsys):
    call_command("backup", output=str(tmp_path))
    archive = Path(capsys.readouterr().out.strip())
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(archive), force=True)


def test_restore_into_an_empty_installation(installation, tmp_path, capsys):
    call_command("backup", output=str(tmp_path / "backups"))
    archive = Path(capsys.readouterr().out.strip())
    expected_rows, expected_files = snapshot(), files_of(installation)
    url, drop = scratch_database()
    media = tmp_path / "fresh-media"
    try:
        private = tmp_path / "fresh-private"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media),
            "PRIVATE_ROOT": str(private),
            "DJANGO_SETTINGS_MODULE": "",
        }
        env.pop("DJANGO_SETTINGS_MODULE")
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        conn = connect(url)
        try:
            assert snapshot_of(conn, connection.vendor) == expected_rows
        finally:
            conn.close()
        assert files_of(media) == expected_files
        assert (private / "support" / "protokoll.pdf").read_bytes() == b"%PDF-1.4 private"
        # A second restore into what is now a full installation is refused.
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        drop()
