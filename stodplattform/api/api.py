"""The JSON API, /api/v1/. Same access rules as the pages (stodplattform.core.access)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import token_auth
from .enterprises import router as enterprises_router
from .platforms import router as platforms_router

api = NinjaAPI(
    title="Stödplattformen API",
    version="1",
    description=(
        "Platforms and the registry of work-integrating social enterprises. "
        "Public fields need no credentials; send `Authorization: Bearer <token>` "
        "(made under Account → API tokens) or use the browser session for the rest."
    ),
    urls_namespace="api",
)
api.add_router("/platforms", platforms_router, tags=["platforms"])
api.add_router("/enterprises", enterprises_router, tags=["enterprises"])

del token_auth  # imported so that the scheme is registered before the routers


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return parts[0] if parts else "__all__"


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = _field(error.get("loc", ()))
        if error.get("type") == "missing":
            message = _("This field is required.")
        else:
            message = _("The value has the wrong type or format.")
        errors.setdefault(field, []).append(message)
    return api.create_response(
        request, {"detail": _("The input is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    detail = exc.args[1] if len(exc.args) > 1 else _("Sign in or send an API token.")
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


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc), "errors": {}}, status=exc.status_code)
