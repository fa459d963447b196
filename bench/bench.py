"""The benchmark (run it with bench/run): every main page under load, as a ratio to a floor.

1. Prepares a database (SQLite in var/bench/ or PostgreSQL) exactly as ./serve does
   (tools/server.sh prepare) and generates, or reuses, the synthetic national data set
   (manage.py generate_bench_data: each app's bench.py adds its part).
2. Asks the project for its plan (manage.py bench_plan): the pages every app lists in its
   bench.py, with the queries and bytes of one request each.
3. Starts the server as ./serve does (tools/server.sh start), signs in as each role through
   the real login form, and loads each page with wrk: requests/s, median and 99th-percentile
   latency, errors. Every number is also given as a ratio to the floor (/_bench/floor: one
   row through the whole middleware), measured in the same run.
4. With --processes (the default on PostgreSQL): a second server process on the same
   database; a session made on one works on the other, signing out on one ends it on the
   other, a change through one is seen at once on the other's public pages, and the login
   throttle (the shared cache) counts failures made on both.

5. First views (bench/firstviews.py): many fresh signed-in sessions, each opening each of
   its role's main pages once; p50 and p95 per page beside the floor and beside Django admin's
   change list of the same table. With --first-views-only, just these (no wrk).

Fails (exit status 1, with the reason) when the server does not answer, a request errs
(a status other than 2xx/3xx, or a socket error or timeout in wrk) or a check fails.
"""

