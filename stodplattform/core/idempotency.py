"""One intent, one effect: an API ``Idempotency-Key`` or a page form's one-time token.

The first request claims (user, key) with an INSERT that the database's unique constraint
lets only one request win, runs the write and stores its answer. A repeat of the key by
the same user within a day is answered from that store instead of writing again. A repeat
that arrives while the first still runs is told so at once (the caller answers 409): no
worker waits for another.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyKey

KEEP_FOR = timedelta(days=1)
# A claim that never finished (its process died mid-request) is given up after this, so that
# the key is not refused for a whole day.
STALE_AFTER = timedelta(seconds=60)


@dataclass
class Claim:
    """The answer to ``claim``: ``won`` to run the write, or the record of the earlier request."""

    record: IdempotencyKey
    won: bool

    @property
    def running(self) -> bool:
        return not self.won and self.record.status is None

    def matches(self, fingerprint: str) -> bool:
        return self.record.fingerprint == fingerprint


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def claim(*, user, key: str, fingerprint: str) -> Claim:
    """Claim ``key`` for ``user``, or the record of whoever claimed it within the day."""
    now = timezone.now()
    mine = IdempotencyKey.objects.filter(user=user, key=key)
    # Without these a key would stay refused until the purge command runs.
    mine.filter(created_at__lt=now - KEEP_FOR).delete()
    mine.filter(status__isnull=True, created_at__lt=now - STALE_AFTER).delete()
    try:
        with transaction.atomic():
            return Claim(IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint), won=True)
    except IntegrityError:
        pass
    record = mine.first()
    if record is None:
        # The first request gave its claim up between our INSERT and this read: try once more.
        return claim(user=user, key=key, fingerprint=fingerprint)
    return Claim(record, won=False)


def finish(won: Claim, *, status: int, body: bytes, content_type: str) -> None:
    """Keep the answer of the write that ``won`` ran, for the repeats."""
    IdempotencyKey.objects.filter(pk=won.record.pk).update(
        status=status, body=body, content_type=content_type
    )


def release(won: Claim) -> None:
    """Forget the claim (the write changed nothing): the same key may be tried again."""
    IdempotencyKey.objects.filter(pk=won.record.pk).delete()


def purge(now=None) -> int:
    """Remove the keys older than a day (``manage.py purge_idempotency_keys``); how many went."""
    now = now or timezone.now()
    return IdempotencyKey.objects.filter(created_at__lt=now - KEEP_FOR).delete()[0]
