"""The commands ./serve runs: the demo is loaded into an empty database only, and its logins printed."""

from django.core.management import call_command

from stodplattform.enterprises.models import Enterprise


def test_load_demo_if_empty_is_idempotent(db, capsys):
    call_command("load_demo", "--if-empty")
    call_command("load_demo", "--if-empty")
    assert Enterprise.objects.count() == 8
    call_command("demo_logins")
    assert "samordnare@example.org" in capsys.readouterr().out
