"""The permission matrix of reporting: (persona, page or download) → status, on both platforms,
and what the protected audiences (steering members, observers) may never receive: a count of
people below the threshold, or a person's name."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stodplattform.platforms.models import Region, RegionalRole
from stodplattform.platforms.testing import make_platform, make_user
from stodplattform.reporting.figures import SENSITIVE
from stodplattform.reporting.testing import YEAR, make_activity

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "regional",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]

# Members of platform A whose role is too low (co-opted, managers): 403.
FIGURES_A = {
    "coordinator": 200,
    "steering": 200,
    "observer": 200,
    "regional": 200,
    "superuser": 200,
    "coopted": 403,
    "manager_a": 403,
    "manager_b": 403,
    "default": 404,
}
# Platform B: its coordinator (the outsider), the regional observer (Dalarna holds both).
FIGURES_B = {"outsider": 200, "regional": 200, "superuser": 200, "default": 404}
ENTERPRISE_A = {"coordinator": 200, "manager_a": 200, "superuser": 200, "steering": 403, "default": 404}

# The report to the funder: the platform's coordinators; other members of A 403.
REPORT_A = {"coordinator": 200, "superuser": 200, "default": 403, "outsider": 404, "regional": 403}

COUNTY = {"regional": 200, "superuser": 200, "default": 404}

# Public statistics: everyone, signed in or not; a platform that is not public: 404 for all.
PUBLIC = {"default": 200}
NOT_PUBLIC = {"default": 404}

MATRIX = {
    "api_figures_a": FIGURES_A,
    "api_figures_b": FIGURES_B,
    "api_report_a": REPORT_A,
    "api_county": COUNTY,
    "county": COUNTY,
    "county_csv": COUNTY,
    "county_xlsx": COUNTY,
    "report_a": REPORT_A,
    "report_a_pdf": REPORT_A,
    "report_a_xlsx": REPORT_A,
    "report_b": {"outsider": 200, "superuser": 200, "regional": 403, "default": 404},
    "dashboard_a": FIGURES_A,
    "dashboard_a_csv": FIGURES_A,
    "dashboard_a_xlsx": FIGURES_A,
    "dashboard_a_half": FIGURES_A,
    "dashboard_b": FIGURES_B,
    "enterprise_a": ENTERPRISE_A,
    "enterprise_other": {"outsider": 200, "superuser": 200, "default": 404},
    "public_a": PUBLIC,
    "public_a_csv": PUBLIC,
    "public_a_json": PUBLIC,
    "public_region": PUBLIC,
    "public_region_csv": PUBLIC,
    "public_region_json": PUBLIC,
    "public_not_public": NOT_PUBLIC,
    "public_not_public_json": NOT_PUBLIC,
    "public_region_unknown": NOT_PUBLIC,
}


@pytest.fixture
def scene(world):
    make_activity(world)
    world.regional = make_user("regional.observer")
    RegionalRole.objects.create(
        region=Region.objects.get(code="20"), user=world.regional, role=RegionalRole.Kind.OBSERVER
    )
    world.not_public = make_platform("Intern plattform", "intern", "2085", is_public=False)
    return world


def _url(world, page):
    a, b = world.platform.slug, world.other_platform.slug
    return {
        "api_figures_a": f"/api/v1/reporting/platforms/{a}/figures?year={YEAR}",
        "api_figures_b": f"/api/v1/reporting/platforms/{b}/figures?year={YEAR}",
        "api_report_a": f"/api/v1/reporting/platforms/{a}/report?year={YEAR}",
        "api_county": f"/api/v1/reporting/regions/20/figures?year={YEAR}",
        "county": reverse("reporting-county", args=["20"]) + f"?year={YEAR}",
        "county_csv": reverse("reporting-county", args=["20"]) + f"?year={YEAR}&format=csv",
        "county_xlsx": reverse("reporting-county", args=["20"]) + f"?year={YEAR}&format=xlsx",
        "report_a": reverse("reporting-report", args=[a]) + f"?year={YEAR}",
        "report_a_pdf": reverse("reporting-report", args=[a]) + f"?year={YEAR}&format=pdf",
        "report_a_xlsx": reverse("reporting-report", args=[a]) + f"?year={YEAR}&half=1&format=xlsx",
        "report_b": reverse("reporting-report", args=[b]),
        "dashboard_a": reverse("reporting-dashboard", args=[a]) + f"?year={YEAR}",
        "dashboard_a_csv": reverse("reporting-dashboard", args=[a]) + f"?year={YEAR}&format=csv",
        "dashboard_a_xlsx": reverse("reporting-dashboard", args=[a]) + f"?year={YEAR}&format=xlsx",
        "dashboard_a_half": reverse("reporting-dashboard", args=[a]) + f"?year={YEAR}&half=1",
        "dashboard_b": reverse("reporting-dashboard", args=[b]),
        "enterprise_a": reverse("reporting-enterprise", args=[world.enterprise_a.slug]),
        "enterprise_other": reverse("reporting-enterprise", args=[world.other_enterprise.slug]),
        "public_a": reverse("reporting-public-platform", args=[a]) + f"?year={YEAR}",
        "public_a_csv": reverse("reporting-public-platform", args=[a]) + f"?year={YEAR}&format=csv",
        "public_a_json": reverse("reporting-public-platform", args=[a]) + f"?year={YEAR}&format=json",
        "public_region": reverse("reporting-public-region", args=["20"]) + f"?year={YEAR}",
        "public_region_csv": reverse("reporting-public-region", args=["20"]) + f"?year={YEAR}&format=csv",
        "public_region_json": reverse("reporting-public-region", args=["20"]) + f"?year={YEAR}&format=json",
        "public_not_public": reverse("reporting-public-platform", args=["intern"]),
        "public_not_public_json": reverse("reporting-public-platform", args=["intern"]) + "?format=json",
        "public_region_unknown": reverse("reporting-public-region", args=["99"]),
    }[page]


def _client(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


@pytest.mark.parametrize("page", list(MATRIX))
def test_matrix(scene, page):
    url = _url(scene, page)
    expected = MATRIX[page]
    wrong = {}
    for persona in PERSONAS:
        status = _client(scene, persona).get(url).status_code
        anonymous = 401 if page.startswith("api_") else 302
        signed_in_only = persona == "anonymous" and not page.startswith("public_")
        want = anonymous if signed_in_only else expected.get(persona, expected["default"])
        if status != want:
            wrong[persona] = (status, want)
    assert not wrong, f"{url}: persona → (got, expected) {wrong}"


NAMES = [
    "Manager A",
    "Manager B",
    "Coopted",
    "Deltagare Nummer",
    "@example.org",
    "manager.a@",
    "manager.b@",
    "coopted@",
    "coordinator@",
]


def _small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 5


@pytest.mark.parametrize("persona", ["steering", "observer", "regional"])
def test_protected_audiences_never_receive_small_counts_or_names(scene, persona):
    client = _client(scene, persona)
    for page in MATRIX:
        response = client.get(_url(scene, page))
        if response.status_code != 200:
            continue
        body = response.content
        if page.endswith("xlsx"):
            book = load_workbook(io.BytesIO(body))
            text = " ".join(
                str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None
            )
            board = client.get(_url(scene, "dashboard_a")).context["board"]
            sensitive = [t.title for t in board.tables if t.unit in SENSITIVE]
            for ws in book:
                title = ws.cell(row=2, column=1).value
                if title not in sensitive:
                    continue
                table = next(t for t in board.tables if t.title == title)
                plain = {
                    i + 2 for i, (key, _l) in enumerate(table.columns) if key in table.table.plain_columns
                }
                for row in ws.iter_rows(min_row=4):
                    for cell in row[1:]:
                        assert cell.column in plain or not _small(cell.value), (
                            title,
                            cell.coordinate,
                            cell.value,
                        )
        elif page.startswith("api_"):
            text = body.decode("utf-8")
            data = json.loads(text)
            for table in data["tables"] + data.get("last_year", []):
                if table["unit"] not in SENSITIVE:
                    continue
                cells = [c for row in table["rows"] for c in [*row["cells"], row["total"]] if c]
                cells += [c for c in (table["column_totals"] or []) + [table["total"]] if c]
                plain = table["key"] in ("meetings", "events")
                for cell in cells:
                    assert plain or not _small(cell["value"]), (page, table["title"], cell)
        else:
            text = body.decode("utf-8")
            if "board" in (response.context or {}) and response.context["board"] is not None:
                for table in response.context["board"].tables:
                    if table.unit not in SENSITIVE:
                        continue
                    plain = [key in table.table.plain_columns for key, _l in table.columns]
                    for _k, _label, cells, total in table.rows:
                        for cell, is_plain in zip(cells, plain, strict=True):
                            assert is_plain or not _small(cell.value), (table.title, cell)
                        assert total is None or not _small(total.value)
            for shown, rows in (response.context or {}).get("pairs") or []:
                if shown.unit in SENSITIVE:
                    for _label, cells, totals in rows:
                        for now, before in [*cells, totals]:
                            assert not _small(now.value) and not _small(before.value), (
                                shown.title,
                                now,
                                before,
                            )
        own = getattr(scene, persona)
        for name in NAMES:
            assert name not in text.replace(own.email, ""), (page, name)


def test_coordinator_of_b_sees_exact_counts_of_b_only(scene):
    client = _client(scene, "outsider")
    response = client.get(_url(scene, "dashboard_b") + f"?year={YEAR}")
    assert response.context["board"].audience.exact
    assert client.get(_url(scene, "dashboard_a")).status_code == 404
