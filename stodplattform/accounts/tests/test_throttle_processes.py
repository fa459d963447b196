"""Login throttling holds across two app processes.

allauth counts failed sign-ins in Django's cache. With a per-process cache each
worker would allow its own five attempts; the database cache is shared. The test
starts two real servers on one scratch SQLite database and sends failed
sign-ins to them in turn. Traffic goes only to 127.0.0.1; the servers are always
stopped, and every wait is bounded.
"""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
EMAIL = "throttle@test.example"
PASSWORD = "ett-riktigt-lösenord-1"
LIMIT = 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS", "PYTEST"))}
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        DJANGO_SETTINGS_MODULE="stodplattform.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECURE_COOKIES="false",  # plain http on 127.0.0.1
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        MFA_REQUIRED_ROLES="",
        LOGIN_ATTEMPTS_LIMIT=str(LIMIT),
        LOGIN_ATTEMPTS_SECONDS="300",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def _manage(env, *args, timeout=180):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_until_up(url: str, process, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in time")


def _attempt(opener, jar, base: str, password: str):
    """One sign-in through the login form; (status, page text)."""
    page = opener.open(f"{base}/logga-in/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": EMAIL, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/logga-in/", data=data, headers={"Referer": f"{base}/logga-in/"})
    try:
        response = opener.open(request, timeout=10)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # the 302 of a successful sign-in, not followed
        return error.code, error.read().decode(errors="replace")


def test_login_throttling_holds_across_two_app_processes():
    db_path = Path("/tmp") / f"stod-throttle-{os.getpid()}-{time.time_ns()}.sqlite3"
    env = _env(db_path)
    processes = []
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "createcachetable")
        _manage(
            env,
            "shell",
            "-c",
            f"from stodplattform.accounts.models import User; User.objects.create_user(email='{EMAIL}', "
            f"password='{PASSWORD}', full_name='Throttle')",
        )
        ports = [_free_port(), _free_port()]
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "runserver",
                        "--noreload",
                        "--skip-checks",
                        f"127.0.0.1:{port}",
                    ],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 60
        for base, process in zip(bases, processes, strict=True):
            _wait_until_up(f"{base}/logga-in/", process, deadline)

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        opener.addheaders = [("Accept-Language", "en")]
        seen = dict.fromkeys(bases, 0)
        for attempt in range(LIMIT):
            base = bases[attempt % 2]
            status, text = _attempt(opener, jar, base, "fel-lösenord")
            seen[base] += 1
            assert status == 200 and "not correct" in text, f"attempt {attempt + 1} at {base}"
            assert "Too many failed login attempts" not in text
        # Each process saw at most three attempts, yet the next one is refused,
        # even with the right password: the count is shared.
        assert max(seen.values()) < LIMIT
        status, text = _attempt(opener, jar, bases[LIMIT % 2], PASSWORD)
        assert status == 200 and "Too many failed login attempts" in text
        status, text = _attempt(opener, jar, bases[(LIMIT + 1) % 2], PASSWORD)
        assert status == 200 and "Too many failed login attempts" in text
    finally:
        for process in processes:
            process.kill()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.stdout:
                process.stdout.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