import argparse
import contextlib
import datetime
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import firstviews

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The longest a quick run (CI's) loads a page that asks for a longer time (``min_duration``).
QUICK_MIN_DURATION = 5


def page_duration(page: dict, duration: float, *, quick: bool) -> float:
    """Seconds of load for a page: the run's, or the longer time the page asks for, at most
    ``QUICK_MIN_DURATION`` in a quick run."""
    wanted = page.get("min_duration", 0)
    return max(duration, min(wanted, QUICK_MIN_DURATION) if quick else wanted)


# wrk prints its summary as JSON from this script (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write("WRK_JSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes_read": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"bad_status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


class BenchFailed(Exception):
    pass


def say(message: str) -> None:
    print(message, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk from Debian's packages ...")
        subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("wrk")
    if not found:
        raise BenchFailed("The benchmark needs wrk: sudo apt-get install wrk")
    return found


def manage(env: dict, *args: str, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
    )
    if result.returncode:
        detail = (result.stderr or "").strip().splitlines()[-3:] if capture else []
        raise BenchFailed(f"manage.py {' '.join(args)} failed. " + " ".join(detail))
    return result.stdout or ""


def server_environment(env: dict) -> dict:
    """The environment after tools/server-env.sh, which ./serve sources too (secret key, plain HTTP …)."""
    result = subprocess.run(
        ["bash", "-c", ". tools/server-env.sh && env -0"], cwd=ROOT, env=env, capture_output=True, check=True
    )
    return dict(item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)


def postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise BenchFailed(f"PostgreSQL at {parts.hostname}:{parts.port} does not answer: {error}") from error


class Server:
    """A server started exactly as ./serve starts it (tools/server.sh start)."""

    def __init__(self, env: dict, port: int, log: Path):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.process = subprocess.Popen(
            ["tools/server.sh", "start", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchFailed(f"The server on port {self.port} stopped at start; see {self.log}.")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise BenchFailed(
            f"The server on port {self.port} did not answer within {seconds:.0f} s; see {self.log}."
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (it reports them)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect()
        )

    def request(self, path, data=None, method=None, headers=None, base=None):
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request((base or self.base) + path, data=body, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        # Cookies ignore the port: the jar sends the same session to the other process.
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
        except (urllib.error.URLError, OSError) as error:
            raise BenchFailed(f"{(base or self.base) + path} does not answer: {error}") from error

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def login(self, email: str, password: str, base=None) -> int:
        status, _headers, page = self.request("/logga-in/", base=base)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise BenchFailed(f"The login page answered {status} without a form.")
        headers = {"Referer": (base or self.base) + "/logga-in/"}
        status, _headers, _body = self.request(
            "/logga-in/",
            {"csrfmiddlewaretoken": match.group(1).decode(), "login": email, "password": password},
            headers=headers,
            base=base,
        )
        return status


def wrk(
    binary: str, url: str, cookie: str, duration: float, connections: int, threads: int, script: str
) -> dict:
    command = [binary, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-H", "Accept-Encoding: gzip", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    line = next((x for x in result.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if result.returncode or not line:
        raise BenchFailed(f"wrk failed on {url}: {result.stderr.strip() or result.stdout.strip()}")
    data = json.loads(line[len("WRK_JSON ") :])
    seconds = data["duration_us"] / 1e6
    data["rps"] = data["requests"] / seconds if seconds else 0.0
    data["errors"] = sum(data[k] for k in ("connect", "read", "write", "bad_status", "timeout"))
    return data


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_before": os.getloadavg()[0],
    }


def workers(env: dict) -> int:
    return int(env.get("WEB_CONCURRENCY") or os.cpu_count() or 1)


def check_processes(env, port, plan, log_dir, first: "Server") -> list[str]:
    """Two server processes on one database: sessions, caches and changes seen across them."""
    second = Server(env, port, log_dir / "server-2.log")
    checks = []
    try:
        second.wait()
        one, two = first.base, second.base
        email = plan["logins"]["coordinator"]
        browser = Browser(one)
        status = browser.login(email, plan["password"])
        if status != 302:
            raise BenchFailed(f"Signing in on the first process answered {status}.")
        status, _h, _b = browser.request("/min-sida/", base=two)
        if status != 200:
            raise BenchFailed(f"A session made on the first process is refused on the second ({status}).")
        checks.append("a session made on process 1 is signed in on process 2")

        # A change through one process (the API, as the coordinator) is seen at once on the other.
        slug = plan["change_slug"]
        stamp = f"changed-through-process-1-{datetime.datetime.now(datetime.UTC):%H%M%S%f}"
        before = Browser(two).request(f"/foretag/{slug}/")[2]  # fills any cache on process 2
        if stamp.encode() in before:
            raise BenchFailed("The change is on the page before it was made.")
        status, _h, body = browser.request(
            f"/api/v1/enterprises/{slug}",
            json.dumps({"description": f"Syntetisk testdata för belastningsmätning. {stamp}."}).encode(),
            method="PATCH",
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": browser.cookie("csrftoken"),
                "Referer": one + "/",
            },
        )
        if status != 200:
            raise BenchFailed(f"Changing an enterprise through process 1 answered {status}: {body[:300]!r}")
        for path in (f"/foretag/{slug}/",):
            status, _h, page = Browser(two).request(path)
            if status != 200 or stamp.encode() not in page:
                raise BenchFailed(f"Process 2 does not show the change made through process 1 on {path}.")
        status, _h, page = Browser(two).request(f"/api/v1/enterprises/{slug}")
        if status != 200 or stamp.encode() not in page:
            raise BenchFailed("Process 2's API does not show the change made through process 1.")
        checks.append(
            "an enterprise changed through process 1 shows at once on process 2 (public page and API)"
        )

        # Signing out on process 2 ends the session on process 1 too.
        _s, _h, page = browser.request("/min-sida/", base=two)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            raise BenchFailed("The start page on process 2 has no form to sign out with.")
        session = browser.cookie_header()  # signing out deletes the cookie: keep a copy to try again
        status, _h, _b = browser.request(
            "/logga-ut/",
            {"csrfmiddlewaretoken": token.group(1).decode()},
            headers={"Referer": two + "/"},
            base=two,
        )
        if status != 302:
            raise BenchFailed(f"Signing out on process 2 answered {status}.")
        status, headers, _b = Browser(one).request("/min-sida/", headers={"Cookie": session})
        if status != 302 or "logga-in" not in headers.get("location", ""):
            raise BenchFailed(
                f"After signing out on process 2, process 1 still serves the start page ({status})."
            )
        checks.append("signing out on process 2 ends the session on process 1")

        # The login throttle lives in the shared cache: failures on both processes add up.
        limit = int(env.get("LOGIN_ATTEMPTS_LIMIT", "5"))
        victim = plan["logins"]["observer"]
        for n in range(limit):
            Browser(one if n % 2 else two).login(victim, "wrong password")
        attempt = Browser(one)
        status, _h, _b = attempt.request("/logga-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', _b).group(1).decode()
        status, _h, page = attempt.request(
            "/logga-in/",
            {"csrfmiddlewaretoken": token, "login": victim, "password": plan["password"]},
            headers={"Referer": one + "/logga-in/"},
        )
        if status == 302:
            raise BenchFailed(
                "Failed sign-ins on process 2 were not counted on process 1 (no shared throttle)."
            )
        checks.append(
            f"{limit} failed sign-ins spread over both processes block the next one (the shared cache), "
            f"answer {status}"
        )
        # Clear the throttle again, so that a later run can sign in as this person.
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    finally:
        second.stop()
    return checks


def fmt_ms(us: float) -> str:
    return f"{us / 1000:.1f}"


def render(results: dict) -> str:
    m, rows = results["machine"], results["pages"]
    lines = [
        f"# Benchmark {results['started']} — {results['db']}",
        "",
        f"{results['enterprises']} enterprises on {results['platforms']} platforms (seed {results['seed']}"
        f"{'; ' + results['data'] if results.get('data') else ''}); "
        f"server: `tools/server.sh start` ({results['server']})"
        + (f"; wrk {results['connections']} connections, {results['duration']} s per page" if rows else "")
        + f". Machine: {m['cores']} cores ({m['cpu']}), {m['memory']}, "
        f"{m['os']}, Python {m['python']}; load average {m['load_before']:.1f} before, "
        f"{m['load_after']:.1f} after. Took {results['seconds']:.0f} s.",
    ]
    if rows:
        lines += render_load(results)
    lines += firstviews.render(results.get("first_views") or {})
    if results.get("note"):
        lines += ["", results["note"]]
    return "\n".join(lines) + "\n"


def render_load(results: dict) -> list[str]:
    rows = results["pages"]
    floor = next(r for r in rows if r["name"] == "floor")
    lines = [
        "",
        "Ratios are to the floor (`/_bench/floor`: one row through the whole middleware) in this run: "
        "rate as a fraction of the floor's, latencies as multiples of the floor's. "
        "Queries and bytes are of one request as served (bytes uncompressed); *uncached* is one "
        "request with the page caches off (a person's first look after a change): its queries, and "
        "its milliseconds in one process without load (median of five, Django's test client).",
        "",
        "| page | role | req/s | × floor | p50 ms | × floor | p99 ms | × floor | errors | queries | bytes "
        "| uncached queries | uncached ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        name = r["name"] + (
            f" ({r['connections']} conn.)" if r["connections"] != results["connections"] else ""
        )
        lines.append(
            f"| {name} | {r['role'] or 'public'} | {r['rps']:.1f} | {r['rps'] / floor['rps']:.3f} | "
            f"{fmt_ms(r['p50_us'])} | {r['p50_us'] / max(floor['p50_us'], 1):.1f} | {fmt_ms(r['p99_us'])} | "
            f"{r['p99_us'] / max(floor['p99_us'], 1):.1f} | {r['errors']} | {r['queries']} | {r['bytes']:,} | "
            f"{r.get('uncached_queries', '')} | {r.get('uncached_ms', '')} |"
        )
    if results.get("exports"):
        lines += [
            "",
            "The directory's exports made anew (no kept file), each with this many enterprises in the "
            "database (copies of the generated ones); peak Python memory while made and read:",
            "",
            "| format | enterprises | rows listed | seconds | bytes | peak MiB |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        lines += [
            f"| {e['format']} | {e['rows']:,} | {e['rows_listed']:,} | {e['seconds']:.2f} | {e['bytes']:,} | "
            f"{e['python_peak_mib']:.1f} |"
            for e in results["exports"]
        ]
    if results.get("processes"):
        lines += ["", "Two server processes on one database:", ""]
        lines += [f"- {check}" for check in results["processes"]]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stod_bench"),
        help="PostgreSQL for --db postgres (created when missing; its data is replaced by the generated set)",
    )
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--platforms", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8361)
    parser.add_argument(
        "--only",
        default="",
        help="measure only pages whose name contains this (several: separated by commas, e.g. "
        "'case inbox,admin: support')",
    )
    parser.add_argument(
        "--sessions",
        type=int,
        default=None,
        help="fresh signed-in sessions per role for the first views (default 10; 1 with --duration "
        "under 5, a quick run like CI's that proves they answer; 0: none)",
    )
    parser.add_argument(
        "--first-views-only", action="store_true", help="measure only the first views (no load with wrk)"
    )
    parser.add_argument(
        "--first-view-concurrency",
        type=int,
        default=None,
        help="sessions at a time for the first views (default: one per server worker; 1 measures "
        "each view alone, without another session's request queued beside it)",
    )
    parser.add_argument(
        "--processes",
        choices=["auto", "yes", "no"],
        default="auto",
        help="check two server processes on one database (auto: on PostgreSQL)",
    )
    parser.add_argument(
        "--exports",
        default="",
        help="also measure the directory's exports (time, peak memory) with this many enterprises, "
        "e.g. 5000,50000 (copies of the generated ones, rolled back afterwards)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"), help="directory for the results")
    parser.add_argument(
        "--note", default="", help="a line added under the table (e.g. the machine was shared)"
    )
    args = parser.parse_args(argv)

    # Stopped from outside (CI's `timeout` sends SIGTERM): unwind, so that the `finally` that
    # stops the servers runs; they run in sessions of their own and would outlive us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    now = datetime.datetime.now(datetime.UTC)
    binary = ensure_wrk()
    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{work / f'bench-{args.platforms}-{args.enterprises}.sqlite3'}"
    else:
        postgres_database(args.database_url)
        env["DATABASE_URL"] = args.database_url
    env.update(
        SITE_URL=f"http://127.0.0.1:{args.port}",
        MEDIA_ROOT=str(work / "media"),
        EMAIL_FILE_PATH=str(work / "mail"),
        LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
        # The demo's relaxed sign-in (no second factor), as ./serve sets it.
        MFA_REQUIRED_ROLES="",
        # Django admin's change lists of the listed tables, to compare the first views with.
        BENCH_ADMIN="true",
    )
    env = server_environment(env)
    say(f"== Preparing the {args.db} database (tools/server.sh prepare)")
    subprocess.run(["tools/server.sh", "prepare"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    say(f"== Data set: {args.platforms} platforms, {args.enterprises} enterprises (seed {args.seed})")
    t = time.monotonic()
    # Not captured: the generator's progress shows as it comes (the full set takes minutes).
    manage(
        env,
        "generate_bench_data",
        f"--enterprises={args.enterprises}",
        f"--platforms={args.platforms}",
        f"--seed={args.seed}",
        "--reuse",
    )
    say(f"   ({time.monotonic() - t:.1f} s)")
    quick = args.duration < 5  # a quick run like CI's: it proves that every page answers
    plan = json.loads(
        manage(
            env,
            "bench_plan",
            *(["--first-views-only"] if args.first_views_only else []),
            *([f"--only={args.only}"] if args.only else []),
            # The uncached time of one render in a quick run; the median of five otherwise.
            *(["--times=1"] if quick else []),
            capture=True,
        )
    )
    pages = (
        []
        if args.first_views_only
        else [p for p in plan["pages"] if firstviews.named(p["name"], args.only) or p["name"] == "floor"]
    )
    sessions = args.sessions if args.sessions is not None else (1 if quick else 10)
    bad = [p for p in pages if not 200 <= p["status"] < 400]
    if bad:
        raise BenchFailed(
            "Pages erred under the test client: " + ", ".join(f"{p['path']} {p['status']}" for p in bad)
        )
    # The floor first: every ratio is to it.
    pages.sort(key=lambda p: p["name"] != "floor")
    change = next((p for p in plan["pages"] if p["name"] == "showcase page"), None)
    plan["change_slug"] = change["path"].strip("/").split("/")[-1] if change else ""

    log_dir = work / "logs"
    log_dir.mkdir(exist_ok=True)
    server = Server(env, args.port, log_dir / "server.log")
    results = {
        "started": now.strftime("%Y-%m-%d %H:%M UTC"),
        "db": args.db,
        "enterprises": args.enterprises,
        "platforms": args.platforms,
        "seed": args.seed,
        "duration": args.duration,
        "connections": args.connections,
        "server": f"granian, {workers(env)} workers",
        "machine": machine(),
        "pages": [],
        "note": args.note,
        "data": plan.get("data", ""),
    }
    try:
        say(f"== Server on {server.base} (tools/server.sh start)")
        server.wait()
        cookies = {None: ""}
        for role, email in plan["logins"].items():
            browser = Browser(server.base)
            status = browser.login(email, plan["password"])
            if status != 302 or not browser.cookie("sessionid"):
                raise BenchFailed(f"Signing in as {role} ({email}) answered {status} without a session.")
            # As a browser does: the page after signing in shows (and so ends) the welcome message;
            # wrk ignores Set-Cookie, and a message cookie kept forever would be a page nobody sees.
            browser.request("/min-sida/")
            cookies[role] = browser.cookie_header()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        threads = max(1, min(2, args.connections))
        for page in pages:
            # One request first: it must succeed, and it warms the workers.
            browser = Browser(server.base)
            status, _h, _b = browser.request(page["path"], headers={"Cookie": cookies[page["role"]]})
            if not 200 <= status < 400:
                raise BenchFailed(f"{page['path']} as {page['role'] or 'public'} answered {status}.")
            # A page may ask for fewer connections (a big export is not asked for by 16 at once).
            connections = min(args.connections, page.get("connections") or args.connections)
            # ... and a longer time (a full export takes seconds: a short run would finish none).
            # A quick run only proves that the page answers (no answer at all counts as an error
            # below), but still gives it time for one: a PDF in the server's other, cold worker
            # took over a second in CI once (fonts loaded on its first PDF).
            duration = page_duration(page, args.duration, quick=quick)
            data = wrk(
                binary,
                server.base + page["path"],
                cookies[page["role"]],
                duration,
                connections,
                min(threads, connections),
                script.name,
            )
            data["connections"] = connections
            data["duration"] = duration
            if not data["requests"]:
                # Not one answer within the duration: the page is as good as down.
                data["errors"] += 1
                data["none_completed"] = True
            row = {**page, **data}
            results["pages"].append(row)
            say(
                f"   {page['name']:<34} {page['role'] or 'public':<12} {data['rps']:8.1f} req/s  "
                f"p50 {fmt_ms(data['p50_us']):>7} ms  p99 {fmt_ms(data['p99_us']):>7} ms  "
                f"errors {data['errors']}  queries {page['queries']}  bytes {page['bytes']:,}"
            )
        os.unlink(script.name)
        if sessions:
            say("== First views (bench/firstviews.py)")
            try:
                results["first_views"] = firstviews.measure(
                    lambda: Browser(server.base),
                    plan,
                    sessions=sessions,
                    concurrency=args.first_view_concurrency or workers(env),
                    only=args.only,
                    say=say,
                )
            except firstviews.FirstViewFailed as failure:
                raise BenchFailed(str(failure)) from failure
            for row in (results["first_views"] or {}).get("rows", []):
                say(
                    f"   {row['name']:<24} {row['role'] or 'public':<12} p50 {row['p50_ms']:7.1f} ms  "
                    f"p95 {row['p95_ms']:7.1f} ms  × floor {row['x_floor_p95']:5.1f}"
                    + (f"  × admin {row['x_admin_p95']:.2f}" if row["x_admin_p95"] is not None else "")
                )
        processes = args.processes == "yes" or (args.processes == "auto" and args.db == "postgres")
        if processes:
            say("== Two server processes on one database")
            results["processes"] = check_processes(env, args.port + 1, plan, log_dir, server)
            for check in results["processes"]:
                say(f"   ok: {check}")
    finally:
        server.stop()
    if args.exports and not args.first_views_only:
        say("== Exports: time and peak Python memory (manage.py measure_exports)")
        results["exports"] = []
        for rows in [int(n) for n in args.exports.split(",") if n.strip()]:
            for fmt in ("csv", "json", "xlsx"):
                found = json.loads(
                    manage(env, "measure_exports", f"--rows={rows}", f"--format={fmt}", capture=True)
                )
                results["exports"].append(found)
                say(
                    f"   {fmt:<5} {found['rows_listed']:>7,} rows  {found['seconds']:7.2f} s  "
                    f"{found['bytes']:>12,} bytes  peak {found['python_peak_mib']:.1f} MiB"
                )
    results["machine"]["load_after"] = os.getloadavg()[0]
    results["seconds"] = time.monotonic() - started
    errors = [r for r in results["pages"] if r["errors"]]
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    stem = output / (
        f"{now:%Y-%m-%d}-firstviews-{args.db}" if args.first_views_only else f"{now:%Y-%m-%d}-{args.db}"
    )
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    table = render(results)
    stem.with_suffix(".md").write_text(table)
    say("")
    say(table)
    say(f"Written: {stem}.md and {stem}.json ({results['seconds']:.0f} s)")
    if errors:
        raise BenchFailed(
            "Requests erred under load: "
            + ", ".join(
                f"{r['name']} ({r['errors']}: bad status {r['bad_status']}, timeout {r['timeout']}"
                + (", not one answer within the duration" if r.get("none_completed") else "")
                + ")"
                for r in errors
            )
            + f"; see {log_dir}/server.log"
        )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as failure:
        print(f"bench/run: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
