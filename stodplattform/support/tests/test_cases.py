"""Work on a case: opening, the workflow, entries and attachments, assignment, the audit history."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stodplattform.support.models import CaseStatus, SupportCase
from stodplattform.support.services import change_case_status, purge_confidential_cases


def _login(client, user):
    client.force_login(user)
    return client


def test_manager_opens_a_case_for_own_enterprise(client, world, django_capture_on_commit_callbacks):
    _login(client, world.manager_a)
    page = client.get(reverse("support-case-create"))
    assert list(page.context["form"].fields["enterprise"].queryset) == [world.enterprise_a]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support-case-create"),
            {"title": "Hjälp med bokslut", "category": "administration", "enterprise": world.enterprise_a.pk},
        )
    case = SupportCase.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.enterprise == world.enterprise_a and case.status == "new" and case.source == "manager"
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    # Another enterprise is not a choice.
    response = client.post(
        reverse("support-case-create"),
        {"title": "X", "category": "hr", "enterprise": world.enterprise_b.pk},
    )
    assert response.status_code == 200 and "enterprise" in response.context["form"].errors


def test_due_date_before_opening_is_refused(client, world, cases):
    _login(client, world.coordinator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("support-case-create"),
        {"title": "Nytt", "category": "hr", "priority": "normal", "due_on": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [
        "Förfallodagen kan inte vara före dagen då ärendet öppnades."
    ]
    assert SupportCase.objects.count() == 4


def test_workflow_and_history(client, world, cases, django_capture_on_commit_callbacks):
    case = cases.case_a
    case.requester_email, case.notify_requester = "anna@example.org", True
    case.save()
    _login(client, world.coordinator)
    url = reverse("support-case-status", args=[case.pk])
    # Closing needs an outcome.
    response = client.post(url, {"status": "closed"})
    assert response.status_code == 200 and "outcome" in response.context["status_form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"status": "closed", "outcome": "resolved"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "resolved" and case.closed_at
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    # A closed case only reopens.
    response = client.post(url, {"status": "waiting"})
    assert response.status_code == 200 and "status" in response.context["status_form"].errors
    assert client.post(url, {"status": "open"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "open" and case.outcome == "" and case.closed_at is None
    # An open case does not go back to new.
    response = client.post(url, {"status": "new"})
    assert response.status_code == 200
    statuses = [
        e.changes_dict.get("status")
        for e in LogEntry.objects.get_for_object(case).order_by("pk")
        if "status" in (e.changes_dict or {})
    ]
    assert statuses[-2:] == [["closed", "open"], ["open", "closed"]][::-1] or statuses[-1] == [
        "closed",
        "open",
    ]
    assert LogEntry.objects.get_for_object(case).filter(actor=world.coordinator).count() == 2


def test_assignment_mails_the_assignee_and_is_in_the_history(
    client, world, cases, django_capture_on_commit_callbacks
):
    _login(client, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support-case-assign", args=[cases.case_a.pk]), {"assignee": world.coopted.pk}
        )
    assert response.status_code == 302
    cases.case_a.refresh_from_db()
    assert cases.case_a.assignee == world.coopted and cases.case_a.status == "open"
    assert [m.to for m in mail.outbox] == [[world.coopted.email]]
    entry = LogEntry.objects.get_for_object(cases.case_a).latest("pk")
    assert "assignee" in entry.changes_dict and entry.actor == world.coordinator
    # Only the platform's coordinators and co-opted people can be assigned.
    response = client.post(
        reverse("support-case-assign", args=[cases.case_a.pk]), {"assignee": world.manager_a.pk}
    )
    assert response.status_code == 200 and "assignee" in response.context["assign_form"].errors


@pytest.mark.parametrize(
    ("minutes", "ok"),
    [
        ("90", True),
        ("0", True),
        ("", True),
        ("-5", False),
        ("1441", False),
        ("abc", False),
        ("99999999999", False),
    ],
)
def test_entry_minutes(client, world, cases, minutes, ok):
    _login(client, world.coopted)
    response = client.post(
        reverse("support-case-entry", args=[cases.conf_a.pk]),
        {"kind": "call", "date": timezone.localdate().isoformat(), "minutes": minutes, "text": "Samtal"},
    )
    assert response.status_code == (302 if ok else 200)
    assert cases.conf_a.entries.count() == (1 if ok else 0)
    if not ok:
        assert "minutes" in response.context["entry_form"].errors
        assert "Samtal" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("plan.pdf", b"%PDF-1.7 x", True),
        ("notes.txt", "Anteckning åäö".encode(), True),
        ("bild.png", b"\x89PNG\r\n\x1a\n....", True),
        ("virus.exe", b"MZ....", False),
        ("fake.pdf", b"MZ not a pdf", False),
        ("binary.txt", b"\x00\x01\x02", False),
    ],
)
def test_attachment_types(client, world, cases, name, content, ok):
    _login(client, world.coordinator)
    response = client.post(
        reverse("support-case-entry", args=[cases.case_a.pk]),
        {
            "kind": "note",
            "date": timezone.localdate().isoformat(),
            "minutes": "5",
            "text": "Med bilaga",
            "attachment": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == (302 if ok else 200)
    assert cases.case_a.entries.count() == (1 if ok else 0)
    if not ok:
        assert "attachment" in response.context["entry_form"].errors


def test_oversized_attachment(client, world, cases, settings):
    settings.SUPPORT_ATTACHMENT_MAX_BYTES = 100
    _login(client, world.coordinator)
    response = client.post(
        reverse("support-case-entry", args=[cases.case_a.pk]),
        {
            "kind": "note",
            "date": timezone.localdate().isoformat(),
            "attachment": SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 200),
        },
    )
    assert response.status_code == 200
    assert "för stor" in " ".join(response.context["entry_form"].errors["attachment"])


def test_future_date_refused(client, world, cases):
    _login(client, world.coordinator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("support-case-entry", args=[cases.case_a.pk]), {"kind": "note", "date": tomorrow.isoformat()}
    )
    assert response.status_code == 200 and "date" in response.context["entry_form"].errors


def test_purged_case_cannot_be_reopened(client, world, cases):
    change_case_status(cases.conf_a, status="closed", outcome="resolved", by=world.coordinator)
    later = timezone.now() + datetime.timedelta(days=800)
    assert purge_confidential_cases(now=later) == 1
    _login(client, world.coordinator)
    response = client.post(reverse("support-case-status", args=[cases.conf_a.pk]), {"status": "open"})
    assert response.status_code == 200
    assert "kan inte öppnas igen" in " ".join(response.context["status_form"].errors["status"])
    cases.conf_a.refresh_from_db()
    assert cases.conf_a.status == CaseStatus.CLOSED


def test_inbox_filters_search_sort_and_csv(client, world, cases):
    change_case_status(cases.case_a, status="waiting", by=world.coordinator)
    _login(client, world.coordinator)
    response = client.get(reverse("support-inbox"), {"status": "waiting"})
    assert [c.pk for c in response.context["page"].object_list] == [cases.case_a.pk]
    response = client.get(reverse("support-inbox"), {"q": "Personalärende", "sort": "priority"})
    assert {c.pk for c in response.context["page"].object_list} == {cases.conf_a.pk, cases.conf_b.pk}
    response = client.get(reverse("support-inbox"), {"assignee": world.coopted.pk})
    assert [c.pk for c in response.context["page"].object_list] == [cases.conf_a.pk]
    response = client.get(reverse("support-inbox"), {"enterprise": world.enterprise_b.slug, "format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert cases.conf_b.reference in body and cases.case_a.reference not in body
    # The same filtered rows as an Excel workbook that opens.
    import io

    from openpyxl import load_workbook

    response = client.get(reverse("support-inbox"), {"enterprise": world.enterprise_b.slug, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    references = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cases.conf_b.reference in " ".join(str(r) for r in references)
    assert cases.case_a.reference not in " ".join(str(r) for r in references)
    # Nonsense filters are ignored, never a 500.
    response = client.get(
        reverse("support-inbox"), {"status": "x", "assignee": "abc", "sort": "'; drop", "page": "-1"}
    )
    assert response.status_code == 200


def test_the_assignee_filter_lists_the_coordinators_own_people_not_every_platforms(client, world, cases):
    def choices(user, **params):
        client.force_login(user)
        response = client.get(reverse("support-inbox"), params)
        assert response.status_code == 200
        return {u.pk for u in response.context["form"].fields["assignee"].queryset}, response

    # A coordinator: the coordinators and co-opted members of the platform, no one else's, even when
    # a link asks for another platform's person (whose name would show in the list).
    own, _ = choices(world.coordinator, assignee=world.outsider.pk)
    assert own == {world.coordinator.pk, world.coopted.pk}
    # The superuser coordinates no platform as a member: only themselves, and the one a link names,
    # whose cases the link then shows; an id too large for the database is ignored.
    mine, _ = choices(world.superuser)
    assert mine == {world.superuser.pk}
    named, response = choices(world.superuser, assignee=world.coopted.pk)
    assert named == {world.superuser.pk, world.coopted.pk}
    assert [c.pk for c in response.context["page"].object_list] == [cases.conf_a.pk]
    assert choices(world.superuser, assignee="9" * 40)[0] == {world.superuser.pk}


def test_inbox_counts_no_further_than_its_limit(client, world, cases, monkeypatch):
    """The inbox's count stops at a limit (the first view of 200 000 cases must not count them
    all): past it, the page says there are more and asks for a filter."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stodplattform.core import pagination

    _login(client, world.coordinator)
    shown = client.get(reverse("support-inbox"), {"status": "all"}).context["page"].paginator.count
    assert shown > 2
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("support-inbox"), {"status": "all"})
    assert response.context["page"].paginator.count == 2
    assert "Fler än 2 ärenden" in response.content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counts and all("LIMIT 3" in sql for sql in counts), counts
    # Unordered, whatever the list's order: an order no index gives would sort every match
    # first (the open cases are counted off an index on status, core.pagination).
    assert not any("ORDER BY" in sql for sql in counts), counts
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("support-inbox"), {"status": "all", "sort": "priority"})
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counts and not any("ORDER BY" in sql for sql in counts), counts
    # Under the limit: the exact number, as before.
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 1000)
    response = client.get(reverse("support-inbox"), {"status": "all"})
    assert response.context["page"].paginator.count == shown
    assert "Fler än" not in response.content.decode()


