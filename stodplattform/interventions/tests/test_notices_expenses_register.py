"""Issue 19, items 2, 3, 6 and 8: the workflow mails whoever acts next; a manager submits
expenses with receipts for the coordinator to approve; a decision is taken at a steering
meeting or by circulation and numbered in the steering group's one register (§ n/år);
applying against a year without a budget says what to do, and next year's budget can be
opened early."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stodplattform.interventions import services
from stodplattform.interventions.models import Decision, Expense, ExpenseStatus, Intervention, Status
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.meetings import services as meetings_services
from stodplattform.meetings.models import Decision as MinutesDecision
from stodplattform.meetings.models import Kind
from stodplattform.meetings.testing import make_meeting
from stodplattform.platforms.models import Role
from stodplattform.platforms.testing import make_member, make_user

PDF = b"%PDF-1.4\n%kvitto\n"
YEAR = timezone.localdate().year


def receipt(name="kvitto.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def application(**extra):
    return {
        "title": "Kurs i bokföring",
        "purpose": "Bättre ordning",
        "expected_effect": "Färre fel",
        "category": "competence",
        "year": str(YEAR),
        "requested_amount": "12 000",
        "supplier": "Byrån",
        "starts_on": f"{YEAR}-03-01",
        "ends_on": f"{YEAR}-04-30",
        **extra,
    }


# -- Item 2: each step mails whoever must act next ------------------------------------


def test_a_new_application_mails_the_coordinators_in_their_language(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    make_budget(world.platform, year=YEAR)
    world.coordinator.language = "en"
    world.coordinator.save()
    second = make_user("coordinator2")
    make_member(world.platform, second, Role.COORDINATOR)
    client.force_login(world.manager_a)
    data = application(enterprises=[world.enterprise_a.pk], submit="1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("interventions-create"), data)
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {world.coordinator.email, second.email}
    english, swedish = by_address[world.coordinator.email], by_address[second.email]
    assert english.subject == "New application: Kurs i bokföring"
    assert swedish.subject == "Ny ansökan: Kurs i bokföring"
    link = f"/insatser/{intervention.pk}/"
    assert link in english.body and link in swedish.body
    html, kind = swedish.alternatives[0]
    assert kind == "text/html" and link in html and 'lang="sv"' in html
    assert "12\u00a0000,00\u00a0kr" in swedish.body


def test_a_draft_mails_nobody_and_a_refused_step_mails_nobody(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    make_budget(world.platform, year=YEAR)
    client.force_login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interventions-create"), application(enterprises=[world.enterprise_a.pk]))
    assert Intervention.objects.get().status == Status.DRAFT and mailoutbox == []
    intervention = make_intervention(world, state="prepared", year=YEAR)
    # Over the requested amount: refused, rolled back, nobody told.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        services.approve_intervention(
            intervention,
            amount=Decimal("99999.00"),
            agreed_by=[world.steering],
            decided_on=timezone.localdate(),
            by=world.coordinator,
        )
    assert callbacks == [] and mailoutbox == []


def test_prepared_decided_and_reported_each_tell_the_next_one(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    make_budget(world.platform, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        intervention = services.create_intervention(
            platform=world.platform,
            year=YEAR,
            enterprises=[world.enterprise_a],
            by=world.manager_a,
            submit=True,
            **{
                "title": "Handledarkurs",
                "purpose": "P",
                "expected_effect": "E",
                "category": "competence",
                "requested_amount": Decimal("5000.00"),
                "starts_on": datetime.date(YEAR, 3, 1),
                "ends_on": datetime.date(YEAR, 4, 1),
            },
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.prepare_intervention(intervention, recommendation="Bifall", by=world.coordinator)
    assert [m.to for m in mailoutbox] == [[world.steering.email]]
    assert mailoutbox[0].subject == "Att besluta: Handledarkurs"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.approve_intervention(
            intervention,
            amount=Decimal("4000.00"),
            agreed_by=[world.steering],
            decided_on=timezone.localdate(),
            by=world.steering,
        )
    # The applicant (who manages the enterprise) once, and the coordinator; not the one who recorded it.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.manager_a.email, world.coordinator.email])
    mail = mailoutbox[0]
    assert decision.reference in mail.subject
    assert "4\u00a0000,00\u00a0kr" in mail.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_intervention(
            intervention,
            done="Kursen hölls",
            people_reached_women=1,
            people_reached_men=2,
            people_reached_other=0,
            assessment="Bra",
            by=world.manager_a,
        )
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]
    assert mailoutbox[0].subject == "Återrapport inkommen: Handledarkurs"


# -- Item 3: a manager submits expenses with receipts; the coordinator approves --------


@pytest.fixture
def approved(world):
    make_budget(world.platform)
    return make_intervention(world, state="approved", requested="10000.00")


def test_a_manager_submits_an_expense_that_counts_only_once_approved(
    client, world, approved, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    url = reverse("interventions-expense", args=[approved.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Skicka in en utgift" in page.content.decode()
    data = {"date": "2026-03-10", "amount": "6 000", "supplier": "Byrån", "invoice_reference": "F-9"}
    # Without the receipt: refused next to the field, the typed values kept.
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["attachment"]
    assert 'value="Byrån"' in response.content.decode()
    # A file that only claims to be a PDF: refused by the house's check.
    response = client.post(url, {**data, "attachment": receipt(content=b"not a pdf")})
    assert response.context["form"].errors["attachment"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "attachment": receipt()})
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.status == ExpenseStatus.SUBMITTED and expense.recorded_by == world.manager_a
    assert services.spent_on(approved) == Decimal("0.00")
    assert services.awaiting_on(approved) == Decimal("6000.00")
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]
    assert mailoutbox[0].subject == "Utgift att godkänna: Handledarkurs"

    # The cap holds with what awaits approval: 6 000 waiting, 5 000 more does not fit in 10 000.
    response = client.post(url, {**data, "amount": "5 000", "attachment": receipt()})
    assert response.status_code == 200 and "4\u00a0000,00\u00a0kr" in str(
        response.context["form"].errors["amount"]
    )

    client.force_login(world.coordinator)
    review = reverse("interventions-expense-review", args=[expense.pk])
    assert client.get(review).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review, {"approve": "1"}).status_code == 302
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED and expense.reviewed_by == world.coordinator
    assert services.spent_on(approved) == Decimal("6000.00")
    assert [m.to for m in mailoutbox] == [[world.manager_a.email]]
    # Twice is refused, not a second approval.
    response = client.post(review, {"approve": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_coordinator_rejects_with_a_reason_and_nothing_is_spent(client, world, approved):
    expense = services.record_expense(
        approved,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("2000.00"),
        supplier="X",
        attachment=receipt(),
        approve=False,
        by=world.manager_a,
    )
    client.force_login(world.coordinator)
    review = reverse("interventions-expense-review", args=[expense.pk])
    response = client.post(review, {"approve": "0", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert client.post(review, {"approve": "0", "reason": "Fel leverantör"}).status_code == 302
    expense.refresh_from_db()
    assert (expense.status, expense.rejection_reason) == (ExpenseStatus.REJECTED, "Fel leverantör")
    assert services.spent_on(approved) == Decimal("0.00")
    summary = services.budget_summary(approved.budget)
    assert summary.total.spent == Decimal("0.00") and summary.total.committed == Decimal("10000.00")
    detail = client.get(approved.get_absolute_url()).content.decode()
    assert "Fel leverantör" in detail


def test_expense_permissions(client, world, approved):
    world.observer_platform = world.platform
    expense = services.record_expense(
        approved,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("100.00"),
        supplier="X",
        attachment=receipt(),
        approve=False,
        by=world.manager_a,
    )
    submit = reverse("interventions-expense", args=[approved.pk])
    review = reverse("interventions-expense-review", args=[expense.pk])
    data = {"date": "2026-03-10", "amount": "100", "supplier": "X", "attachment": receipt()}
    for persona, submit_status, review_status in [
        ("manager_b", 404, 404),  # a manager of another enterprise: not even seen
        ("steering", 403, 403),
        ("observer", 404, 404),
        ("coopted", 404, 404),
        ("outsider", 404, 404),
        ("manager_a", None, 403),  # the manager submits but does not approve
    ]:
        client.force_login(getattr(world, persona))
        if submit_status:
            assert client.post(submit, data).status_code == submit_status, persona
        assert client.post(review, {"approve": "1"}).status_code == review_status, persona
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.SUBMITTED
    assert Expense.objects.count() == 1


def test_a_pending_expense_holds_the_close(world, approved):
    services.record_expense(
        approved,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("100.00"),
        supplier="X",
        attachment=receipt(),
        approve=False,
        by=world.manager_a,
    )
    services.report_intervention(
        approved,
        done="D",
        people_reached_women=0,
        people_reached_men=0,
        people_reached_other=1,
        assessment="A",
        by=world.manager_a,
    )
    with pytest.raises(ValidationError):
        services.close_intervention(approved, by=world.coordinator)
    assert Intervention.objects.get(pk=approved.pk).status == Status.REPORTED


# -- Item 6: a decision at a steering meeting or by circulation, in one register -------


def test_a_decision_at_a_meeting_is_a_paragraph_of_its_minutes_and_shares_the_register(client, world):
    make_budget(world.platform, year=YEAR)
    first = make_intervention(world, state="prepared", year=YEAR, requested="3000.00")
    second = make_intervention(world, state="prepared", year=YEAR, requested="2000.00")
    meeting = make_meeting(world.platform, kind=Kind.STEERING, days=-1)
    # The minutes already hold § 1 of the year.
    meetings_services.add_decision(meeting, by=world.coordinator, text="Dagordningen fastställs.")

    client.force_login(world.steering)
    url = reverse("interventions-decide", args=[first.pk])
    page = client.get(url).content.decode()
    assert meeting.title in page and "Beslutat av" not in page
    response = client.post(
        url, {"outcome": "approved", "basis": "meeting", "meeting": meeting.pk, "amount": "3 000"}
    )
    assert response.status_code == 302, response.context["form"].errors
    decision = Decision.objects.get(intervention=first)
    assert decision.meeting == meeting and decision.reference == f"§ 2/{YEAR}"
    assert decision.minutes_decision.number == 2
    assert (
        "Handledarkurs" in decision.minutes_decision.text
        and "3\u00a0000,00\u00a0kr" in decision.minutes_decision.text
    )
    assert decision.decided_on == timezone.localtime(meeting.starts_at).date()

    # Then the minutes' next §, then one by circulation: one register, no number twice.
    minutes = meetings_services.add_decision(meeting, by=world.coordinator, text="Nästa möte i maj.")
    assert minutes.number == 3
    circulated = services.approve_intervention(
        second,
        amount=Decimal("2000.00"),
        agreed_by=[world.steering],
        decided_on=timezone.localdate(),
        by=world.steering,
    )
    assert circulated.number == 4 and circulated.by_circulation and circulated.meeting is None
    assert meetings_services.add_decision(meeting, by=world.coordinator, text="Övrigt.").number == 5
    numbers = list(
        MinutesDecision.objects.filter(platform=world.platform, year=YEAR).values_list("number", flat=True)
    )
    numbers += [circulated.number]
    assert sorted(numbers) == [1, 2, 3, 4, 5]
    detail = client.get(first.get_absolute_url()).content.decode()
    assert f"§ 2/{YEAR}" in detail


def test_the_meeting_must_be_the_platforms_steering_meeting_with_open_minutes(client, world):
    make_budget(world.platform, year=YEAR)
    intervention = make_intervention(world, state="prepared", year=YEAR)
    network = make_meeting(world.platform, kind=Kind.NETWORK, days=-1)
    other = make_meeting(world.other_platform, kind=Kind.STEERING, days=-1)
    future = make_meeting(world.platform, kind=Kind.STEERING, days=5)
    locked = make_meeting(world.platform, kind=Kind.STEERING, days=-2, locked_at=timezone.now())
    client.force_login(world.steering)
    url = reverse("interventions-decide", args=[intervention.pk])
    for meeting in (network, other, future, locked):
        response = client.post(
            url, {"outcome": "approved", "basis": "meeting", "meeting": meeting.pk, "amount": "1"}
        )
        assert response.status_code == 200 and response.context["form"].errors["meeting"], meeting
        with pytest.raises(ValidationError) as caught:
            services.approve_intervention(
                intervention, amount=Decimal("1.00"), meeting=meeting, by=world.steering
            )
        assert "meeting" in caught.value.message_dict
    assert not Decision.objects.exists() and not MinutesDecision.objects.exists()


def test_a_decision_by_circulation_needs_a_majority_of_the_steering_members(client, world):
    make_budget(world.platform, year=YEAR)
    intervention = make_intervention(world, state="prepared", year=YEAR, requested="1000.00")
    two, three = make_user("steering2"), make_user("steering3")
    make_member(world.platform, two, Role.STEERING)
    make_member(world.platform, three, Role.STEERING)
    client.force_login(world.steering)
    url = reverse("interventions-decide", args=[intervention.pk])
    base = {
        "outcome": "approved",
        "basis": "circulation",
        "amount": "1 000",
        "decided_on": str(timezone.localdate()),
    }
    # One of three is not a majority; a non-member cannot agree; nobody ticked.
    for agreed in ([world.steering.pk], [world.steering.pk, world.coordinator.pk], []):
        response = client.post(url, {**base, "agreed_by": agreed})
        assert response.status_code == 200 and response.context["form"].errors["agreed_by"], agreed
    assert "minst 2" in str(
        client.post(url, {**base, "agreed_by": [world.steering.pk]}).context["form"].errors
    )
    response = client.post(url, {**base, "agreed_by": [world.steering.pk, three.pk]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert set(decision.agreed_by.all()) == {world.steering, three}
    assert decision.by_circulation and three.full_name in decision.decided_by


def test_a_manager_may_not_record_a_decision(client, world):
    make_budget(world.platform, year=YEAR)
    intervention = make_intervention(world, state="prepared", year=YEAR)
    client.force_login(world.manager_a)
    data = {"outcome": "approved", "basis": "circulation", "agreed_by": [world.steering.pk], "amount": "1"}
    assert client.post(reverse("interventions-decide", args=[intervention.pk]), data).status_code == 403


# -- Item 8: no budget for next year yet -----------------------------------------------


def test_applying_against_a_year_without_budget_says_what_to_do(client, world):
    make_budget(world.platform, year=YEAR)
    data = application(enterprises=[world.enterprise_a.pk], year=str(YEAR + 1), submit="1")
    client.force_login(world.manager_a)
    response = client.post(reverse("interventions-create"), data)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["year"])
    assert f"samordnare att öppna budgeten för {YEAR + 1}" in error and str(YEAR) in error
    assert "open-budget" not in response.content.decode()
    assert 'value="Kurs i bokföring"' in response.content.decode()
    assert not Intervention.objects.exists()

    client.force_login(world.coordinator)
    response = client.post(reverse("interventions-create"), data)
    page = response.content.decode()
    create = reverse("interventions-budget-create", args=[world.platform.slug]) + f"?year={YEAR + 1}"
    assert 'id="open-budget"' in page and create in page
    assert f"Öppna budget för {YEAR + 1}" in page


def test_the_coordinator_opens_next_years_budget_early(client, world):
    make_budget(world.platform, year=YEAR)
    budget_page = reverse("interventions-budget", args=[world.platform.slug])
    client.force_login(world.steering)
    assert "open-next-year" not in client.get(budget_page).content.decode()
    client.force_login(world.coordinator)
    page = client.get(budget_page).content.decode()
    assert f"Öppna budget för {YEAR + 1}" in page
    form = client.get(
        reverse("interventions-budget-create", args=[world.platform.slug]) + f"?year={YEAR + 1}"
    )
    assert form.context["form"]["year"].value() == YEAR + 1
    response = client.post(
        reverse("interventions-budget-create", args=[world.platform.slug]),
        {"year": YEAR + 1, "total": "50 000", "funder": "Finsam"},
    )
    assert response.status_code == 302
    assert "open-next-year" not in client.get(budget_page).content.decode()
    # Now the December application for next year goes through.
    client.force_login(world.manager_a)
    data = application(enterprises=[world.enterprise_a.pk], year=str(YEAR + 1), submit="1")
    data.update(starts_on=f"{YEAR + 1}-02-01", ends_on=f"{YEAR + 1}-04-30")
    assert client.post(reverse("interventions-create"), data).status_code == 302
    assert Intervention.objects.get().budget.year == YEAR + 1


def test_the_coordinators_start_page_lists_expenses_to_approve(client, world, approved):
    services.record_expense(
        approved,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("100.00"),
        supplier="X",
        attachment=receipt(),
        approve=False,
        by=world.manager_a,
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("portal-start")).content.decode()
    assert "Utgifter att godkänna" in page and approved.get_absolute_url() in page


def test_the_report_reminder_speaks_the_recipients_language_with_html(world, mailoutbox):
    make_budget(world.platform)
    due = make_intervention(world, state="in_progress", ends_on=datetime.date(2026, 5, 31))
    world.coordinator.language = "en"  # the applicant in make_intervention
    world.coordinator.save()
    mailoutbox.clear()
    assert services.send_report_reminders() == 1
    (mail,) = mailoutbox
    assert mail.subject == "Report due: Handledarkurs"
    assert reverse("interventions-report", args=[due.pk]) in mail.alternatives[0][0]
    assert "2026-05-31" in mail.body
