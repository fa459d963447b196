"""Rules written twice, in SQL for lists and in Python for one loaded row, say the same."""

import datetime

import pytest
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise, Status, public_q, review_due_q
from stodplattform.enterprises.testing import make_enterprise

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("reviewed_days_ago", "created_days_ago"),
    [(None, 10), (None, 364), (None, 366), (None, 400), (10, 400), (364, 400), (366, 10), (400, 400)],
)
def test_review_due_in_sql_is_the_property(world, reviewed_days_ago, created_days_ago):
    now = timezone.now()
    enterprise = make_enterprise(world.platform, "Granskas E")
    Enterprise.objects.filter(pk=enterprise.pk).update(
        reviewed_at=None if reviewed_days_ago is None else now - reviewed_days_ago * DAY,
        created_at=now - created_days_ago * DAY,  # never empty in the database
    )
    enterprise.refresh_from_db()
    in_sql = Enterprise.objects.filter(review_due_q(), pk=enterprise.pk).exists()
    assert in_sql == enterprise.review_due


@pytest.mark.parametrize(
    ("is_public", "platform_public", "status"),
    [
        (True, True, Status.ACTIVE),
        (False, True, Status.ACTIVE),
        (True, False, Status.ACTIVE),
        (True, True, Status.IDEA),
    ],
)
def test_public_in_sql_is_is_listed(world, is_public, platform_public, status):
    world.platform.is_public = platform_public
    world.platform.save()
    enterprise = make_enterprise(world.platform, "Listas E", is_public=is_public, status=status)
    in_sql = Enterprise.objects.filter(public_q(), pk=enterprise.pk).exists()
    assert in_sql == enterprise.is_listed
    assert Enterprise.objects.public().filter(pk=enterprise.pk).exists() == enterprise.is_listed
