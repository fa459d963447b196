"""Helpers for the sustainability check's tests, on top of enterprises.testing.make_world."""

from django.utils import timezone

from stodplattform.followup import checks_services as services
from stodplattform.followup.models import Area

YEAR = timezone.localdate().year - 1


def scores(value=3, comment="Kommentar", **overrides) -> dict:
    """{area: (score, comment)} for every area; overrides by area, e.g. market=(1, "Svag")."""
    found = {area: (value, f"{comment} {area}") for area in Area.values}
    found.update(overrides)
    return found


def make_check(enterprise, *, year=YEAR, by, state="draft", value=3, **overrides):
    """A check brought to ``state`` (draft, submitted, agreed) through the services."""
    check = services.save_check(
        enterprise=enterprise, year=year, scores=scores(value, **overrides), by=by, submit=state != "draft"
    )
    if state == "agreed":
        services.agree_check(check, by=by)
    return check


def form_data(year=YEAR, value="3", **overrides) -> dict:
    data = {"year": str(year)}
    for area in Area.values:
        data[f"score_{area}"] = value
        data[f"comment_{area}"] = f"Kommentar {area}"
    data.update(overrides)
    return data
