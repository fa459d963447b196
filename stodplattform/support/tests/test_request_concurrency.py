"""Twenty "Få stöd" requests from one address at the same moment: no more than the limit become cases.

The probe sent 20 at once and 19 became cases: the cache's increment was a read and a
write. Each thread has its own database connection, so the requests really run side by
side; the counter's UPDATE makes them take turns (a row lock on PostgreSQL, the database's
write lock on SQLite).
"""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from stodplattform.support.models import RequestCounter, SupportCase
from stodplattform.support.services import count_request_from

from .test_request import URL, _data

THREADS = 20


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the tests' in-memory SQLite refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_requests_at_once_make_at_most_the_limit(world, settings):
    settings.SUPPORT_REQUESTS_PER_HOUR = 5
    barrier = threading.Barrier(THREADS)
    statuses: list = []
    lock = threading.Lock()

    def send():
        try:
            barrier.wait()
            status = Client().post(URL, _data(), REMOTE_ADDR="198.51.100.20").status_code
        except Exception as error:  # noqa: BLE001 (reported below)
            status = repr(error)
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # 302: the case was made; 200: the form again, with "too many requests".
    assert sorted(statuses, key=str) == [200] * (THREADS - 5) + [302] * 5, statuses
    assert SupportCase.objects.count() == 5
    assert RequestCounter.objects.get(address="198.51.100.20").count == THREADS


def test_the_window_is_an_hour_and_then_the_address_is_forgotten(db):
    assert [count_request_from("192.0.2.1") for _ in range(3)] == [1, 2, 3]
    assert count_request_from("192.0.2.2") == 1
    RequestCounter.objects.filter(address="192.0.2.1").update(
        started_at=timezone.now() - datetime.timedelta(hours=1, seconds=1)
    )
    # A new request from anyone removes the stale row; the next from that address starts again.
    assert count_request_from("192.0.2.2") == 2
    assert not RequestCounter.objects.filter(address="192.0.2.1").exists()
    assert count_request_from("192.0.2.1") == 1
