"""Backups: the database and the uploaded files in one dated archive with checksums.

The database is copied consistently while the site runs: SQLite through its online backup
API, PostgreSQL with pg_dump (a snapshot). The archive holds ``manifest.json`` (the sha256
of every other member), ``database.sqlite3`` or ``database.pgdump``, and ``media/``; a
``<archive>.sha256`` file beside it checks the archive as a whole (``sha256sum -c``).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from stodplattform.core.pagecache import bump_generation

FORMAT = 1
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _run(command: list[str]):
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent state while others keep writing.
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    return vendor


def make_backup(directory: Path) -> Path:
    """Write stodplattform-<date>-<time>.tar.gz (and its .sha256) into ``directory``."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"stodplattform-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as scratch:
        vendor = _dump_database(Path(scratch) / "database")
        database = Path(scratch) / "database"
        members = {DATABASE_MEMBER[vendor]: database}
        # The database first, then the files: every file a row refers to is copied after it.
        for prefix, root in _file_trees():
            if root.is_dir():
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    members[f"{prefix}/{path.relative_to(root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": vendor,
            "files": {name: sha256_file(path) for name, path in members.items()},
        }
        partial = archive.with_suffix(".partial")
        # The archive holds the whole database: readable by the app's own user only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a left-over partial file keeps its old mode otherwise
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        partial.rename(archive)  # never a half-written archive under the final name
    archive.with_name(archive.name + ".sha256").write_text(f"{sha256_file(archive)}  {archive.name}\n")
    return archive


def _file_trees() -> list[tuple[str, Path]]:
    """The uploaded files (public logos and photos) and the private attachments, by archive prefix."""
    return [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_ROOT))]


def is_empty_installation() -> bool:
    no_files = all(not root.exists() or not any(root.iterdir()) for _prefix, root in _file_trees())
    return no_files and not connection.introspection.table_names()


def _verified_members(archive: Path, workdir: Path) -> dict:
    checksum = archive.with_name(archive.name + ".sha256")
    if checksum.exists():
        expected = checksum.read_text().split()[0]
        if sha256_file(archive) != expected:
            raise BackupError(f"{archive.name} does not match {checksum.name}: the archive is damaged.")
    with tarfile.open(archive, "r:gz") as tar:
        # The "data" filter refuses absolute paths, links out of the directory and devices.
        tar.extractall(workdir, filter="data")
    manifest = json.loads((workdir / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError("The archive was made by another version of the backup command.")
    for name, digest in manifest["files"].items():
        path = workdir / name
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"{name} in the archive does not match its checksum.")
    return manifest


def restore_backup(archive: Path, *, force: bool = False) -> dict:
    """Put the archive's database and files in place. Refuses a non-empty installation unless
    ``force``; then the current database and files are replaced."""
    if not force and not is_empty_installation():
        raise BackupError(
            "The database, MEDIA_ROOT or PRIVATE_ROOT is not empty. Restore into an empty installation, "
            "or add --force to replace what is there."
        )
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        manifest = _verified_members(archive, workdir)
        vendor = manifest["database"]
        if vendor != connection.vendor:
            raise BackupError(
                f"The archive holds a {vendor} database; this installation uses {connection.vendor}."
            )
        database = workdir / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            command = [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
            ]
            if force:
                command += ["--clean", "--if-exists"]
            _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(database)])
        for prefix, root in _file_trees():
            if root.exists():
                for child in root.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            root.mkdir(parents=True, exist_ok=True)
            if (workdir / prefix).is_dir():
                shutil.copytree(workdir / prefix, root, dirs_exist_ok=True)
        # Archives made before private files were 0600 carry 0644: restore them private.
        for path in Path(settings.PRIVATE_ROOT).rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
    # Every process may keep public pages of the data that was replaced.
    bump_generation()
    return manifest
