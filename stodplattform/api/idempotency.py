"""``Idempotency-Key`` for every write of the API, in one wrapper around all its operations.

A POST, PUT, PATCH or DELETE under /api/v1/ with the header is run once per key and caller
(the person, whether by token or session): a repeat within a day gets the stored answer
(status, body, content type) with ``Idempotent-Replayed: true`` and changes nothing; the same
key with another request (method, path, body) is refused with 422; a repeat while the first
still runs gets 409 with ``Retry-After: 1`` at once. Only a successful (2xx) answer is kept:
any other changed nothing, so the key may be used again, corrected or not.
"""

import functools
import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from stodplattform.accounts.models import ApiToken
from stodplattform.core import idempotency
from stodplattform.core.middleware import api_error

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Printable ASCII without spaces: what can be sent in a header and logged safely.
VALID_KEY = re.compile(r"[\x21-\x7e]{1,200}")
DOCUMENTED = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique string of 1-200 printable ASCII characters (a UUID, say). A repeat with the "
        "same key within a day gets the first successful answer again and changes nothing; "
        "the same key with another request is 422; a repeat while the first still runs is 409 "
        "with Retry-After."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[\x21-\x7e]+$"},
}


def caller(request):
    """The person a write is made by, as the API's authentication will find them, or None.

    Ninja authenticates inside the operation this wraps: a bearer token is looked up here
    too, and a wrong token (None) is left to the view to refuse.
    """
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return ApiToken.objects.user_for(token.strip())
    return request.user if request.user.is_authenticated else None


def refusal(status: int, message: str, **headers) -> JsonResponse:
    """The API's error shape, with the message on the header's name."""
    response = JsonResponse({"detail": message, "errors": {HEADER: [message]}}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def idempotent(run):
    """Wraps each operation of the API (``api.add_decorator(..., mode="view")``): after ninja
    has matched the method (an undeclared one stays 405), before it authenticates."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITES:
            return run(request, *args, **kwargs)
        if not VALID_KEY.fullmatch(key):
            return refusal(422, _("The Idempotency-Key must be 1–200 printable characters without spaces."))
        user = caller(request)
        if user is None:
            return run(request, *args, **kwargs)  # answered 401
        try:
            body = request.body
        except RequestDataTooBig:
            return api_error(request, 413)
        sent = idempotency.fingerprint(
            request.method, request.get_full_path(), request.content_type or "", body
        )
        claim = idempotency.claim(user=user, key="api:" + key, fingerprint=sent)
        if not claim.won:
            return answer_to_repeat(claim, sent)
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            idempotency.release(claim)
            raise
        if 200 <= response.status_code < 300 and not response.streaming:
            idempotency.finish(
                claim,
                status=response.status_code,
                body=response.content,
                content_type=response.get("Content-Type", ""),
            )
        else:
            idempotency.release(claim)
        return response

    return wrapper


def answer_to_repeat(claim: idempotency.Claim, sent: str):
    """The answer to a key that an earlier request claimed."""
    if not claim.matches(sent):
        return refusal(422, _("This Idempotency-Key was already used for a different request."))
    if claim.running:
        return refusal(
            409,
            _("A request with this Idempotency-Key is still running. Try again in a moment."),
            **{"Retry-After": "1"},
        )
    record = claim.record
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response
