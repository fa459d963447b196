from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema, Status
from pydantic import BaseModel, ConfigDict


class Output(BaseModel):
    """An answer the view builds as a dict: validated by pydantic alone.

    A ninja Schema wraps every object it validates, nested ones too, to read attributes from
    ORM objects; for a page of 50 enterprises with their photos, hours and industries that
    took 18 ms, a fifth of the request.
    """


class MunicipalityOut(Output):
    code: str = Field(description="SCB municipality code, e.g. 2085")
    name: str


class PlatformOut(Output):
    slug: str
    name: str
    operator: str
    funder: str
    contact_email: str
    contact_phone: str
    description: str
    municipalities: list[MunicipalityOut]
    url: str


class IndustryOut(Output):
    code: str = Field(description="SNI 2007 code")
    name: str


class OfferOut(Output):
    code: str = Field(description="Kind of offer, e.g. arbetstraning, stadning")
    name: str
    category: str = Field(description="places (for people) or service", pattern="^(places|service)$")


HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class OpeningHoursOut(Output):
    weekday: int = Field(description="0 Monday … 6 Sunday", ge=0, le=6)
    opens: str = Field(description="HH:MM", pattern=HHMM)
    closes: str = Field(description="HH:MM", pattern=HHMM)


class OpeningExceptionOut(Output):
    date: str = Field(description="YYYY-MM-DD")
    closed: bool
    opens: str | None = Field(description="HH:MM; null when closed")
    closes: str | None = Field(description="HH:MM; null when closed")
    note: str


class PhotoOut(Output):
    url: str
    description: str


class EnterpriseOut(Output):
    slug: str
    name: str
    url: str
    org_number: str
    legal_form: str
    status: str
    platform: str = Field(description="The platform's slug")
    municipality: MunicipalityOut
    street_address: str
    postcode: str
    city: str
    website: str
    email: str
    phone: str
    industries: list[IndustryOut]
    offers: list[OfferOut] = Field(description="What the enterprise offers the public sector")
    year_founded: int | None
    description: str
    description_en: str = Field(description="Optional English text; empty when there is none")
    goods: list[str]
    services: list[str]
    sells_to_private: bool
    sells_to_companies: bool
    sells_to_public: bool
    image_url: str | None
    image_alt: str
    contact_name: str
    contact_role: str
    social_links: list[str]
    photos: list[PhotoOut]
    opening_hours: list[OpeningHoursOut]
    opening_exceptions: list[OpeningExceptionOut] = Field(description="Today's and later ones")
    last_updated: datetime | None


class EnterpriseInternalOut(EnterpriseOut):
    """What members of the platform and the enterprise's managers also see."""

    is_public: bool
    is_listed: bool
    is_example: bool
    created_at: datetime
    updated_at: datetime


# Patterns and enums say in the OpenAPI document what the form accepts, so that a client (or a
# fuzzer) can tell a valid request from an invalid one. They document and do not enforce: the
# form checks every field at once and answers with Django's messages, field by field.
MUNICIPALITY_CODE = r"^[0-9]{4}$"
SNI_CODE = r"^[0-9]{2}(\.[0-9]{1,3})?$"
SLUG = r"^[-a-zA-Z0-9_]+$"
# A filter that may be left out: empty, or a slug (a NUL byte, which PostgreSQL refuses, is a 422).
OPTIONAL_SLUG = r"^[-a-zA-Z0-9_]*$"
STATUSES = ["idea", "startup", "active", "paused", "closed"]
LEGAL_FORMS = ["", "ek", "ab", "svb", "ideell", "stiftelse", "other"]


# Django's slug converter already refuses anything else, with a 404.
SLUG_PATH = Path(..., pattern=SLUG)


def documented(default, description: str | None = None, *, required=False, **schema):
    """A field whose schema says more than pydantic checks. ``required``: the form insists on
    it, so the document shows no default."""

    def extra(field_schema):
        field_schema.update(schema)
        if required:
            field_schema.pop("default", None)

    return Field(default, description=description, json_schema_extra=extra)


