"""Key figures from a spreadsheet: a coordinator uploads XLSX or CSV with several years' figures.

One row per enterprise and year, the organisation number as the key, one column per figure
(Swedish column names, the template to download gives them all). Every row is checked first and
shown with its errors beside it; nothing is saved until the whole file is valid, and then all of
it is saved in one transaction, with the coordinator as the actor in the audit history.

The rows are read with openpyxl (XLSX) and Python's csv module: tablib is not installed here.
"""

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import load_workbook

from stodplattform.core.audit import acting_as
from stodplattform.core.exports import Column, csv_response, xlsx_response
from stodplattform.core.files import private_storage
from stodplattform.core.forms import StyledFormMixin
from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.lib.orgnr import normalise
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from .models import GENDERS, MONEY_FIELDS, PERSON_COUNTS, FigureStatus, KeyFigures

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
FOLDER = "followup-imports"
SESSION_KEY = "followup_import"

# The template's column names: Swedish, fixed, whatever the page's language.
ORG_NUMBER, YEAR = "Organisationsnummer", "År"
MONEY_COLUMNS = {
    "net_turnover": "Nettoomsättning (kr)",
    "sales_goods_services": "Varav försäljning av varor och tjänster (kr)",
    "sales_public_buyers": "Varav arbetsträning, praktik och daglig verksamhet till offentliga köpare (kr)",
    "grants": "Bidrag och verksamhetsstöd (kr)",
    "result_after_financial_items": "Resultat efter finansiella poster (kr)",
    "wage_bill": "Lönesumma (kr)",
}
FTE_COLUMN = "Anställda i heltidsekvivalenter"
COUNT_COLUMNS = {
    "employees": "Anställda vid årets slut",
    "supported_employees": "Varav med lönebidrag eller annat anställningsstöd",
    "occupied": "Sysselsatta utan anställning",
    "target_group": "Av alla sysselsatta, från målgruppen",
    "supervisors": "Handledare",
    "supervisors_trained": "Varav handledare utbildade under året",
    "ended_work": "Avslutade till arbete",
    "ended_studies": "Avslutade till studier",
    "ended_seeking": "Avslutade till aktivt arbetssökande",
    "ended_other": "Avslutade av annat skäl",
}
GENDER_COLUMNS = {"women": "kvinnor", "men": "män", "other": "annat eller ej angivet"}


def columns() -> list[tuple[str, str]]:
    """(column name, KeyFigures field) in the template's order."""
    found = [(ORG_NUMBER, "org_number"), (YEAR, "year")]
    found += [(MONEY_COLUMNS[name], name) for name in MONEY_FIELDS]
    found.append((FTE_COLUMN, "employees_fte"))
    for name in PERSON_COUNTS:
        found += [(f"{COUNT_COLUMNS[name]}, {GENDER_COLUMNS[g]}", f"{name}_{g}") for g in GENDERS]
    return found


