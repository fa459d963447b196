"""Many approvals at the same moment against the last kronor: the year is never over-committed.

Each thread has its own database connection (Django gives every thread its own), so the
approvals really run side by side; the row lock on the budget makes them take turns.
"""

import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from stodplattform.interventions import services
from stodplattform.interventions.models import Budget, Decision, Status
from stodplattform.interventions.testing import make_budget, make_intervention

THREADS = 12


# Skipped before any database set-up on SQLite; on PostgreSQL, transactional with the migrated rows
# restored afterwards (as the browser tests are), so that the tests after it find them.
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, so there is no race to test",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_approvals_never_pass_the_budget(world):
    assert connection.vendor == "postgresql"
    budget = make_budget(world.platform, total="10000.00")
    make_intervention(world, state="approved", requested="9000.00")
    # 1 000 kr left; each of 12 wants 300 kr: three fit, with 100 kr to spare.
    racers = [make_intervention(world, state="prepared", requested="300.00") for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(intervention):
        try:
            barrier.wait()
            services.approve_intervention(
                intervention,
                amount=Decimal("300.00"),
                decided_on=datetime.date(2026, 2, 1),
                agreed_by=[world.steering],
                by=world.steering,
            )
            result = "approved"
        except ValidationError:
            result = "refused"
        except Exception as error:  # noqa: BLE001 (reported below)
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve, args=(i,)) for i in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["approved"] * 3 + ["refused"] * (THREADS - 3), outcomes
    summary = services.budget_summary(Budget.objects.get(pk=budget.pk))
    assert summary.total.committed == Decimal("9900.00")
    assert summary.total.remaining == Decimal("100.00")
    assert services.reserved_total(budget) <= budget.total
    # The numbering took turns too: 1..4 without gaps or doubles.
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert sum(1 for i in racers if type(i).objects.get(pk=i.pk).status == Status.APPROVED) == 3


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, so there is no race to test",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_creations_of_one_budget_make_one_and_answer_the_rest_clearly(world):
    """The probe: 20 creations of the same year's budget at once gave 5 server errors."""
    threads_count = 20
    clients = []
    for _ in range(threads_count):
        client = Client()
        client.force_login(world.coordinator)
        clients.append(client)
    body = json.dumps({"platform": world.platform.slug, "year": 2031, "total": "50000", "funder": "Finsam"})
    barrier = threading.Barrier(threads_count)
    answers: list = []
    lock = threading.Lock()

    def create(client):
        try:
            barrier.wait()
            response = client.post("/api/v1/interventions/budgets", body, content_type="application/json")
            answer = (response.status_code, response.json().get("errors", {}))
        except Exception as error:  # noqa: BLE001 (reported below)
            answer = (repr(error), {})
        finally:
            connections.close_all()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=create, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(status for status, _errors in answers) == [201] + [422] * (threads_count - 1), answers
    refused = [errors for status, errors in answers if status == 422]
    assert all(errors == {"year": ["Stödplattformen har redan en budget för 2031."]} for errors in refused)
    assert Budget.objects.filter(platform=world.platform, year=2031).count() == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, so there is no race to test",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_minutes_and_interventions_never_share_a_paragraph(world):
    """One register: § numbers taken at once by the minutes, by decisions at a meeting and by
    decisions by circulation are each given once, without gaps."""
    from django.utils import timezone

    from stodplattform.meetings import services as meetings_services
    from stodplattform.meetings.models import Decision as MinutesDecision
    from stodplattform.meetings.models import Kind
    from stodplattform.meetings.testing import make_meeting

    year = timezone.localdate().year
    make_budget(world.platform, year=year, total="100000.00")
    meeting = make_meeting(world.platform, kind=Kind.STEERING, days=-1)
    prepared = [make_intervention(world, state="prepared", requested="100.00", year=year) for _ in range(8)]
    jobs = (
        [("minutes", None)] * 4
        + [("meeting", i) for i in prepared[:4]]
        + [("circulation", i) for i in prepared[4:]]
    )
    barrier = threading.Barrier(len(jobs))
    errors: list[str] = []
    lock = threading.Lock()

    def run(kind, intervention):
        try:
            barrier.wait()
            if kind == "minutes":
                meetings_services.add_decision(meeting, by=world.coordinator, text="Protokollfört.")
            elif kind == "meeting":
                services.approve_intervention(
                    intervention, amount=Decimal("100.00"), meeting=meeting, by=world.steering
                )
            else:
                services.approve_intervention(
                    intervention,
                    amount=Decimal("100.00"),
                    agreed_by=[world.steering],
                    decided_on=timezone.localdate(),
                    by=world.steering,
                )
        except Exception as error:  # noqa: BLE001 (reported below)
            with lock:
                errors.append(f"{kind}: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    minutes = set(
        MinutesDecision.objects.filter(platform=world.platform, year=year).values_list("number", flat=True)
    )
    circulated = set(
        Decision.objects.filter(platform=world.platform, year=year, meeting=None).values_list(
            "number", flat=True
        )
    )
    assert not minutes & circulated
    assert sorted(minutes | circulated) == list(range(1, len(jobs) + 1))