def nullable_enum(values):
    return [*values, None]


# A plain pydantic model rather than a ninja Schema: a Schema reads attributes from any
# object, so a body of 42 or [] would pass as an empty object.
class EnterpriseIn(BaseModel):
    """Fields of an enterprise. On PATCH, send only what changes; null empties a field."""

    model_config = ConfigDict(extra="ignore")

    platform: str | None = documented(None, "Platform slug (coordinators only)", pattern=SLUG, maxLength=80)
    slug: str | None = documented(None, "Short name in addresses (coordinators only)", maxLength=80)
    status: str | None = documented(None, "Coordinators only", enum=nullable_enum(STATUSES))
    is_public: bool | None = Field(None, description="Shown in the public directory (coordinators only)")
    name: str | None = documented(None, maxLength=150)
    org_number: str | None = documented(
        None, "NNNNNN-NNNN, with a correct check digit", pattern=r"^(|[0-9]{6}-?[0-9]{4})$"
    )
    legal_form: str | None = documented(None, enum=nullable_enum(LEGAL_FORMS))
    municipality: str | None = documented(None, "SCB municipality code", pattern=MUNICIPALITY_CODE)
    street_address: str | None = documented(None, maxLength=150)
    postcode: str | None = documented(None, "Five digits, e.g. 771 30", pattern=r"^(|[0-9]{3} ?[0-9]{2})$")
    city: str | None = documented(None, maxLength=80)
    website: str | None = None
    email: str | None = None
    phone: str | None = documented(None, "7–15 digits", pattern=r"^[0-9 +()-]*$", maxLength=30)
    industries: list[str] | None = documented(
        None, "SNI codes", items={"type": "string", "pattern": SNI_CODE}
    )
    offers: list[str] | None = documented(
        None,
        "Codes of what the enterprise offers the public sector",
        items={"type": "string", "maxLength": 40},
    )
    year_founded: int | None = documented(None, "Not after this year", minimum=1850)
    description: str | None = documented(None, maxLength=4000)
    description_en: str | None = documented(None, "Optional English text of the description", maxLength=4000)
    offers_goods: str | None = documented(None, "One per line", maxLength=2000)
    offers_services: str | None = documented(None, "One per line", maxLength=2000)
    sells_to_private: bool | None = None
    sells_to_companies: bool | None = None
    sells_to_public: bool | None = None
    image_alt: str | None = documented(None, maxLength=200)
    contact_name: str | None = documented(None, maxLength=100)
    contact_role: str | None = documented(None, maxLength=100)
    social_links: str | None = documented(None, "Web addresses, one per line", maxLength=1000)


class EnterpriseCreateIn(EnterpriseIn):
    """A new enterprise: name and municipality are required, the rest as on PATCH."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"required": ["name", "municipality"]})

    name: str = documented("", required=True, minLength=1, maxLength=150)
    municipality: str = documented("", "SCB municipality code", required=True, pattern=MUNICIPALITY_CODE)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages per field")


class EnterprisePage(Schema):
    count: int
    page: int
    pages: int
    results: list[EnterpriseInternalOut | EnterpriseOut]


# The error statuses of the routers' endpoints, all in the shape of ErrorOut.
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def invalid(source) -> Status:
    """422 in the API's error shape, from a bound form, a Django ValidationError or {field: messages}."""
    if isinstance(source, DjangoValidationError):
        errors = source.message_dict if hasattr(source, "error_dict") else {"__all__": source.messages}
    elif hasattr(source, "errors") and not isinstance(source, dict):
        errors = source.errors
    else:
        errors = source
    messages = {field: [str(m) for m in values] for field, values in errors.items()}
    return Status(422, {"detail": _("The input is not valid."), "errors": messages})
