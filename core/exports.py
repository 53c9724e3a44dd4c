"""Spreadsheets exported from the admin (CSV and Excel): nothing in them runs as a formula."""

import re

# A spreadsheet reads a cell starting with one of these as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Plain signed numbers are harmless and stay as they are (phone numbers start with +).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


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
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            "\ufeff" + dataset.export("csv"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response
