"""The benchmark's data generator, its plan and the floor view (bench/run uses all three)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import path

from stodplattform import urls
from stodplattform.accounts.models import User
from stodplattform.enterprises.models import Enterprise
from stodplattform.events.models import Event, Registration
from stodplattform.financing import bench as financing_bench
from stodplattform.financing.models import FundingCall, QualityLabel, Tender
from stodplattform.followup import services as followup_services
from stodplattform.followup.models import FigureStatus, KeyFigures, Score, SustainabilityCheck
from stodplattform.interventions.models import Intervention
from stodplattform.meetings.models import AgendaItem, Attendance, Meeting
from stodplattform.platforms.models import Membership, Platform
from stodplattform.portal import benchadmin
from stodplattform.support.models import CaseEntry, CaseMinutesMonth, SupportCase

# The site's addresses with the benchmark's admin, as bench/run's server has them (BENCH_ADMIN).
urlpatterns = [*urls.urlpatterns, path("_bench/admin/", benchadmin.site.urls)]


def generate(*args):
    out = StringIO()
    call_command("generate_bench_data", "--enterprises=40", "--platforms=4", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What the seed decides: every generated row's content, without ids and timestamps."""
    enterprises = [
        (
            e.name,
            e.slug,
            e.platform.slug,
            e.municipality.code,
            e.status,
            e.description,
            e.offers_goods,
            e.offers_services,
            e.is_public,
            e.sells_to_public,
            tuple(sorted(i.code for i in e.industries.all())),
        )
        for e in Enterprise.objects.select_related("platform", "municipality")
        .prefetch_related("industries")
        .order_by("slug")
    ]
    platforms = [
        (p.slug, p.name, tuple(sorted(m.code for m in p.municipalities.all())))
        for p in Platform.objects.prefetch_related("municipalities").order_by("slug")
    ]
    memberships = sorted(
        (m.user.email, m.role, m.platform.slug, m.enterprise.slug if m.enterprise else "")
        for m in Membership.objects.select_related("user", "platform", "enterprise")
    )
    cases = sorted(
        SupportCase.objects.values_list("reference", "title", "status", "enterprise__slug", "assignee__email")
    )
    entries = sorted(CaseEntry.objects.values_list("case__reference", "kind", "minutes", "text"))
    meetings = sorted(Meeting.objects.values_list("title", "kind", "platform__slug"))
    registrations = sorted(Registration.objects.values_list("event__slug", "email", "status"))
    return enterprises, platforms, memberships, cases, entries, meetings, registrations


def test_generates_the_data_set_repeatably_with_a_seed(db):
    generate("--seed=7")
    first = snapshot()
    assert Platform.objects.count() == 4
    assert Enterprise.objects.count() == 40
    assert all(e[5].startswith("Syntetisk testdata") for e in first[0])
    assert all(not e.org_number and e.is_example for e in Enterprise.objects.all())
    assert Membership.objects.filter(role="manager").count() == 4
    # Every generated person can sign in (allauth needs a verified address).
    assert User.objects.filter(emailaddress__verified=True).count() == User.objects.count()

    # The capabilities' part, in proportion to the 200 000 cases … at 5 000 enterprises.
    assert SupportCase.objects.count() == 1600
    assert 6000 < CaseEntry.objects.count() < 10_000
    assert Intervention.objects.count() == 40
    assert Meeting.objects.count() == 160
    assert AgendaItem.objects.count() >= 3 * 160 and Attendance.objects.exists()
    assert Event.objects.count() == 16
    assert 400 < Registration.objects.count() < 1200

    generate("--seed=7", "--replace")
    assert snapshot() == first
    generate("--seed=8", "--replace")
    assert snapshot() != first
    assert Enterprise.objects.count() == 40


