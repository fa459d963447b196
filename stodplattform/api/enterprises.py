from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from stodplattform.core.pagecache import cache_public
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.filters import DirectoryFilter
from stodplattform.enterprises.forms import PROFILE_FIELDS, REGISTRY_FIELDS, EnterpriseForm
from stodplattform.enterprises.models import Enterprise, Industry, OpeningException
from stodplattform.enterprises.services import validate_and_save
from stodplattform.platforms.access import coordinated_platforms
from stodplattform.platforms.models import Municipality, Platform

from .auth import PUBLIC, PUBLIC_OPENAPI, SIGNED_IN
from .schemas import (
    MUNICIPALITY_CODE,
    SLUG,
    SLUG_PATH,
    SNI_CODE,
    EnterpriseCreateIn,
    EnterpriseIn,
    EnterpriseInternalOut,
    EnterpriseOut,
    EnterprisePage,
    ErrorOut,
    documented,
    invalid,
)

router = Router(auth=PUBLIC)
PAGE_SIZE = 50


class EnterpriseFilters(Schema):
    # Documented, not enforced here: the directory's filter form checks them all at once.
    q: str = documented(
        "",
        "Words to search for, as people type them: Swedish inflections, letters without accents, "
        "the beginning of a word, small typos and the platforms' synonyms are understood. With q, "
        "the most relevant come first (name, then offers, then description); without, by name. "
        "Only punctuation or symbols: 422.",
        maxLength=100,
    )
    municipality: str = documented("", "SCB municipality code", pattern=f"^({MUNICIPALITY_CODE[1:-1]})?$")
    platform: str = documented("", "Platform slug", pattern=f"^({SLUG[1:-1]})?$", maxLength=80)
    industry: str = documented("", "SNI code", pattern=f"^({SNI_CODE[1:-1]})?$")
    what: str = documented("", "Sells goods or services", enum=["", "goods", "services"])
    buyer: str = documented("", "Sells to", enum=["", "private", "companies", "public"])
    page: int = Field(1, ge=1, description=f"{PAGE_SIZE} per page; past the last page the results are empty")


def _showcase_prefetch():
    upcoming = OpeningException.objects.filter(date__gte=timezone.localdate())
    return ("industries", "offers", "photos", "opening_hours", Prefetch("opening_exceptions", upcoming))


def _base():
    return Enterprise.objects.select_related("platform", "municipality").prefetch_related(
        *_showcase_prefetch()
    )


