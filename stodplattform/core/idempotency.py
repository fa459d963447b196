"""Run a write once per intent: an API ``Idempotency-Key`` or a page form's one-time token.

The first request claims (user, key) with an INSERT that the database's unique constraint
lets only one request win; it runs the write and stores its response. A repeat of the key
by the same user within a day gets that response again instead of a second record; a
repeat that arrives while the first still runs waits for it.
"""

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyKey

KEEP_FOR = timedelta(days=1)
# A claim that never finished (its process died) is given up after this.
STALE_AFTER = timedelta(seconds=60)
WAIT_SECONDS = 10.0


@dataclass
class Outcome:
    status: int
    body: Any
    keep: bool = True  # False: forget the key, so that the same intent may be tried again
    replayed: bool = False


class KeyReused(Exception):
    """The key came before with a different request."""


class StillRunning(Exception):
    """The first request with this key has not finished within the wait."""


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def run_once(*, user, key: str, fingerprint: str, action: Callable[[], Outcome]) -> Outcome:
    now = timezone.now()
    if random.random() < 0.01:  # keeps the table small without a scheduled job
        IdempotencyKey.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    mine = IdempotencyKey.objects.filter(user=user, key=key)
    mine.filter(created_at__lt=now - KEEP_FOR).delete()
    mine.filter(status__isnull=True, created_at__lt=now - STALE_AFTER).delete()
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        return _replay(user=user, key=key, fingerprint=fingerprint)
    try:
        outcome = action()
    except BaseException:
        IdempotencyKey.objects.filter(pk=claim.pk).delete()
        raise
    if outcome.keep:
        IdempotencyKey.objects.filter(pk=claim.pk).update(status=outcome.status, response=outcome.body)
    else:
        IdempotencyKey.objects.filter(pk=claim.pk).delete()
    return outcome


def _replay(*, user, key, fingerprint) -> Outcome:
    deadline = time.monotonic() + WAIT_SECONDS
    pause = 0.02
    while True:
        record = IdempotencyKey.objects.filter(user=user, key=key).first()
        if record is None:
            # The first request failed and gave its claim up: this one may try.
            raise StillRunning
        if record.fingerprint != fingerprint:
            raise KeyReused
        if record.status is not None:
            return Outcome(record.status, record.response, replayed=True)
        if time.monotonic() > deadline:
            raise StillRunning
        time.sleep(pause)
        pause = min(pause * 2, 0.25)
