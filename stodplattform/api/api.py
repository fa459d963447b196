"""The JSON API, /api/v1/. Same access rules as the pages (each app's rules.py and visible_to querysets)."""

import json

from django import forms
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.validators import MinValueValidator, ProhibitNullCharactersValidator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from . import idempotency
from .auth import SIGNED_IN
from .enterprises import router as enterprises_router
from .events import router as events_router
from .financing import router as financing_router
from .meetings import router as meetings_router
from .platforms import router as platforms_router
from .support import router as support_router


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


class NulInText(ValueError):
    """A NUL character in the body's text, which PostgreSQL refuses to store or compare."""


def _texts(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)


class JsonParser(Parser):
    """Strict JSON: no NaN or Infinity, and no lone surrogates or NUL characters that no
    database can store (a NUL byte in a slug looked up was a server error on PostgreSQL)."""

    def parse_body(self, request):
        data = json.loads(request.body, parse_constant=_reject_constant)
        json.dumps(data, ensure_ascii=False).encode()  # UnicodeEncodeError on "\ud800"
        if any("\x00" in text for text in _texts(data)):
            raise NulInText
        return data


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Every write takes an Idempotency-Key (``idempotency.idempotent``, which no view sees),
        and every operation that takes parameters or a body answers ill-typed ones with 422."""
        schema = super().get_openapi_schema(**kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        conflict = error | {"description": "A request with the same Idempotency-Key is still running"}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"].setdefault(422, error | {"description": "Invalid input"})
                if method.upper() in idempotency.WRITES:
                    operation.setdefault("parameters", []).append(idempotency.DOCUMENTED)
                    operation["responses"].setdefault(409, conflict)
                    operation["responses"].setdefault(422, conflict | {"description": "Invalid input"})
        return schema


api = Api(
    title="Stödplattformen API",
    version="1",
    description=(
        "Platforms and the registry of work-integrating social enterprises. "
        "Public fields need no credentials; send `Authorization: Bearer <token>` "
        "(made under Account → API tokens) or use the browser session for the rest. "
        'Errors answer `{"detail": ..., "errors": {field: [messages]}}` in the language '
        "of `Accept-Language` (Swedish or English)."
    ),
    urls_namespace="api",
    parser=JsonParser(),
    # Credentials unless an endpoint says otherwise; this also puts the CSRF token on the docs page.
    auth=SIGNED_IN,
)
# Before the routers: every operation, present and future, is wrapped.
api.add_decorator(idempotency.idempotent, mode="view")
api.add_router("/platforms", platforms_router, tags=["platforms"])
api.add_router("/enterprises", enterprises_router, tags=["enterprises"])
api.add_router("/support", support_router, tags=["support"])
api.add_router("/interventions", "stodplattform.api.interventions.router", tags=["interventions"])
api.add_router("/events", events_router, tags=["events"])
api.add_router("/meetings", meetings_router, tags=["meetings"])
api.add_router("/followup", "stodplattform.api.followup.router", tags=["followup"])
api.add_router("/reporting", "stodplattform.api.reporting.router", tags=["reporting"])
api.add_router("/financing", financing_router, tags=["financing"])
api.add_router("/followup/checks", "stodplattform.api.followup_checks.router", tags=["followup"])


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "filters")]
    return parts[0] if parts else "__all__"


def _message(error) -> str:
    """Django's own message for the kind of error, so that the API and the pages say the same."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return forms.IntegerField.default_error_messages["invalid"]
    if kind == "list_type":
        return forms.ModelMultipleChoiceField.default_error_messages["invalid_list"]
    if kind == "greater_than_equal":
        validator = MinValueValidator(ctx["ge"])
        return validator.message % {"limit_value": validator.limit_value}
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Send a JSON object.")
    if kind in ("literal_error", "enum", "string_pattern_mismatch"):
        # What the form says for an unknown choice or code.
        return forms.ModelChoiceField.default_error_messages["invalid_choice"]
    return _("The value has the wrong type or format.")


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(_message(error))
        field_errors = errors.setdefault(_field(error.get("loc", ())), [])
        if message not in field_errors:
            field_errors.append(message)
    return api.create_response(
        request, {"detail": _("The input is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    # ninja raises a bare AuthenticationError ("Unauthorized") when no credentials came at all.
    detail = exc.message if exc.message != "Unauthorized" else _("Sign in or send an API token.")
    return api.create_response(request, {"detail": str(detail), "errors": {}}, status=401)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request,
        {"detail": str(exc) or _("Your role does not allow this."), "errors": {}},
        status=403,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found."), "errors": {}}, status=404)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return api.create_response(request, {"detail": _("The request is too large."), "errors": {}}, status=413)


@api.exception_handler(HttpError)
def http_error(request, exc):
    detail = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, NulInText):
        # Django's own message for the same in a form (translated by Django).
        errors = {"__all__": [str(ProhibitNullCharactersValidator.message)]}
        return api.create_response(
            request, {"detail": _("The input is not valid."), "errors": errors}, status=422
        )
    if exc.status_code == 400 and exc.__cause__ is not None:
        # ninja's "Cannot parse request body": the body is not JSON, or not UTF-8.
        detail = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=exc.status_code)