def followup_and_financing():
    """What the seed decides of the key figures, checks, calls, tenders and labels."""
    return (
        sorted(
            KeyFigures.objects.values_list(
                "enterprise__slug", "year", "status", "net_turnover", "employees_men"
            )
        ),
        sorted(Score.objects.values_list("sustainability_check__enterprise__slug", "area", "score")),
        sorted(
            FundingCall.objects.values_list(
                "title", "platform__slug", "region__code", "deadline", "legal_forms"
            )
        ),
        sorted(Tender.objects.values_list("title", "platform__slug", "buyer", "deadline", "reserved")),
        sorted(QualityLabel.objects.values_list("enterprise__slug", "kind", "awarded_on")),
    )


def test_generates_key_figures_and_financing_that_keep_the_models_rules(db):
    generate("--seed=3")
    # Three years for every enterprise, none before it was founded; a check for every third.
    oldest = followup_services.last_year() - 2
    founded_late = sum(max(0, min(3, (e.year_founded or 0) - oldest)) for e in Enterprise.objects.all())
    assert KeyFigures.objects.count() == 3 * 40 - founded_late
    assert SustainabilityCheck.objects.count() == 14
    assert Score.objects.count() == 140
    # In proportion to 200 calls, 500 tenders and labels for a tenth, at 5 000 enterprises.
    assert FundingCall.objects.count() == 2
    assert Tender.objects.count() == 4
    assert QualityLabel.objects.count() == 4
    assert {f.status for f in KeyFigures.objects.all()} >= {FigureStatus.CHECKED, FigureStatus.SUBMITTED}
    # Every row is one a person could have saved: the forms' and the models' rules hold
    # (parts never above their wholes), and every text says it is generated.
    for model in (KeyFigures, SustainabilityCheck, Score, FundingCall, Tender, QualityLabel):
        for row in model.objects.all():
            row.full_clean()
    assert all(s.comment.startswith("Syntetisk testdata") for s in Score.objects.all())
    assert all(
        c.description.startswith("Syntetisk testdata") and c.is_example for c in FundingCall.objects.all()
    )
    assert all(t.description.startswith("Syntetisk testdata") and t.is_example for t in Tender.objects.all())
    assert all(label.is_example for label in QualityLabel.objects.all())
    first = followup_and_financing()

    # The same seed makes the same rows; replacing leaves none of the old ones behind, also
    # the calls shared by a region or the installation (they have no platform).
    generate("--seed=3", "--replace")
    assert followup_and_financing() == first
    assert FundingCall.objects.count() == 2
    assert FundingCall.objects.filter(description__startswith=financing_bench.MARK).count() == 2


def test_refuses_to_run_twice_unless_told_to_replace(db):
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert Enterprise.objects.count() == 40
    # --reuse (bench/run) keeps a data set of the same size, and replaces one of another size.
    assert "Reusing" in generate("--reuse")
    call_command("generate_bench_data", "--enterprises=12", "--platforms=2", "--reuse", stdout=StringIO())
    assert (Platform.objects.count(), Enterprise.objects.count()) == (2, 12)


def test_refuses_a_database_with_real_data_unless_forced(db):
    call_command("load_demo")
    before = (Platform.objects.count(), Enterprise.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="--force"):
        generate()
    with pytest.raises(CommandError, match="--force"):
        generate("--replace")
    assert (Platform.objects.count(), Enterprise.objects.count(), User.objects.count()) == before

    generate("--force")
    assert Enterprise.objects.count() == before[1] + 40
    # Replacing deletes only what the generator made: the demo data stays.
    generate("--force", "--replace")
    assert Enterprise.objects.count() == before[1] + 40
    assert Platform.objects.filter(slug="vasterbergslagen").exists()
    assert User.objects.filter(email="samordnare@example.org").exists()


def test_refuses_a_real_person_too(db):
    User.objects.create_user(email="anna@example.se", full_name="Anna", password="x" * 12)
    with pytest.raises(CommandError, match="did not make"):
        generate()


def test_bad_sizes_are_refused(db):
    with pytest.raises(CommandError, match="at least one"):
        call_command("generate_bench_data", "--enterprises=0", "--platforms=1", stdout=StringIO())