def _key(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


# A column is known by its Swedish name or by the field's own name.
KNOWN = {_key(label): name for label, name in columns()} | {name: name for _label, name in columns()}
LABELS = {name: label for label, name in columns()}


# -- Reading cells -------------------------------------------------------------------

SPACES = re.compile(r"[\s\u00a0\u202f']")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_amount(value, *, places: int) -> Decimal:
    """A number as people write it: "1 250 000,50", "1250000.50", "12 500 kr", or a spreadsheet number."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = SPACES.sub("", str(value)).removesuffix("kr").removesuffix("SEK").replace("\u2212", "-")
        if "," in text and "." in text:
            # The later one is the decimal sign, the other groups thousands.
            thousands = "." if text.rfind(",") > text.rfind(".") else ","
            text = text.replace(thousands, "")
        text = text.replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError
        number = Decimal(text)
    try:
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise ValueError
    except InvalidOperation:
        raise ValueError from None
    return number.quantize(Decimal(1).scaleb(-places))


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# -- Reading the file ------------------------------------------------------------------


class FileError(Exception):
    """The file as a whole cannot be read: the message says why."""


def read_rows(name: str, content: bytes) -> tuple[list, list[tuple[int, list]]]:
    """The header and the (row number, cells) of the first sheet, empty rows left out."""
    ext = Path(name).suffix.lower()
    if ext == ".xlsx":
        if not content.startswith(b"PK\x03\x04"):
            raise FileError(_("The file is not an Excel (XLSX) file."))
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            raw = list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
            book.close()
        except Exception:  # openpyxl raises many kinds for a broken file
            raise FileError(
                _("The Excel file could not be read. Save it again as XLSX and try once more.")
            ) from None
    elif ext == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError(_("Save the CSV file as UTF-8 text and try again.")) from None
        first = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first.count)
        raw = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        raise FileError(_("Upload an Excel (XLSX) or CSV file."))
    rows = [
        (number, list(cells))
        for number, cells in enumerate(raw, start=1)
        if any(not _blank(c) for c in cells)
    ]
    if not rows:
        raise FileError(_("The file is empty."))
    header, data = rows[0][1], rows[1:]
    if len(data) > MAX_ROWS:
        raise FileError(
            _("The file has more than %(limit)s rows: split it into several files.") % {"limit": MAX_ROWS}
        )
    return header, data


# -- Checking the rows -------------------------------------------------------------------


@dataclass
class Row:
    number: int
    org_number: str = ""
    year: int | None = None
    enterprise: Enterprise | None = None
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    existing: KeyFigures | None = None

    @property
    def action(self) -> str:
        return _("replaces the saved figures") if self.existing else _("new")


@dataclass
class Result:
    filename: str
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    saved: int = 0

    @property
    def valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def _header(header, result: Result) -> list[str | None]:
    fields, seen, unknown = [], set(), []
    for cell in header:
        name = KNOWN.get(_key(cell)) if not _blank(cell) else None
        if name is None and not _blank(cell):
            unknown.append(_text(cell))
        if name in seen:
            result.file_errors.append(_("The column “%(column)s” appears twice.") % {"column": _text(cell)})
        seen.add(name)
        fields.append(name)
    if unknown:
        result.file_errors.append(
            _("Unknown columns: %(columns)s. Use the column names of the template.")
            % {"columns": ", ".join(f"“{c}”" for c in unknown)}
        )
    missing = [LABELS[n] for n in ("org_number", "year") if n not in seen]
    if missing:
        result.file_errors.append(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
    result.columns = [LABELS[n] for n in fields if n and n not in ("org_number", "year")]
    return fields


def _named(column: str, message) -> str:
    """A row's error about one column: "Column: message"."""
    return f"{column}: {message}"


def _cell(row: Row, name: str, value):
    label = LABELS[name]
    if name in MONEY_FIELDS or name == "employees_fte":
        if _blank(value):
            return None
        try:
            number = parse_amount(value, places=1 if name == "employees_fte" else 2)
        except ValueError:
            if name == "employees_fte":
                message = _("Write a number with at most one decimal, e.g. 4,5.")
            else:
                message = _("Write an amount in kronor, e.g. 1 250 000,50.")
            row.errors.append(_named(label, message))
            return None
        if number < 0 and name != "result_after_financial_items":
            row.errors.append(_named(label, _("Cannot be negative.")))
        return number
    if _blank(value):
        return 0
    try:
        number = parse_amount(value, places=0)
    except ValueError:
        row.errors.append(_named(label, _("Write a whole number of people.")))
        return 0
    if number < 0:
        row.errors.append(_named(label, _("Cannot be negative.")))
        return 0
    return int(number)


def check_rows(name: str, content: bytes, *, user) -> Result:
    """Read and check every row; nothing is saved. Three queries whatever the number of rows."""
    result = Result(filename=name)
    try:
        header, data = read_rows(name, content)
    except FileError as error:
        result.file_errors.append(str(error))
        return result
    fields = _header(header, result)
    if result.file_errors:
        return result
    if not data:
        result.file_errors.append(_("The file has column names but no rows of figures."))
        return result

    rows = []
    for number, cells in data:
        row = Row(number=number)
        for position, name in enumerate(fields):
            value = cells[position] if position < len(cells) else None
            if name is None:
                continue
            if name == "org_number":
                row.org_number = "" if _blank(value) else _text(value)
            elif name == "year":
                try:
                    row.year = None if _blank(value) else int(parse_amount(value, places=0))
                except ValueError:
                    row.year = None
                    row.errors.append(_named(YEAR, _("Write the year with four digits, e.g. 2025.")))
            else:
                row.values[name] = _cell(row, name, value)
        rows.append(row)

    by_number = {normalise(r.org_number): r for r in rows if normalise(r.org_number)}
    enterprises = {e.org_number: e for e in Enterprise.objects.filter(org_number__in=list(by_number))}
    allowed = None if user.is_superuser else set(access.platforms_with_role(user, {Role.COORDINATOR}))
    existing = {
        (f.enterprise_id, f.year): f
        for f in KeyFigures.objects.filter(
            enterprise__in=list(enterprises.values()), year__in={r.year for r in rows}
        )
    }
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    for row in rows:
        org_number = normalise(row.org_number)
        if not row.org_number:
            row.errors.insert(0, _named(ORG_NUMBER, _("This field is required.")))
        elif org_number is None:
            row.errors.insert(0, _named(ORG_NUMBER, _("Not a valid organisation number (NNNNNN-NNNN).")))
        elif org_number not in enterprises:
            row.errors.insert(
                0, _("No enterprise has organisation number %(number)s.") % {"number": org_number}
            )
        elif allowed is not None and enterprises[org_number].platform_id not in allowed:
            row.errors.insert(
                0,
                _("Organisation number %(number)s belongs to an enterprise outside your platforms.")
                % {"number": org_number},
            )
        else:
            row.enterprise = enterprises[org_number]
        if row.year is None and not any(e.startswith(YEAR) for e in row.errors):
            row.errors.append(_named(YEAR, _("This field is required.")))
        elif row.year is not None:
            if row.year > today.year:
                row.errors.append(_named(YEAR, _("The year cannot be in the future.")))
            elif row.year < 2000:
                row.errors.append(_named(YEAR, _("Enter a year from 2000 on.")))
            elif row.enterprise and row.enterprise.year_founded and row.year < row.enterprise.year_founded:
                row.errors.append(
                    f"{YEAR}: "
                    + _("The enterprise was founded in %(founded)s: choose that year or later.")
                    % {"founded": row.enterprise.year_founded}
                )
        key = (org_number, row.year)
        if org_number and row.year is not None:
            if key in seen:
                row.errors.append(
                    _("The same enterprise and year as row %(row)s: give each year once.")
                    % {"row": seen[key]}
                )
            else:
                seen[key] = row.number
        if row.enterprise and row.year is not None:
            row.existing = existing.get((row.enterprise.pk, row.year))
            if row.existing and row.existing.is_checked:
                row.errors.append(
                    _(
                        "The figures for %(year)s have been checked: the coordinator reopens them before they can change."
                    )
                    % {"year": row.year}
                )
        if not row.errors and row.enterprise:
            _check_model(row)
    result.rows = rows
    return result


def _instance(row: Row) -> KeyFigures:
    figures = row.existing or KeyFigures(enterprise=row.enterprise, year=row.year)
    for name, value in row.values.items():
        setattr(figures, name, value)
    return figures


def _check_model(row: Row) -> None:
    """The model's own rules: parts not larger than their totals, and the fields' limits."""
    try:
        _instance(row).full_clean(
            exclude=["enterprise", "submitted_by", "checked_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages_ in error.message_dict.items():
            label = LABELS.get(name, "")
            for message in messages_:
                row.errors.append(f"{label}: {message}" if label else message)


def import_key_figures(*, name: str, content: bytes, by) -> Result:
    """Check the file again and, if every row is valid, save all of it in one transaction."""
    with transaction.atomic():
        result = check_rows(name, content, user=by)
        if not result.valid:
            return result
        now = timezone.now()
        with acting_as(by):
            for row in result.rows:
                figures = _instance(row)
                if figures.status == FigureStatus.DRAFT or not figures.pk:
                    figures.status = FigureStatus.SUBMITTED
                    figures.submitted_by, figures.submitted_at = by, now
                figures.save()
        result.saved = len(result.rows)
    return result


# -- Pages ---------------------------------------------------------------------------------


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        help_text=gettext_lazy("One row per enterprise and year, with the template's column names."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Upload an Excel (XLSX) or CSV file."), code="type")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(MAX_BYTES)},
                code="too_large",
            )
        return upload


def _forget(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        private_storage().delete(stored["path"])


@login_required
def upload(request):
    """Upload a file and see every row checked; a valid file is kept aside until it is saved."""
    require(request.user, "followup.import_key_figures")
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload_ = form.cleaned_data["file"]
        content = upload_.read()
        result = check_rows(upload_.name, content, user=request.user)
        _forget(request)
        if result.valid:
            path = private_storage().save(
                f"{FOLDER}/{uuid.uuid4().hex}{Path(upload_.name).suffix.lower()}", io.BytesIO(content)
            )
            request.session[SESSION_KEY] = {"path": path, "name": upload_.name}
    return render(request, "followup/import/upload.html", {"form": form, "result": result})


@login_required
@require_POST
def save(request):
    require(request.user, "followup.import_key_figures")
    stored = request.session.get(SESSION_KEY)
    if not stored or not private_storage().exists(stored["path"]):
        messages.error(request, _("Upload the file again: it was not kept."))
        return redirect("followup-import")
    with private_storage().open(stored["path"], "rb") as handle:
        content = handle.read()
    result = import_key_figures(name=stored["name"], content=content, by=request.user)
    if not result.valid:
        # Something changed since the preview (a year was checked meanwhile): show why.
        _forget(request)
        return render(
            request, "followup/import/upload.html", {"form": UploadForm(), "result": result}, status=200
        )
    _forget(request)
    messages.success(
        request,
        _("%(count)s rows of key figures were saved from %(name)s.")
        % {"count": result.saved, "name": stored["name"]},
    )
    return redirect("followup-import")


@login_required
def template(request):
    """The empty template with every column, as XLSX (default) or CSV (semicolons, UTF-8 with BOM)."""
    require(request.user, "followup.import_key_figures")
    # Through the shared renderers: the header row alone, as every other export writes it.
    header = [Column(name, label) for label, name in columns()]
    if request.GET.get("format") == "csv":
        return csv_response("nyckeltal-mall", header, [])
    return xlsx_response("nyckeltal-mall", header, [], title="Nyckeltal")
