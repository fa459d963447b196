"""The demo installation, loaded once for this module (conftest.py, ``demo_data``): it follows the
seed, every printed login works, and each capability's part adds up."""

from stodplattform.accounts.demo import PASSWORD
from stodplattform.accounts.models import User
from stodplattform.enterprises.demo import ENTERPRISES
from stodplattform.enterprises.models import Enterprise
from stodplattform.followup import services as followup_services
from stodplattform.followup.demo import MISSING_LAST_YEAR
from stodplattform.followup.models import FigureStatus, KeyFigures
from stodplattform.interventions import demo as interventions_demo
from stodplattform.interventions import services as interventions_services
from stodplattform.interventions.models import Budget, Intervention, Status
from stodplattform.platforms.models import Membership, Platform, Role
from stodplattform.portal.demo import logins


def test_demo_data_follows_the_seed(demo_data):
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
    # "Har du en idé?" tells the newcomer to call: the demo platform has a number.
    assert vbl.contact_phone


def test_demo_directory_renders(client, demo_data):
    response = client.get("/foretag/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 8


def test_the_demo_overview_adds_up_to_the_krona(demo_data):
    budget = Budget.objects.get(platform__slug="vasterbergslagen", year=interventions_demo.YEAR)
    summary = interventions_services.budget_summary(budget)
    total = summary.total
    expected = interventions_demo.EXPECTED
    assert (total.budget, total.committed, total.spent, total.remaining) == (
        expected["budget"],
        expected["committed"],
        expected["spent"],
        expected["remaining"],
    )
    assert total.committed + total.spent == interventions_services.reserved_total(budget)
    for rows in (summary.categories, summary.enterprises):
        assert sum(s.committed for _l, s in rows) == total.committed
        assert sum(s.spent for _l, s in rows) == total.spent
    # Every state of the workflow is in the demo.
    assert set(Intervention.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Intervention.objects.exclude(is_example=True).exists()


def test_demo_data_has_three_years_of_key_figures_for_every_enterprise_but_one(demo_data):
    last = followup_services.last_year()
    for enterprise in Enterprise.objects.all():
        years = set(KeyFigures.objects.filter(enterprise=enterprise).values_list("year", flat=True))
        expected = (
            {last - 2, last - 1} if enterprise.slug == MISSING_LAST_YEAR else {last - 2, last - 1, last}
        )
        assert years == expected, enterprise.slug
    statuses = set(KeyFigures.objects.values_list("status", flat=True))
    assert statuses == {FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.CHECKED}
    assert set(KeyFigures.objects.values_list("source", flat=True)) == {"demo"}
    for figures in KeyFigures.objects.all():
        figures.full_clean()