@pytest.mark.urls(__name__)
def test_the_plan_measures_every_page_and_none_errs(db):
    generate()
    out = StringIO()
    # Each page rendered once without the page cache: the test checks what is measured, not the time.
    call_command("bench_plan", "--times=1", stdout=out)
    plan = json.loads(out.getvalue())
    names = {page["name"] for page in plan["pages"]}
    assert {
        "floor",
        "home",
        "directory",
        "directory, searched",
        "directory, filtered",
        "showcase page",
        "platform page",
        "export CSV",
        "export JSON",
        "API enterprises",
        "buyer page",
        "funding calls (coordinator)",
        "dashboard (coordinator)",
        "report to the funder (coordinator)",
        "report to the funder, PDF (coordinator)",
        "report to the funder, XLSX (coordinator)",
    } <= names
    roles = {"coordinator", "steering", "coopted", "observer", "manager", "superuser"}
    assert roles <= set(plan["logins"])
    assert {f"start page ({role})" for role in roles} <= names
    for page in plan["pages"]:
        assert 200 <= page["status"] < 400, page
        assert page["bytes"] > 0, page
    floor = next(page for page in plan["pages"] if page["name"] == "floor")
    assert floor["queries"] == 1
    # The first views: each role's start page, and the capabilities' main pages beside the
    # admin change list of the same table; every one answers.
    views = {(view["name"], view["role"]): view for view in plan["first_views"]}
    assert {("start page", role) for role in roles} <= set(views)
    assert {
        ("case inbox", "superuser"),
        ("case inbox, filtered", "coordinator"),
        ("a case", "manager"),
        ("budget overview", "coordinator"),
        ("an intervention", "steering"),
        ("a meeting", "coordinator"),
        ("event's attendees", "coordinator"),
        ("admin: support cases", "superuser"),
        ("key figures overview", "coordinator"),
        ("an enterprise's key figures", "coordinator"),
        ("a year's key figures", "coordinator"),
        ("admin: key figures", "superuser"),
        ("funding calls", "coordinator"),
        ("start page, matched calls", "manager"),
        ("admin: funding calls", "superuser"),
    } <= set(views)
    assert "key figures form" in {name for name, _ in views}
    admin_lists = {view["path"] for view in plan["first_views"] if view["name"].startswith("admin:")}
    for view in plan["first_views"]:
        assert view["status"] == 200, view
        assert not view.get("admin") or view["admin"] in admin_lists, view
    assert "1,600 support cases" in plan["data"]
    assert "years of key figures" in plan["data"] and "4 procurement opportunities" in plan["data"]
    # Some pages only (bench/run --only, names separated by commas): the others are listed,
    # unmeasured (bench/run finds the floor among them); with --first-views-only none is measured.
    out = StringIO()
    call_command("bench_plan", "--first-views-only", "--only=case inbox,admin: support", stdout=out)
    some = json.loads(out.getvalue())
    assert {view["name"] for view in some["first_views"]} == {
        "case inbox",
        "case inbox, filtered",
        "case inbox, filtered by category",
        "admin: support cases",
    }
    assert all("status" not in page for page in some["pages"])
    assert "floor" in {page["name"] for page in some["pages"]}


@pytest.mark.urls(__name__)
def test_the_benchmarks_admin_lets_only_superusers_in(client, db):
    generate()
    coordinator = User.objects.get(email="samordnare.1@bench.example.net")
    client.force_login(coordinator)
    response = client.get("/_bench/admin/support/supportcase/")
    assert response.status_code == 302
    client.force_login(User.objects.get(email="admin@bench.example.net"))
    assert client.get("/_bench/admin/support/supportcase/").status_code == 200


