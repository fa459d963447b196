"""Scratch databases for tests that start other processes: a new SQLite file or PostgreSQL database."""

import os
import uuid
from pathlib import Path

from django.db import connection


def scratch_database():
    """(DATABASE_URL of a new empty database, a function that drops it)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"stod-restore-{uuid.uuid4().hex}.sqlite3"

        def drop():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return f"sqlite:///{path}", drop
    name = f"stod_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}", drop


def connect(url: str):
    if url.startswith("sqlite:///"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url, autocommit=True)