def test_inbox_enterprise_filter_by_part_of_name(client, world, cases):
    _login(client, world.coordinator)
    part = world.enterprise_b.name[1:-1].upper()
    response = client.get(reverse("support-inbox"), {"status": "all", "enterprise": part})
    found = {c.pk for c in response.context["page"].object_list}
    assert cases.conf_b.pk in found and cases.case_a.pk not in found


def test_steering_sees_counts_not_contents(client, world, cases):
    _login(client, world.steering)
    response = client.get(reverse("support-counts"))
    html = response.content.decode()
    assert "Personalärende" not in html and "Finansiering A" not in html
    assert response.context["counts"]["totals"] == [2, 1, 0, 0]  # two new, one open on platform A
    start = client.get(reverse("portal-start")).content.decode()
    assert "Personalärende" not in start


def test_start_page_panels(client, world, cases):
    _login(client, world.coordinator)
    html = client.get(reverse("portal-start")).content.decode()
    assert cases.case_a.reference in html  # a new request
    _login(client, world.coopted)
    html = client.get(reverse("portal-start")).content.decode()
    assert cases.conf_a.reference in html and cases.case_a.reference not in html
    _login(client, world.manager_b)
    html = client.get(reverse("portal-start")).content.decode()
    assert cases.conf_b.reference in html and cases.conf_a.reference not in html
    assert reverse("support-case-create") in html


