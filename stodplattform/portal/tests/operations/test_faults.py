"""Two app processes share one database; one is killed during a burst of writes. Every write
that was acknowledged is there and complete, and nothing half-written is left behind."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from stodplattform.accounts.models import ApiToken

from .scratch import scratch_database

ROOT = Path(__file__).resolve().parents[4]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BURST_SECONDS = 2.0
KILL_AFTER = 0.7


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def payload(n: int) -> dict:
    return {
        "name": f"Fel {n:04d}",
        "municipality": "2085",
        "city": "Ludvika",
        "street_address": f"Storgatan {n}",
        "industries": ["95.290", "47.792"],
        "description": f"Skrivning nummer {n}. " + "x" * 1500,
        "offers_goods": "Cyklar\nDelar",
        "sells_to_public": True,
    }


def call(port, method, path, token, body=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def wait_until_up(port, deadline):
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server on port {port} did not start")


@pytest.fixture
def scratch_site(world, tmp_path, capsys):
    """(environment for app processes on a scratch copy of this test database, a coordinator's
    token, the list to put started servers in). Servers are killed and the copy dropped after."""
    _, token = ApiToken.issue(user=world.coordinator, name="faults")
    call_command("backup", output=str(tmp_path))
    archive = capsys.readouterr().out.strip()
    url, drop = scratch_database()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SSL_REDIRECT": "false",
        "REQUEST_LOG": "false",
        "LOG_LEVEL": "CRITICAL",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    servers = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "restore", archive],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield env, token, servers
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(10)
        connection.close()
        drop()


def start_server(env, servers, port, threads=4):
    command = [str(Path(sys.executable).parent / "gunicorn"), "stodplattform.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads)]
    # In its own process group, so that a kill takes the worker too.
    servers.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))


def test_killing_one_of_two_app_processes_loses_no_acknowledged_write(scratch_site):
    env, token, servers = scratch_site
    ports = [free_port(), free_port()]
    for port in ports:
        start_server(env, servers, port)
    deadline = time.monotonic() + 20
    for port in ports:
        wait_until_up(port, deadline)

    acknowledged, lock, counter = {}, threading.Lock(), iter(range(100_000))
    stop_at = time.monotonic() + BURST_SECONDS

    def writer(port):
        while time.monotonic() < stop_at:
            with lock:
                n = next(counter)
            try:
                status, body = call(port, "POST", "/api/v1/enterprises", token, payload(n))
            except OSError:
                time.sleep(0.02)  # the killed server: refused or cut off, never acknowledged
                continue
            assert status < 500, body
            if status == 201:
                with lock:
                    acknowledged[n] = body["slug"]

    threads = [threading.Thread(target=writer, args=(ports[i % 2],)) for i in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    os.killpg(servers[0].pid, signal.SIGKILL)
    for thread in threads:
        thread.join(30)

    # Every row is read back through the surviving server: each acknowledged write must be
    # there, and every row there (acknowledged or cut off before the answer) must be whole.
    survivor, stored, page = ports[1], {}, 1
    while True:
        status, body = call(survivor, "GET", f"/api/v1/enterprises?q=Fel&page={page}", token)
        assert status == 200
        for item in body["results"]:
            _assert_complete(item, payload(int(item["name"].split()[1])))
            stored[item["slug"]] = item
        if page >= body["pages"]:
            break
        page += 1
    assert len(acknowledged) > 10
    assert set(acknowledged.values()) <= set(stored)


def _assert_complete(body, sent):
    assert body["name"] == sent["name"]
    assert body["street_address"] == sent["street_address"]
    assert body["description"] == sent["description"]
    assert body["goods"] == ["Cyklar", "Delar"]
    assert sorted(i["code"] for i in body["industries"]) == sorted(sent["industries"])
    assert body["sells_to_public"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="about PostgreSQL's connections")
def test_the_platform_answers_after_postgresql_drops_its_connections(scratch_site):
    """A PostgreSQL restart, as the app sees it: every connection it kept is gone."""
    env, token, servers = scratch_site
    env["DATABASE_CONN_MAX_AGE"] = "60"
    port = free_port()
    start_server(env, servers, port, threads=1)
    wait_until_up(port, time.monotonic() + 20)
    assert call(port, "GET", "/api/v1/platforms", token)[0] == 200
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        assert cursor.fetchone()[0] >= 1  # the app's kept connection
    assert call(port, "GET", "/healthz", token)[0] == 200
    assert call(port, "GET", "/api/v1/platforms", token)[0] == 200
