"""What every request goes through: a request id and a JSON log line, a 400 for requests
Django cannot parse, and JSON errors for everything under the API's prefix."""

import json
import logging
import re
import time
import uuid

from django.core import signals
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .logs import current_request_id

API_PREFIX = "/api/v1/"
# An id from the proxy is kept only if it cannot smuggle anything into logs or headers.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{8,128}")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

request_log = logging.getLogger("stodplattform.requests")
error_log = logging.getLogger("django.request")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _messages() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Sign in or send an API token."),
        403: _("Your role does not allow this."),
        404: _("Not found."),
        405: _("The method is not allowed here."),
        409: _("The request conflicts with another one in progress. Try again in a moment."),
        413: _("The request is too large."),
        500: _("Something went wrong on our side. Quote request id %(request_id)s when you contact us."),
        503: _("The service is unavailable for a moment. Try again shortly."),
    }


def api_error(request, status: int, detail: str | None = None) -> JsonResponse:
    """The API's documented error shape, in the request's language."""
    messages = _messages()
    if detail is None:
        detail = messages.get(status) or (messages[500] if status >= 500 else messages[400])
        if "%(request_id)s" in detail:
            detail = detail % {"request_id": getattr(request, "request_id", "-")}
    return JsonResponse({"detail": str(detail), "errors": {}}, status=status)


class RequestIdMiddleware:
    """First in the chain: every response gets X-Request-ID and one JSON log line.

    Also answers 400 when the query string or form body cannot be parsed (too many fields):
    Django raises while a view reads request.GET, and its debug page reads it again and fails.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Not reset on the way out: Django logs a failed response after the middleware returns.
        current_request_id.set(request.request_id)
        response = self._unparseable(request) or self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "request_id": request.request_id,
                },
                ensure_ascii=False,
            )
        )
        return response

    def _unparseable(self, request):
        try:
            request.GET  # noqa: B018 -- parsing is the point
            # Pages only: the API reads the raw body, which parsing the form would consume.
            if request.method == "POST" and request.content_type in FORM_TYPES and not is_api(request):
                request.POST  # noqa: B018
        except (TooManyFieldsSent, TooManyFilesSent):
            status = 400
        except RequestDataTooBig:
            status = 413
        else:
            return None
        with translation.override(translation.get_language_from_request(request)):
            if is_api(request):
                return api_error(request, status)
            # The page must not read request.GET again: it is what failed.
            return render(request, "400.html", {"request_id": request.request_id}, status=status)


class ApiErrorMiddleware:
    """Under /api/v1/ every error is JSON: also Django's 404 for an unknown path, a 405, and a 500.

    Sits after LocaleMiddleware, so the messages come in the request's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = api_error(request, response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    def process_exception(self, request, exception):
        if not is_api(request) or isinstance(exception, (Http404, PermissionDenied, SuspiciousOperation)):
            return None  # Django answers 404, 403 or 400, and __call__ turns that into JSON
        # What Django's own handler would do: tell listeners, log with the traceback.
        signals.got_request_exception.send(sender=None, request=request)
        error_log.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return api_error(request, 500)


# Browser features no page of the platform uses, turned off for it and anything it embeds, so a
# script that got in could not reach a camera or a position either. Passkeys (publickey-
# credentials-*) keep their default, the site itself.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """A ``Permissions-Policy`` header on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
