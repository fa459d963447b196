from django.core.management import call_command

from stodplattform.accounts.demo import PASSWORD
from stodplattform.accounts.models import User
from stodplattform.enterprises.demo import ENTERPRISES
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.models import Membership, Platform, Role
from stodplattform.portal.demo import logins


def test_demo_data_follows_the_seed(db, capsys):
    call_command("load_demo")
    vbl = Platform.objects.get(slug="vasterbergslagen")
    assert sorted(m.code for m in vbl.municipalities.all()) == ["2061", "2085"]
    assert vbl.operator == "Samarkand"
    names = set(vbl.enterprises.values_list("name", flat=True))
    assert names == {
        "Återvinningsbutiken",
        "Luddes Hundcenter",
        "Disponentparken i Grängesberg",
        "Väderbacken i Smedjebacken",
        "Odla Po-ängen i Ludvika",
        "Hantverkstan i Smedjebacken",
    }
    assert len(ENTERPRISES) == 6
    # Nothing invented as fact: made-up text is marked, no organisation numbers.
    assert not Enterprise.objects.exclude(is_example=True).exists()
    assert not Enterprise.objects.exclude(org_number="").exists()
    assert Membership.objects.filter(platform=vbl, role=Role.STEERING).count() == 5
    # Every enterprise of the seed has its manager, and the history names the admin as actor.
    assert Membership.objects.filter(platform=vbl, role=Role.MANAGER).count() == 6
    assert Platform.objects.exclude(pk=vbl.pk).get().enterprises.count() == 2
    # Every printed login works.
    assert len(logins()) == 9  # reporting adds the regional observer of Dalarna
    for _role, email in logins():
        assert User.objects.get(email=email).check_password(PASSWORD)
    assert all(u.email.endswith("@example.org") for u in User.objects.all())


def test_load_demo_if_empty_is_idempotent(db, capsys):
    call_command("load_demo", "--if-empty")
    call_command("load_demo", "--if-empty")
    assert Enterprise.objects.count() == 8
    call_command("demo_logins")
    assert "samordnare@example.org" in capsys.readouterr().out


def test_demo_directory_renders(client, db):
    call_command("load_demo")
    response = client.get("/foretag/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 8
