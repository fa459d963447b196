"""One way to turn a list into a download: an exporter gives columns and rows.

Every CSV and XLSX cell goes through ``spreadsheet_safe``: text that a spreadsheet would
run as a formula is neutralised here, once, for every list that is exported.
"""

import contextlib
import csv
import fcntl
import hashlib
import io
import os
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Aggregate, Model, TextField
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# OWASP's CSV injection advice: a cell that starts with one of these may be read as a formula
# (or, after a tab or carriage return, as the start of one); a leading ' makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    """A column: ``value(object)`` gives the cell; in a streamed export (``cached_export``)
    ``field`` names what the queryset's ``values_list`` reads, and ``value`` (if any) turns
    that one value into the cell."""

    key: str
    label: str
    value: Callable[[Any], Any] | None = None
    field: str | None = None
    # XLSX only: how numbers show (e.g. '#,##0.00 "kr"') and the column's width in characters.
    number_format: str | None = None
    width: int | None = None


class _Echo:
    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Text that a spreadsheet would take for a formula, prefixed with ' (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value, yes_no):
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = yes_no[0] if value else yes_no[1]
    elif value is None:
        value = ""
    elif not isinstance(value, (int, float, Decimal, str)):
        value = str(value)
    return spreadsheet_safe(value)


def _csv_cell(value, yes_no):
    """A cell as Swedish Excel reads a CSV: decimal comma (the columns are split on ";")."""
    value = _cell(value, yes_no)
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return value


def csv_response(filename: str, columns: list[Column], objects: Iterable) -> StreamingHttpResponse:
    """A UTF-8 CSV (with BOM, so that Excel reads å, ä and ö; ";" between columns and a decimal
    comma, as Swedish Excel expects) streamed row by row."""
    writer = csv.writer(_Echo(), delimiter=";")
    # Translated now: the rows are written after the view has returned.
    header = [str(c.label) for c in columns]
    yes_no = (gettext("Yes"), gettext("No"))

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for obj in objects:
            yield writer.writerow([_csv_cell(c.value(obj), yes_no) for c in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, columns: list[Column], objects: Iterable, *, title: str = ""
) -> HttpResponse:
    """An Excel workbook with one sheet: a bold header row, then one row per object.

    Write-only, so that memory stays flat as rows grow.
    """
    yes_no = (gettext("Yes"), gettext("No"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or filename)[:31])
    _xlsx_widths(sheet, columns)
    sheet.append([_xlsx_header(sheet, str(c.label)) for c in columns])
    for obj in objects:
        sheet.append([_xlsx_value(sheet, c, _cell(c.value(obj), yes_no)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _xlsx_text(value):
    # openpyxl refuses control characters, which a text field may hold; they carry no meaning.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx_widths(sheet, columns):
    for index, column in enumerate(columns, start=1):
        if column.width:
            sheet.column_dimensions[get_column_letter(index)].width = column.width


def _xlsx_value(sheet, column, value):
    value = _xlsx_text(value)
    if column.number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = column.number_format
    return cell


def _xlsx_header(sheet, label):
    cell = WriteOnlyCell(sheet, value=_xlsx_text(spreadsheet_safe(label)))
    cell.font = Font(bold=True)
    return cell


# -- Streamed, cached and conditional exports of long public lists --------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
}
# Bytes gathered before a chunk goes to the client: few writes, flat memory.
CHUNK_BYTES = 64 * 1024
ROWS_PER_FETCH = 2000


class Joined(Aggregate):
    """The texts of a group joined by "; " in the database (one cell per row, no extra query)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '; ' ORDER BY %(expressions)s)"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, '; ')"
        )


def _identity(value):
    return value


def _csv_chunks(columns, rows, header, yes_no):
    convert = [c.value or _identity for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(f(v), yes_no) for f, v in zip(convert, row, strict=True)])
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _json_chunks(columns, rows):
    convert = [(c.key, c.value or _identity) for c in columns]
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    parts, size, count = ['{"results": ['], 0, 0
    for row in rows:
        item = encoder.encode({key: f(v) for (key, f), v in zip(convert, row, strict=True)})
        parts.append(("," if count else "") + item)
        count += 1
        size += len(item)
        if size > CHUNK_BYTES:
            yield "".join(parts).encode()
            parts, size = [], 0
    # The count comes last: it is the number of rows actually sent.
    parts.append(f'], "count": {count}}}')
    yield "".join(parts).encode()


def _xlsx_file(columns, rows, path, title, header, yes_no):
    convert = [c.value or _identity for c in columns]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    _xlsx_widths(sheet, columns)
    sheet.append([_xlsx_header(sheet, label) for label in header])
    for row in rows:
        sheet.append(
            [
                _xlsx_value(sheet, c, _cell(f(v), yes_no))
                for c, f, v in zip(columns, convert, row, strict=True)
            ]
        )
    workbook.save(path)