def test_time_outside_cases(client, world):
    _login(client, world.coopted)
    url = reverse("support-time")
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"platform": world.platform.slug, "date": today, "category": "outreach", "minutes": "-1"}
    )
    assert response.status_code == 200 and "minutes" in response.context["form"].errors
    response = client.post(
        url, {"platform": world.other_platform.slug, "date": today, "category": "outreach", "minutes": "60"}
    )
    assert response.status_code == 200 and "platform" in response.context["form"].errors
    response = client.post(
        url, {"platform": world.platform.slug, "date": today, "category": "outreach", "minutes": "60"}
    )
    assert response.status_code == 302
    assert client.get(url).context["totals"][0]["minutes"] == 60


def test_pipeline_move_and_register_keeps_cases(client, world, cases):
    case = SupportCase.objects.create(
        platform=world.platform,
        reference="PA-2026-0099",
        title="Startstöd",
        category="startup",
        prospect=cases.prospect,
    )
    _login(client, world.coordinator)
    assert cases.prospect.name in client.get(reverse("support-pipeline")).content.decode()
    response = client.post(
        reverse("support-prospect-stage", args=[cases.prospect.pk]), {"stage": "registration"}
    )
    assert response.status_code == 302
    cases.prospect.refresh_from_db()
    assert cases.prospect.stage == "registration"
    response = client.post(reverse("support-prospect-stage", args=[cases.prospect.pk]), {"stage": "nonsense"})
    assert response.status_code == 302
    cases.prospect.refresh_from_db()
    assert cases.prospect.stage == "registration"
    url = reverse("support-prospect-register", args=[cases.prospect.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update(name="Cykelköket ek. för.", org_number="not-a-number")
    response = client.post(url, data)
    assert response.status_code == 200 and "org_number" in response.context["form"].errors
    data["org_number"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    cases.prospect.refresh_from_db()
    enterprise = cases.prospect.enterprise
    assert enterprise.name == "Cykelköket ek. för." and cases.prospect.stage == "started"
    case.refresh_from_db()
    assert case.enterprise == enterprise and case.prospect == cases.prospect
    assert LogEntry.objects.get_for_object(case).filter(changes__icontains="enterprise").exists()


def test_case_edit(client, world, cases):
    _login(client, world.coordinator)
    url = reverse("support-case-edit", args=[cases.case_a.pk])
    response = client.post(url, {"title": "Nytt namn", "category": "market", "priority": "high"})
    assert response.status_code == 302
    cases.case_a.refresh_from_db()
    assert cases.case_a.title == "Nytt namn" and cases.case_a.priority == "high"
