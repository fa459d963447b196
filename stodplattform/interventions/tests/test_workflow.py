"""The pages of the workflow: a manager applies, the coordinator prepares, the steering group decides,
expenses are recorded, the applicant reports, the coordinator closes; and every kind of bad input."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stodplattform.core.money import sek
from stodplattform.interventions import services
from stodplattform.interventions.models import Budget, Decision, Expense, Intervention, Status
from stodplattform.interventions.testing import make_budget, make_intervention

APPLICATION = {
    "title": "Kurs i bokföring",
    "purpose": "Bättre ordning",
    "expected_effect": "Färre fel",
    "category": "competence",
    "year": "2026",
    "requested_amount": "12 500,50",
    "supplier": "Byrån",
    "starts_on": "2026-03-01",
    "ends_on": "2026-04-30",
}


def decision(world, amount="10 000", outcome="approved", **extra):
    """A decision by circulation that the platform's one steering member agreed to."""
    return {
        "outcome": outcome,
        "basis": "circulation",
        "agreed_by": [world.steering.pk],
        "decided_on": "2026-02-01",
        "amount": amount,
        **extra,
    }


def test_money_is_shown_the_swedish_way():
    assert sek(Decimal("12500")) == "12\u00a0500,00\u00a0kr"
    assert sek(Decimal("0.5")) == "0,50\u00a0kr"
    assert sek(None) == "–"


