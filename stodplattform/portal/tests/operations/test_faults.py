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
from stodplattform.accounts.testing import give_totp

from .scratch import connect, scratch_database

ROOT = Path(__file__).resolve().parents[4]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BURST_SECONDS = 2.0
KILL_AFTER = 0.7
WORKER_BURST = 48  # writes, one of the two workers killed after a quarter of them


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
    # The servers run with production's settings, where a coordinator must have a second factor.
    give_totp(world.coordinator)
    _, token = ApiToken.issue(user=world.coordinator, name="faults")
    call_command("backup", output=str(tmp_path))
    archive = capsys.readouterr().out.strip()
    url, drop = scratch_database()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        # The restore refuses a non-empty installation: never the checkout's var/private.
        "PRIVATE_ROOT": str(tmp_path / "restored-private"),
        "DJANGO_SSL_REDIRECT": "false",
        "REQUEST_LOG": "false",
        "LOG_LEVEL": "CRITICAL",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # tools/server.sh takes its settings from the environment alone, as in production.
        "DJANGO_SECRET_KEY": "fault-test-" + "k" * 50,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    servers = []
    try:
        restored = subprocess.run(
            [sys.executable, "manage.py", "restore", archive],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert restored.returncode == 0, restored.stderr
        yield env, token, servers
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(10)
        connection.close()
        drop()


def start_server(env, servers, port, workers=1):
    """The server as production starts it (tools/server.sh: Granian), with ``workers`` workers."""
    command = [str(ROOT / "tools" / "server.sh"), "start", f"127.0.0.1:{port}"]
    # In its own process group, so that a kill takes the workers too.
    server = subprocess.Popen(
        command, cwd=ROOT, env={**env, "WEB_CONCURRENCY": str(workers)}, start_new_session=True
    )
    servers.append(server)
    return server


def workers_of(server) -> set[int]:
    """The worker processes of a Granian main process (Linux: its children, from /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return {int(pid) for pid in children.split()}


def test_killing_one_of_two_app_processes_loses_no_acknowledged_write(scratch_site):
    env, token, servers = scratch_site
    ports = [free_port(), free_port()]
    for port in ports:
        start_server(env, servers, port)
    deadline = time.monotonic() + 20
    for port in ports:
        wait_until_up(port, deadline)

    acknowledged, lock, counter = {}, threading.Lock(), iter(range(100_000))
    stop_at, give_up_at = time.monotonic() + BURST_SECONDS, time.monotonic() + 30

    def writer(port):
        # At least BURST_SECONDS, and on a busy machine until enough writes were answered.
        while time.monotonic() < stop_at or (len(acknowledged) <= 10 and time.monotonic() < give_up_at):
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
    start_server(env, servers, port)
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


def test_a_killed_worker_is_replaced_and_loses_no_acknowledged_write(scratch_site):
    """One of Granian's two workers is killed (SIGKILL) during a burst of writes: the main
    process stays, a new worker takes its place, and every write answered 201 is stored."""
    env, token, servers = scratch_site
    port = free_port()
    server = start_server(env, servers, port, workers=2)
    wait_until_up(port, time.monotonic() + 20)
    before = workers_of(server)
    assert len(before) == 2

    acknowledged, failed, other, lock = {}, [], [], threading.Lock()
    counter = iter(range(WORKER_BURST))

    def writer():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            try:
                status, body = call(port, "POST", "/api/v1/enterprises", token, payload(n))
            except (OSError, http.client.HTTPException):
                with lock:
                    failed.append(n)  # cut off with the killed worker: never acknowledged
                time.sleep(0.02)
                continue
            with lock:
                if status == 201:
                    acknowledged[n] = body["slug"]
                else:
                    other.append((status, body))

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    # Mid-burst, counted in writes rather than seconds: the machine may be slow or busy.
    started = time.monotonic()
    while len(acknowledged) < WORKER_BURST // 4 and time.monotonic() < started + 20:
        time.sleep(0.01)
    killed = min(before)
    os.kill(killed, signal.SIGKILL)
    killed_at = time.monotonic()
    for thread in threads:
        thread.join(30)

    deadline = time.monotonic() + 15
    while len(workers_of(server) - {killed}) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    replaced_after = time.monotonic() - killed_at
    after = workers_of(server)
    assert server.poll() is None, "the main process exited"
    assert killed not in after and len(after) == 2 and after - before, after
    assert all(call(port, "GET", "/healthz", token)[0] == 200 for _ in range(10))

    db = connect(env["DATABASE_URL"])
    try:
        stored = {row[0] for row in db.execute("SELECT slug FROM enterprises_enterprise").fetchall()}
    finally:
        db.close()
    print(  # the numbers, for the record: pytest -s shows them
        f"\n{WORKER_BURST} writes in {time.monotonic() - started:.1f} s: {len(acknowledged)} acknowledged, "
        f"{len(failed)} cut off by the kill; a new worker after {replaced_after:.1f} s"
    )
    assert other == []  # every answer was 201: no 5xx from the surviving worker
    assert len(acknowledged) > WORKER_BURST // 2
    assert set(acknowledged.values()) <= stored
