"""Spreadsheets exported from the admin (CSV and Excel): nothing in them runs as a formula.

Exports of many rows never hold them in memory (resource_export_response): CSV is streamed
row by row while the queryset is read in chunks, Excel is written row by row to a temporary
file (openpyxl's write-only mode) and sent from it.
"""

import csv
import re

# A spreadsheet reads a cell starting with one of these as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Plain signed numbers are harmless and stay as they are (phone numbers start with +).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe (OWASP CSV injection)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_response(dataset, file_format, name):
    """A tablib Dataset as a CSV (UTF-8 with a byte-order mark, for Excel) or XLSX download."""
    from django.http import HttpResponse
    from django.utils import timezone

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if file_format == "xlsx":
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(
            "\ufeff" + dataset.export("csv"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_file(headers, rows, title="Sheet"):
    """An Excel workbook of `rows`, written to a temporary file as they come (openpyxl's
    write-only mode keeps one row in memory, never the sheet); returned rewound, deleted when
    closed. Characters Excel refuses (control characters) become U+FFFD."""
    import tempfile

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
        return value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet")
    sheet.append([cell(value) for value in headers])
    for row in rows:
        sheet.append([cell(value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; FileResponse closes it
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def xlsx_response(headers, rows, filename, title="Sheet"):
    """The workbook of xlsx_file() as a download, sent from its file in blocks."""
    from django.http import FileResponse

    response = FileResponse(
        xlsx_file(headers, rows, title),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    """A file-like object whose write() returns the line: csv.writer as a generator."""

    def write(self, value):
        return value


def streamed_csv(resource, queryset, export_fields, language):
    """An import-export resource's export as CSV lines, reading the queryset in chunks
    (resource.iter_queryset). The response is iterated after the view returned: the
    exporter's language is set again."""
    from django.utils import translation

    writer = csv.writer(_Echo())
    with translation.override(language):
        # A byte order mark, so that spreadsheets read the file as UTF-8.
        yield "\ufeff" + writer.writerow(resource.get_export_headers(selected_fields=export_fields))
        for instance in resource.iter_queryset(queryset):
            yield writer.writerow(resource.export_resource(instance, selected_fields=export_fields))


def resource_export_response(resource, queryset, file_format, filename, title, fields=None):
    """The rows of `queryset` through an import-export resource, as a CSV or XLSX download
    that never holds them all in memory (see the module's doc)."""
    from django.http import StreamingHttpResponse
    from django.utils import translation

    if file_format == "xlsx":
        return xlsx_response(
            resource.get_export_headers(selected_fields=fields),
            (
                resource.export_resource(instance, selected_fields=fields)
                for instance in resource.iter_queryset(queryset)
            ),
            filename,
            title=title,
        )
    response = StreamingHttpResponse(
        streamed_csv(resource, queryset, fields, translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
