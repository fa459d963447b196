"""Search at 5 000 enterprises: time and queries per search against the unfiltered directory.

Not part of the suite (the name does not start with test_). Run it on each database:

    .venv/bin/python -m pytest stodplattform/enterprises/tests/bench_search.py -s
    DATABASE_URL=postgres://…/test_x .venv/bin/python -m pytest stodplattform/enterprises/tests/bench_search.py -s
"""

import random
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify

from stodplattform.enterprises import search
from stodplattform.enterprises.models import Enterprise, Status
from stodplattform.enterprises.testing_search import ENTERPRISES, make_search_world

N = 5000
QUERIES = ["möbler", "kafe", "loppis", "hund", "trädgårdskötsel", "snick", "begagnade cyklar", "xyzzy"]


def _measure(client, params, runs=7):
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(reverse("enterprises-directory"), params)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times[1:]) * 1000, len(ctx.captured_queries)


@pytest.mark.django_db
def test_bench_search(client):
    platform, _other = make_search_world()
    rng = random.Random(1)
    municipality = platform.municipalities.first()
    rows = []
    for i in range(N):
        name, _code, description, goods, services, _sni = rng.choice(ENTERPRISES)
        rows.append(
            Enterprise(
                platform=platform,
                name=f"{name} {i}",
                slug=slugify(f"{name}-{i}"),
                municipality=municipality,
                status=Status.ACTIVE,
                description=description,
                offers_goods=goods,
                offers_services=services,
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=500)
    start = time.perf_counter()
    search.rebuild(Enterprise.objects.filter(slug__in=[r.slug for r in rows]))
    indexed = time.perf_counter() - start
    floor, floor_queries = _measure(client, {})
    print(f"\n{connection.vendor}: {N} enterprises indexed in {indexed:.1f} s")
    print(f"{connection.vendor}: unfiltered directory {floor:.1f} ms, {floor_queries} queries")
    for q in QUERIES:
        ms, queries = _measure(client, {"q": q})
        count = Enterprise.objects.public().search(q).count()
        print(
            f"{connection.vendor}: q={q!r:22} {ms:6.1f} ms ({ms / floor:.2f}×), {queries} queries, {count} found"
        )
