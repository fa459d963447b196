"""An expense's date: within or after its budget's year, and not more than a year ahead."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stodplattform.interventions.models import Expense
from stodplattform.interventions.testing import YEAR, make_budget, make_intervention


@pytest.fixture
def intervention(world):
    make_budget(world.platform)
    return make_intervention(world, state="approved", requested="1000")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("0001-01-01", f"1 januari {YEAR} eller senare"),
        (f"{YEAR - 1}-12-31", f"1 januari {YEAR} eller senare"),
        (
            (timezone.localdate() + datetime.timedelta(days=400)).isoformat(),
            "Ange fakturans eller betalningens",
        ),
    ],
)
def test_an_expense_dated_outside_a_sane_range_is_refused_next_to_the_date(
    client, world, intervention, date, message
):
    client.force_login(world.coordinator)
    data = {"date": date, "amount": "100", "supplier": "Leverantör AB"}
    response = client.post(reverse("interventions-expense", args=[intervention.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["date"])
    assert "Leverantör AB" in response.content.decode()
    assert not Expense.objects.exists()


def test_an_expense_in_the_budget_year_is_recorded(client, world, intervention):
    client.force_login(world.coordinator)
    data = {"date": f"{YEAR}-01-01", "amount": "100", "supplier": "Leverantör AB"}
    assert client.post(reverse("interventions-expense", args=[intervention.pk]), data).status_code == 302
    assert Expense.objects.count() == 1


def test_the_api_refuses_year_0001_with_422(client, world, intervention):
    client.force_login(world.coordinator)
    response = client.post(
        f"/api/v1/interventions/{intervention.pk}/expenses",
        {"date": "0001-01-01", "amount": "100", "supplier": "Leverantör AB"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "date" in response.json()["errors"]
    assert not Expense.objects.exists()