def test_the_whole_journey(client, world):
    make_budget(world.platform, total="50000")
    client.force_login(world.manager_a)
    data = {**APPLICATION, "enterprises": [world.enterprise_a.pk], "submit": "1"}
    response = client.post(reverse("interventions-create"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    intervention = Intervention.objects.get()
    assert intervention.status == Status.SUBMITTED
    assert intervention.requested_amount == Decimal("12500.50")
    assert intervention.applicant == world.manager_a

    client.force_login(world.coordinator)
    assert (
        client.post(
            reverse("interventions-prepare", args=[intervention.pk]), {"recommendation": "Bifall"}
        ).status_code
        == 302
    )
    client.force_login(world.steering)
    response = client.post(reverse("interventions-decide", args=[intervention.pk]), decision(world, "12 000"))
    assert response.status_code == 302
    first = Decision.objects.get()
    assert (first.reference, first.amount, first.recorded_by) == (
        "§ 1/2026",
        Decimal("12000.00"),
        world.steering,
    )

    client.force_login(world.coordinator)
    expense = {"date": "2026-03-15", "amount": "11 000", "supplier": "Byrån", "invoice_reference": "F-1"}
    assert client.post(reverse("interventions-expense", args=[intervention.pk]), expense).status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == Status.IN_PROGRESS
    # Going over the approved amount needs a new decision.
    response = client.post(
        reverse("interventions-expense", args=[intervention.pk]), {**expense, "amount": "1 000,01"}
    )
    assert response.status_code == 200
    assert "1\u00a0000,00\u00a0kr" in response.content.decode()  # what is left, next to the field
    assert response.context["form"].errors["amount"]
    assert Expense.objects.count() == 1
    response = client.post(
        reverse("interventions-decide", args=[intervention.pk]), decision(world, "12 500,50")
    )
    assert response.status_code == 302
    second = Decision.objects.order_by("number").last()
    assert second.reference == "§ 2/2026" and second.replaces == first
    assert (
        client.post(
            reverse("interventions-expense", args=[intervention.pk]), {**expense, "amount": "1 500,50"}
        ).status_code
        == 302
    )

    client.force_login(world.manager_a)
    report = {
        "done": "Kursen hölls",
        "people_reached_women": "3",
        "people_reached_men": "4",
        "people_reached_other": "0",
        "assessment": "Bra",
    }
    assert client.post(reverse("interventions-report", args=[intervention.pk]), report).status_code == 302
    client.force_login(world.coordinator)
    assert client.post(reverse("interventions-close", args=[intervention.pk])).status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == Status.CLOSED
    summary = services.budget_summary(Budget.objects.get())
    assert (summary.total.spent, summary.total.committed, summary.total.remaining) == (
        Decimal("12500.50"),
        Decimal("0.00"),
        Decimal("37499.50"),
    )
    html = client.get(reverse("interventions-budget", args=[world.platform.slug])).content.decode()
    assert "37\u00a0499,50\u00a0kr" in html
    assert (
        '<option value="2026" selected>2026</option>' in html
    )  # a year is not a number with a thousands space
    # Every step is in the history, with its actor.
    actors = set(LogEntry.objects.values_list("actor__email", flat=True))
    assert {world.manager_a.email, world.coordinator.email, world.steering.email} <= actors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requested_amount", "0"),
        ("requested_amount", "-5"),
        ("requested_amount", "10,001"),
        ("requested_amount", "tio"),
    ],
)
def test_bad_amounts_are_refused_next_to_the_field(client, world, field, value):
    make_budget(world.platform)
    client.force_login(world.coordinator)
    response = client.post(reverse("interventions-create"), {**APPLICATION, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'value="{value}"' in response.content.decode()  # kept what was typed
    assert not Intervention.objects.exists()


def test_a_year_without_a_budget(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("interventions-create"), {**APPLICATION, "year": "2031"})
    assert response.status_code == 200
    assert "2031" in str(response.context["form"].errors["year"])
    assert not Intervention.objects.exists()


def test_a_manager_applies_only_for_their_own_enterprise(client, world):
    make_budget(world.platform)
    client.force_login(world.manager_a)
    response = client.post(
        reverse("interventions-create"), {**APPLICATION, "enterprises": [world.enterprise_b.pk]}
    )
    assert response.status_code == 200 and response.context["form"].errors["enterprises"]
    response = client.post(reverse("interventions-create"), APPLICATION)  # the whole platform
    assert response.status_code == 200 and response.context["form"].errors["enterprises"]
    assert not Intervention.objects.exists()


def test_decision_bad_input(client, world):
    make_budget(world.platform, total="20000")
    intervention = make_intervention(world, state="prepared", requested="15000")
    client.force_login(world.steering)
    url = reverse("interventions-decide", args=[intervention.pk])
    for data, field in [
        (decision(world, "15 000,01"), "amount"),  # above the requested
        (decision(world, ""), "amount"),
        (decision(world, "0"), "amount"),
        (decision(world, None, outcome="rejected", text=""), "text"),
        (
            {
                **decision(
                    world,
                ),
                "decided_on": "2999-01-01",
            },
            "decided_on",
        ),
    ]:
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert response.context["form"].errors[field], data
    assert not Decision.objects.exists()
    # Over the remaining budget: another approval took most of it.
    other = make_intervention(world, state="approved", requested="10000", enterprise=world.enterprise_b)
    response = client.post(url, decision(world, "15 000"))
    assert "10\u00a0000,00\u00a0kr" in str(response.context["form"].errors["amount"])
    assert Decision.objects.filter(intervention=intervention).count() == 0
    assert other.status == Status.APPROVED


def test_a_decision_in_the_wrong_state(client, world):
    make_budget(world.platform)
    intervention = make_intervention(world, state="submitted")
    client.force_login(world.steering)
    response = client.post(
        reverse("interventions-decide", args=[intervention.pk]),
        decision(
            world,
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Decision.objects.exists()


def test_decisions_cannot_be_edited(world):
    make_budget(world.platform)
    intervention = make_intervention(world, state="approved")
    made = Decision.objects.get(intervention=intervention)
    made.amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        made.save()


def test_a_budget_is_not_lowered_below_what_is_held(client, world):
    make_budget(world.platform, total="30000")
    make_intervention(world, state="approved", requested="20000")
    client.force_login(world.coordinator)
    url = reverse("interventions-budget-edit", args=[world.platform.slug, 2026])
    response = client.post(url, {"total": "19 999,99", "funder": "Finsam"})
    assert response.status_code == 200 and response.context["form"].errors["total"]
    assert Budget.objects.get().total == Decimal("30000.00")
    assert client.post(url, {"total": "20 000", "funder": "Finsam"}).status_code == 302
    assert Budget.objects.get().total == Decimal("20000.00")


def test_cancelling_releases_the_commitment_and_keeps_the_history(client, world):
    budget = make_budget(world.platform, total="30000")
    intervention = make_intervention(world, state="approved", requested="20000")
    services.record_expense(
        intervention,
        date=datetime.date(2026, 3, 1),
        amount=Decimal("500"),
        supplier="X",
        by=world.coordinator,
    )
    client.force_login(world.coordinator)
    assert client.post(reverse("interventions-cancel", args=[intervention.pk])).status_code == 302
    summary = services.budget_summary(budget)
    assert (summary.total.committed, summary.total.spent, summary.total.remaining) == (
        Decimal("0.00"),
        Decimal("500.00"),
        Decimal("29500.00"),
    )
    assert client.get(reverse("interventions-detail", args=[intervention.pk])).status_code == 200
    assert LogEntry.objects.get_for_object(intervention).count() >= 5


def test_attachments_are_checked_and_served_only_to_those_who_may(client, world, settings):
    make_budget(world.platform)
    intervention = make_intervention(world, state="submitted")
    client.force_login(world.manager_a)
    url = reverse("interventions-attach", args=[intervention.pk])
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ...", "application/pdf")})
    client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"<html>", "application/pdf")})
    settings.INTERVENTION_ATTACHMENT_MAX_BYTES = 10
    client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 20, "application/pdf")})
    assert not intervention.attachments.exists()
    settings.INTERVENTION_ATTACHMENT_MAX_BYTES = 1000
    client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ok", "application/pdf")})
    attachment = intervention.attachments.get()
    response = client.get(reverse("interventions-attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 ok"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.manager_b)
    assert client.get(reverse("interventions-attachment", args=[attachment.pk])).status_code == 404


def test_an_expense_with_its_invoice(client, world):
    make_budget(world.platform)
    intervention = make_intervention(world, state="approved", requested="1000")
    client.force_login(world.coordinator)
    invoice = SimpleUploadedFile("faktura.pdf", b"%PDF-1.4 invoice", "application/pdf")
    data = {"date": "2026-03-01", "amount": "999,99", "supplier": "X", "attachment": invoice}
    assert client.post(reverse("interventions-expense", args=[intervention.pk]), data).status_code == 302
    expense = Expense.objects.get()
    url = reverse("interventions-expense-file", args=[expense.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 invoice"
    client.force_login(world.manager_a)  # the applicant's enterprise: may see it
    assert client.get(url).status_code == 200
    for persona in (world.manager_b, world.observer, world.outsider):
        client.force_login(persona)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_budget_form_refuses_bad_amounts_and_a_second_budget(client, world):
    make_budget(world.platform)
    client.force_login(world.coordinator)
    url = reverse("interventions-budget-create", args=[world.platform.slug])
    response = client.post(url, {"year": "2026", "total": "1000", "funder": "F"})
    assert response.context["form"].errors["year"]
    response = client.post(
        url, {"year": "2027", "total": "1000", "funder": "F", "category_expert": "1 000,01"}
    )
    assert response.context["form"].errors["total"]
    response = client.post(url, {"year": "2027", "total": "-1", "funder": "F"})
    assert response.context["form"].errors["total"]
    assert Budget.objects.count() == 1
    assert (
        client.post(
            url, {"year": "2027", "total": "1 000", "funder": "F", "category_expert": "600"}
        ).status_code
        == 302
    )


def test_exports(client, world):
    make_budget(world.platform)
    make_intervention(world, state="approved", requested="1234.50")
    client.force_login(world.observer)
    url = reverse("interventions-budget", args=[world.platform.slug])
    csv = b"".join(client.get(url + "?format=csv").streaming_content).decode()
    assert "1234,50" in csv  # a decimal comma, for Swedish Excel
    response = client.get(url + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # The observer sees sums, never the interventions themselves.
    html = client.get(url).content.decode()
    assert "Handledarkurs" not in html and "98\u00a0765,50\u00a0kr" in html
