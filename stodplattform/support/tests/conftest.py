import pytest
from django.core.cache import cache


@pytest.fixture
def cases(world):
    from stodplattform.support.testing import make_cases

    return make_cases(world)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    # The public form counts requests per address in the cache (a database table).
    cache.clear()
    yield
    cache.clear()
