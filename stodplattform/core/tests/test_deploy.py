"""The README's production settings pass Django's deployment checks, and production never
starts without a secret key."""

import os
import re
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def readme_production_env() -> dict[str, str]:
    """The variables that the README's production section exports, as a server would have them."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    exports = re.search(r"^export (.*?)(?=^\S*\.venv|\Z)", block, re.M | re.S).group(1)
    env = dict(re.findall(r"([A-Z_]+)=(\S+)", exports.replace("\\\n", " ")))
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"} <= set(env)
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)  # the README shows "..."
    return env


def manage(*args, env):
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_with_the_readme_production_settings_has_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=readme_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("command", [["check"], ["migrate", "--check"]])
def test_production_refuses_to_start_without_a_secret_key(command):
    env = readme_production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage(*command, env=env)
    assert result.returncode != 0
    message = (
        "DJANGO_SECRET_KEY is not set: production needs a long random secret key "
        "(on a laptop use ./serve or DJANGO_DEBUG=true)."
    )
    assert result.stderr.strip().splitlines()[-1].endswith(message)
    # The old fall-back key is gone from the settings altogether.
    assert "dev-only-insecure-key" not in (ROOT / "stodplattform" / "settings.py").read_text()


def test_debug_on_a_laptop_uses_a_generated_local_key():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(len(settings.SECRET_KEY))",
        env={"DJANGO_DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 50


def test_granian_stops_instead_of_serving_without_a_secret_key():
    """The server of ./serve and tools/server.sh: a worker that cannot load ends the server."""
    env = readme_production_env()
    del env["DJANGO_SECRET_KEY"]
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    granian = str(Path(sys.executable).parent / "granian")
    server = subprocess.Popen(
        # As tools/server.sh starts it: a worker that fails to load is not respawned for ever.
        [granian, "--interface", "wsgi", "stodplattform.wsgi:application", "--port", "0", "--workers", "1"]
        + ["--respawn-failed-workers", "--respawn-interval", "1"],
        cwd=ROOT,
        env={**base, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.communicate()
        raise AssertionError("granian served without a secret key") from None
    assert server.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in output


def test_code_only_commands_run_without_a_secret_key():
    """makemigrations (CI's check for missing migrations) and the translation commands sign
    nothing: they run without DJANGO_SECRET_KEY and with debug off, on a random key of their
    own process. The server and every other command still refuse (the tests above)."""
    result = manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert manage("check", env={}).returncode != 0