def _tee(chunks, path):
    """Pass the chunks on and keep them in ``path``; only a complete file is kept."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(partial, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
                yield chunk
        os.replace(partial, path)
        _prune(path.parent, path)
    finally:
        # The client went away (GeneratorExit) or the query failed: nothing half-written stays.
        partial.unlink(missing_ok=True)


def _build_once(path, build):
    """Write ``path`` with ``build(partial)``, once however many ask at the same time.

    An XLSX file can only be sent when it is complete (a zip's directory comes last), and
    building one takes a second or two at national scale: the first request builds it, and
    the others (in any process: an advisory lock on a file beside it) wait for it and send it.
    """
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                return
            partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
            try:
                build(partial)
                os.replace(partial, path)
                _prune(path.parent, path)
            finally:
                partial.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _prune(root, keep):
    """Make room after ``keep`` was written: files older than ``EXPORT_CACHE_SECONDS`` go, then
    the oldest until all fit in ``EXPORT_CACHE_MAX_BYTES``. A file still being sent stays
    readable (it is open) until it is done."""
    limit = time.time() - settings.EXPORT_CACHE_SECONDS
    kept = []
    for entry in os.scandir(root):
        try:
            stat = entry.stat()
            if stat.st_mtime < limit:
                os.unlink(entry.path)  # an old version, or a lock or part file left behind
            elif not entry.name.startswith(".") and entry.path != str(keep):
                kept.append((stat.st_mtime, stat.st_size, entry.path))
        except FileNotFoundError:
            pass  # another process removed it first
    total = sum(size for _mtime, size, _path in kept) + keep.stat().st_size
    for _mtime, size, path in sorted(kept):
        if total <= settings.EXPORT_CACHE_MAX_BYTES:
            break
        with contextlib.suppress(FileNotFoundError):  # another process removed it first
            os.unlink(path)
        total -= size


def validated_filters(form) -> dict[str, str]:
    """The filter form's valid, non-empty values as text: what a kept export is keyed by, so
    that unknown parameters, invalid values and the order of the query string change nothing."""
    form.is_valid()
    found = {}
    for name, value in form.cleaned_data.items():
        if isinstance(value, Model):
            value = value.pk
        if value in (None, "", False, [], ()):
            continue
        text = " ".join(str(value).split())
        if text:
            found[name] = text
    return found


def cached_export(request, *, fmt, filename, columns, queryset, filters, version, modified, title=""):
    """A long public list as CSV, JSON or XLSX: streamed, kept on disk, conditional.

    ``version`` changes whenever the data may have changed (the public pages' generation);
    with the format, the language and ``filters`` (``validated_filters`` of the form that
    narrowed ``queryset``, never the raw query string) it makes the ETag and the file name
    under ``EXPORT_CACHE_ROOT``. A client that has this version gets 304; the first request
    for a version streams rows straight from the database (``values_list`` of the columns'
    fields, fetched in chunks: no model object per row, memory flat as rows grow) and keeps
    the file; later ones are sent from the file without touching the database.
    """
    query = "&".join(f"{k}={v}" for k, v in sorted(filters.items()))
    digest = hashlib.sha256(
        "\x1f".join([version, fmt, filename, translation.get_language() or "", query]).encode()
    ).hexdigest()[:40]
    etag = f'"{digest}"'
    last_modified = int(modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified["Cache-Control"] = "public, no-cache"
        return not_modified
    root = settings.EXPORT_CACHE_ROOT
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{digest}.{fmt}"
    try:
        response = FileResponse(open(path, "rb"), content_type=CONTENT_TYPES[fmt])  # noqa: SIM115 (closed by Django)
        response["X-Cache"] = "hit"
    except FileNotFoundError:
        # Translated now: CSV and JSON rows are written after the view has returned.
        header, yes_no = [str(c.label) for c in columns], (gettext("Yes"), gettext("No"))
        rows = (
            queryset.prefetch_related(None).values_list(*[c.field for c in columns]).iterator(ROWS_PER_FETCH)
        )
        if fmt == "xlsx":
            _build_once(
                path, lambda partial: _xlsx_file(columns, rows, partial, title or filename, header, yes_no)
            )
            response = FileResponse(open(path, "rb"), content_type=CONTENT_TYPES[fmt])  # noqa: SIM115
        else:
            if fmt == "csv":
                chunks = _csv_chunks(columns, rows, header, yes_no)
            else:
                chunks = _json_chunks(columns, rows)
            response = StreamingHttpResponse(_tee(chunks, path), content_type=CONTENT_TYPES[fmt])
        response["X-Cache"] = "miss"
    disposition = "inline" if fmt == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies may keep it, and ask again each time (answered with 304 when unchanged).
    response["Cache-Control"] = "public, no-cache"
    return response
