from datetime import datetime

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict


class MunicipalityOut(Schema):
    code: str = Field(description="SCB municipality code, e.g. 2085")
    name: str


class PlatformOut(Schema):
    slug: str
    name: str
    operator: str
    funder: str
    contact_email: str
    contact_phone: str
    description: str
    municipalities: list[MunicipalityOut]
    url: str


class IndustryOut(Schema):
    code: str = Field(description="SNI 2007 code")
    name: str


class EnterpriseOut(Schema):
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
    year_founded: int | None
    description: str
    goods: list[str]
    services: list[str]
    sells_to_private: bool
    sells_to_public: bool
    image_url: str | None
    image_alt: str


class EnterpriseInternalOut(EnterpriseOut):
    """What members of the platform and the enterprise's managers also see."""

    is_public: bool
    is_listed: bool
    is_example: bool
    created_at: datetime
    updated_at: datetime


# A plain pydantic model rather than a ninja Schema: a Schema reads attributes from any
# object, so a body of 42 or [] would pass as an empty object.
class EnterpriseIn(BaseModel):
    """Fields of an enterprise. On PATCH, send only what changes; null empties a field."""

    model_config = ConfigDict(extra="ignore")

    platform: str | None = Field(None, description="Platform slug (coordinators only)")
    slug: str | None = Field(None, description="Short name in addresses (coordinators only)")
    status: str | None = Field(
        None, description="idea, startup, active, paused or closed (coordinators only)"
    )
    is_public: bool | None = Field(None, description="Shown in the public directory (coordinators only)")
    name: str | None = None
    org_number: str | None = Field(None, description="NNNNNN-NNNN")
    legal_form: str | None = Field(None, description="ek, ab, svb, ideell, stiftelse or other")
    municipality: str | None = Field(None, description="SCB municipality code")
    street_address: str | None = None
    postcode: str | None = None
    city: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    industries: list[str] | None = Field(None, description="SNI codes")
    year_founded: int | None = None
    description: str | None = None
    offers_goods: str | None = Field(None, description="One per line")
    offers_services: str | None = Field(None, description="One per line")
    sells_to_private: bool | None = None
    sells_to_public: bool | None = None
    image_alt: str | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages per field")


class EnterprisePage(Schema):
    count: int
    page: int
    pages: int
    results: list[EnterpriseInternalOut | EnterpriseOut]