def _reachable(user):
    return (
        Enterprise.objects.reachable_by(user)
        .select_related("platform", "municipality")
        .prefetch_related(*_showcase_prefetch())
    )


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def enterprise_out(enterprise: Enterprise, internal_ids) -> dict:
    data = {
        "slug": enterprise.slug,
        "name": enterprise.name,
        "url": _absolute(enterprise.get_absolute_url()),
        "org_number": enterprise.org_number,
        "legal_form": enterprise.legal_form,
        "status": enterprise.status,
        "platform": enterprise.platform.slug,
        "municipality": {"code": enterprise.municipality.code, "name": enterprise.municipality.name},
        "street_address": enterprise.street_address,
        "postcode": enterprise.postcode,
        "city": enterprise.city,
        "website": enterprise.website,
        "email": enterprise.email,
        "phone": enterprise.phone,
        "industries": [{"code": i.code, "name": i.display_name} for i in enterprise.industries.all()],
        "offers": [
            {"code": o.code, "name": o.display_name, "category": o.category} for o in enterprise.offers.all()
        ],
        "year_founded": enterprise.year_founded,
        "description": enterprise.description,
        "description_en": enterprise.description_en,
        "goods": enterprise.goods_list,
        "services": enterprise.services_list,
        "sells_to_private": enterprise.sells_to_private,
        "sells_to_public": enterprise.sells_to_public,
        "image_url": _absolute(enterprise.image.url) if enterprise.image else None,
        "image_alt": enterprise.image_alt,
        "sells_to_companies": enterprise.sells_to_companies,
        "contact_name": enterprise.contact_name,
        "contact_role": enterprise.contact_role,
        "social_links": enterprise.social_list,
        "photos": [
            {"url": _absolute(photo.image.url), "description": photo.description}
            for photo in enterprise.photos.all()
        ],
        "opening_hours": [
            {"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in enterprise.opening_hours.all()
        ],
        "opening_exceptions": [
            {
                "date": e.date.isoformat(),
                "closed": e.closed,
                "opens": f"{e.opens:%H:%M}" if e.opens and not e.closed else None,
                "closes": f"{e.closes:%H:%M}" if e.closes and not e.closed else None,
                "note": e.note,
            }
            for e in enterprise.opening_exceptions.all()
        ],
        "last_updated": enterprise.last_updated,
    }
    if enterprise.pk in internal_ids:
        data.update(
            is_public=enterprise.is_public,
            is_listed=enterprise.is_listed,
            is_example=enterprise.is_example,
            created_at=enterprise.created_at,
            updated_at=enterprise.updated_at,
        )
    return data


def _internal_ids(user, enterprises) -> set[int]:
    if not user.is_authenticated:
        return set()
    ids = [e.pk for e in enterprises]
    return set(Enterprise.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@router.get(
    "",
    response={200: EnterprisePage, 401: ErrorOut, 422: ErrorOut},
    summary="List enterprises",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    """The directory with its search and filters, plus hidden enterprises the caller works with."""
    form = DirectoryFilter(filters.model_dump(exclude={"page"}))
    # The directory page offers only choices that have enterprises; the API takes any known
    # code, and the caller's own non-public platforms too.
    form.fields["municipality"].queryset = Municipality.objects.all()
    form.fields["industry"].queryset = Industry.objects.all()
    form.fields["platform"].queryset = Platform.objects.reachable_by(request.user)
    if not form.is_valid():
        return invalid(form)
    # Most relevant first when searching, otherwise by name.
    queryset = form.apply(_reachable(request.user)).ranked()
    paginator = Paginator(queryset, PAGE_SIZE)
    # Past the last page comes an empty page, so that a client reading until it is empty stops;
    # and a huge number never reaches the database as an OFFSET.
    items = list(paginator.page(filters.page).object_list) if filters.page <= paginator.num_pages else []
    internal = _internal_ids(request.user, items)
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [enterprise_out(e, internal) for e in items],
    }


@router.get(
    "/{slug:slug}",
    response={200: EnterpriseInternalOut | EnterpriseOut, 401: ErrorOut, 404: ErrorOut},
    summary="One enterprise",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def get_enterprise(request, slug: str = SLUG_PATH):
    enterprise = get_object_or_404(_reachable(request.user), slug=slug)
    return enterprise_out(enterprise, _internal_ids(request.user, [enterprise]))


def _form_data(enterprise: Enterprise) -> dict:
    """The enterprise as form input: a new one's model defaults, or a saved one's values.

    The payload goes on top, so that a field not sent keeps its value (PATCH) or default (POST).
    """
    relations = {"platform", "municipality", "industries", "offers", "image"}
    data = {
        name: getattr(enterprise, name)
        for name in REGISTRY_FIELDS + PROFILE_FIELDS
        if name not in relations and name in EnterpriseIn.model_fields
    }
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["industries"] = []
    data["offers"] = []
    if enterprise.pk:
        data.update(
            platform=enterprise.platform.slug,
            municipality=enterprise.municipality.code,
            industries=[i.code for i in enterprise.industries.all()],
            offers=[o.code for o in enterprise.offers.all()],
        )
    return data


def _validate_and_save(make_form, *, by):
    """(enterprise, None) once saved, or (None, a 422 Status) for bad input."""
    enterprise, form = validate_and_save(make_form, by=by)
    return (enterprise, None) if enterprise else (None, invalid(form))


@router.post(
    "",
    auth=SIGNED_IN,
    response={
        201: EnterpriseInternalOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Add an enterprise (coordinators)",
)
def create_enterprise(request, payload: EnterpriseCreateIn):
    """New enterprises start as an idea and public, unless `status` and `is_public` say otherwise.

    Send an `Idempotency-Key` so that a retry after a lost answer does not add it twice.
    """
    platforms = coordinated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied(_("Only a platform's coordinator may add enterprises."))
    data = _form_data(Enterprise())
    data.update(payload.model_dump(exclude_none=True))
    if "platform" not in data and platforms.count() == 1:
        data["platform"] = platforms.get().slug
    enterprise, error = _validate_and_save(
        lambda retry, random_slug: EnterpriseForm(data, platforms=platforms, random_slug=random_slug),
        by=request.user,
    )
    if error:
        return error
    return Status(201, enterprise_out(_base().get(pk=enterprise.pk), {enterprise.pk}))


@router.patch(
    "/{slug:slug}",
    auth=SIGNED_IN,
    response={
        200: EnterpriseInternalOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Change an enterprise (its coordinator or manager)",
)
def update_enterprise(request, slug: str = SLUG_PATH, *, payload: EnterpriseIn):
    """Send only the fields that change. Managers may not change platform, slug, status or is_public."""
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("platform", "municipality"), slug=slug
    )
    require(request.user, "enterprises.change_enterprise", enterprise)
    changes = payload.model_dump(exclude_unset=True)
    registry = can(request.user, "enterprises.change_enterprise_registry", enterprise)
    forbidden = sorted(set(changes) & set(REGISTRY_FIELDS)) if not registry else []
    if forbidden:
        raise PermissionDenied(
            _("Only the platform's coordinator may change: %(fields)s.") % {"fields": ", ".join(forbidden)}
        )
    data = _form_data(enterprise)
    data.update({k: ("" if v is None else v) for k, v in changes.items()})
    platforms = coordinated_platforms(request.user)
    saved, error = _validate_and_save(
        # A retry needs a fresh instance: validation put the first attempt's values on this one.
        lambda retry, random_slug: EnterpriseForm(
            data,
            instance=Enterprise.objects.get(pk=enterprise.pk) if retry else enterprise,
            platforms=platforms,
            registry=registry,
            random_slug=random_slug,
        ),
        by=request.user,
    )
    if error:
        return error
    return enterprise_out(_base().get(pk=saved.pk), {saved.pk})