@pytest.mark.urls(__name__)
def test_a_change_through_the_benchmarks_admin_keeps_the_minutes_sums(client, db):
    generate()
    client.force_login(User.objects.get(email="admin@bench.example.net"))
    case = SupportCase.objects.filter(platform__slug__startswith="bench-", entries__minutes__gt=0).first()
    mine = CaseMinutesMonth.objects.filter(platform=case.platform)

    def total():
        return mine.aggregate(s=Sum("minutes"))["s"]

    def by_category():
        summed = dict(mine.order_by().values_list("category").annotate(s=Sum("minutes")))
        logged = CaseEntry.objects.filter(case__platform=case.platform).order_by()
        return summed, dict(logged.values_list("case__category").annotate(s=Sum("minutes")))

    logged = CaseEntry.objects.filter(case__platform=case.platform).aggregate(s=Sum("minutes"))["s"]
    assert total() == logged
    # Another category: its minutes move with it.
    page = client.get(f"/_bench/admin/support/supportcase/{case.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value not in (None, False)
    }
    data["needs"] = "[]"
    data["category"] = "other" if case.category != "other" else "hr"
    response = client.post(f"/_bench/admin/support/supportcase/{case.pk}/change/", data)
    assert response.status_code == 302, page.context["adminform"].form.errors
    summed, entered = by_category()
    assert summed == entered
    minutes = CaseEntry.objects.filter(case=case).aggregate(s=Sum("minutes"))["s"]
    # Deleted, with its entries: their minutes are gone from the sums too.
    response = client.post(f"/_bench/admin/support/supportcase/{case.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert total() == logged - minutes


def test_the_benchmarks_admin_is_not_there_unless_turned_on(client, db):
    generate()
    client.force_login(User.objects.get(email="admin@bench.example.net"))
    assert client.get("/_bench/admin/support/supportcase/").status_code == 404


def test_the_floor_reads_one_row_through_the_middleware(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/_bench/floor")
    assert response.status_code == 200
    assert response.content.decode()  # a municipality's name, public reference data
    assert len(queries) == 1
    assert "no-cache" in response["Cache-Control"]
    # It is read-only: anything but GET and HEAD is refused.
    assert client.post("/_bench/floor").status_code == 405


def test_a_page_that_sums_rows_is_held_to_the_floor_and_a_list_to_its_admin_list_too():
    from bench import firstviews

    def row(name, p95, *, role="coordinator", admin=None, sums=False):
        return {"name": name, "role": role, "path": f"/{name}/", "p95_ms": p95, "admin": admin, "sums": sums}

    rows = [
        row("floor", 5.0, role=None),
        row("admin: cases", 60.0, role="superuser"),
        row("inbox", 31.0, admin="/admin: cases/"),
        row("inbox, fast", 29.0, admin="/admin: cases/"),
        row("dashboard", 64.0, admin="/admin: cases/", sums=True),
        row("report", 101.0, admin="/admin: cases/", sums=True),
        row("start page", 99.0),
    ]
    firstviews.judge(rows)
    met = {r["name"]: r["met"] for r in rows}
    assert met == {
        "floor": None,
        "admin: cases": None,
        # A list: half its admin list's p95 at most.
        "inbox": False,
        "inbox, fast": True,
        # Sums rows: its ratio is shown, its target the floor's (20 ×).
        "dashboard": True,
        "report": False,
        "start page": True,
    }
    assert rows[4]["x_admin_p95"] == pytest.approx(64 / 60)
    assert "| dashboard | coordinator | 1 | 1.0 | 64.0 | 12.8 | *1.07* | met |" in "\n".join(
        firstviews.render(
            {
                "sessions": 1,
                "concurrency": 1,
                "rows": [dict(r, n=1, p50_ms=1.0, queries=None, bytes=None) for r in rows],
            }
        )
    )


def test_a_quick_run_gives_a_slow_page_time_for_one_answer_and_a_full_run_all_it_asks(monkeypatch):
    # bench/bench.py is run as a script, beside firstviews.py.
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "bench"))
    from bench.bench import QUICK_MIN_DURATION, page_duration

    export = {"name": "export", "min_duration": 20}
    assert page_duration({"name": "list"}, 1, quick=True) == 1
    assert page_duration(export, 1, quick=True) == QUICK_MIN_DURATION > 1
    assert page_duration(export, 10, quick=False) == 20
    assert page_duration({"name": "list"}, 10, quick=False) == 10
