"""Uploads checked by content, and the admin pages staff use to maintain programmes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.models import Document, DocumentKind, Programme
from programmes.validators import validate_document_file
from tests.programmes_data.factories import (
    doc_bytes,
    docx_bytes,
    docx_with,
    form_data,
    make_programmes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
MACRO_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("form.pdf", pdf_bytes()),
        ("form.docx", docx_bytes()),
        ("form.DOCX", docx_bytes(language="ar")),
        ("form.xlsx", xlsx_bytes()),
        ("form.doc", doc_bytes()),
    ],
)
def test_real_documents_are_accepted(settings, name, data):
    settings.PROGRAMME_DOCUMENT_MAX_SIZE = 1024 * 1024
    validate_document_file(upload(name, data))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("setup.pdf", EXECUTABLE, "invalid_content"),
        ("setup.docx", EXECUTABLE, "invalid_content"),
        ("setup.doc", EXECUTABLE, "invalid_content"),
        ("setup.exe", EXECUTABLE, "invalid_extension"),
        ("form.pdf", docx_bytes(), "invalid_content"),
        ("form.docx", pdf_bytes(), "invalid_content"),
        ("form.xlsx", docx_bytes(), "invalid_content"),
        ("archive.docx", zip_bytes({"a.txt": b"hello"}), "invalid_content"),
        ("macro.docx", docx_with({"word/vbaProject.bin": b"\x00" * 64}), "macros"),
        ("macro.docx", docx_with(content_types=MACRO_CONTENT_TYPES), "macros"),
        ("form.docm", docx_bytes(), "invalid_extension"),
        ("empty.pdf", b"", "empty"),
        ("noname", pdf_bytes(), "invalid_extension"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(settings, name, data, code):
    settings.PROGRAMME_DOCUMENT_MAX_SIZE = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload(name, data))
    assert error.value.code == code


def test_oversized_file_is_refused(settings):
    settings.PROGRAMME_DOCUMENT_MAX_SIZE = 2000
    data = pdf_bytes() + b"%" + b"x" * 2000
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload("big.pdf", data))
    assert error.value.code == "too_large"


def test_zip_bomb_is_refused(settings):
    settings.PROGRAMME_DOCUMENT_MAX_UNCOMPRESSED = 1024 * 1024
    bomb = docx_with({"word/media/padding.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(bomb) < 20_000
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload("bomb.docx", bomb))
    assert error.value.code == "too_large_uncompressed"


def test_default_size_limit_is_ten_megabytes(settings):
    assert settings.PROGRAMME_DOCUMENT_MAX_SIZE == 10 * 1024 * 1024


@pytest.fixture
def programme(db, media):
    return make_programmes(1)[0]


def _document_form(programme, kind, **files):
    data = {"programme": programme.pk, "kind": kind.pk}
    return data | files


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This file is not a real PDF document: its content does not match its name."),
        ("fr", "Ce fichier n’est pas un vrai document PDF\u00a0: son contenu ne correspond pas"),
        ("ar", "هذا الملف ليس مستند PDF حقيقيًا"),
    ],
)
def test_admin_refuses_a_renamed_executable_with_a_translated_error(
    admin_client, programme, language, message
):
    kind = DocumentKind.objects.create(slug="tor-courses", name_en="ToR for courses", order=9)
    response = admin_client.post(
        f"/{language}/admin/programmes/document/add/",
        _document_form(programme, kind, file_fr=upload("tor.pdf", EXECUTABLE)),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(kind=kind).exists()


@pytest.mark.django_db
def test_admin_refuses_an_oversized_file(admin_client, programme, settings):
    settings.PROGRAMME_DOCUMENT_MAX_SIZE = 1000
    kind = DocumentKind.objects.create(slug="tor-courses", name_en="ToR for courses", order=9)
    response = admin_client.post(
        "/en/admin/programmes/document/add/",
        _document_form(programme, kind, file_en=upload("tor.pdf", pdf_bytes() + b" " * 1000)),
    )
    assert "the limit is 1000" in response.content.decode()
    assert not Document.objects.filter(kind=kind).exists()


@pytest.mark.django_db
def test_admin_requires_at_least_one_file(admin_client, programme):
    kind = DocumentKind.objects.create(slug="tor-courses", name_en="ToR for courses", order=9)
    response = admin_client.post(
        "/en/admin/programmes/document/add/", _document_form(programme, kind)
    )
    assert "Upload the document in at least one language." in response.content.decode()


@pytest.mark.django_db
def test_admin_accepts_a_valid_upload_and_records_its_size(admin_client, programme, media):
    kind = DocumentKind.objects.create(slug="tor-courses", name_en="ToR for courses", order=9)
    data = docx_bytes("ToR", "ar")
    response = admin_client.post(
        "/en/admin/programmes/document/add/",
        _document_form(programme, kind, file_ar=upload("الشروط.docx", data)),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(kind=kind)
    assert document.file_ar.name == "programmes/documents/programme-00/tor-courses-ar.docx"
    assert document.size_ar == len(data)
    assert (media / document.file_ar.name).read_bytes() == data
    assert document.available_languages() == ["ar"]


@pytest.mark.django_db
def test_same_kind_twice_for_a_programme_is_refused(admin_client, programme):
    kind = DocumentKind.objects.get(slug="questionnaire")
    response = admin_client.post(
        "/en/admin/programmes/document/add/",
        _document_form(programme, kind, file_en=upload("q.pdf", pdf_bytes())),
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


@pytest.mark.django_db
def test_reserved_slug_is_refused():
    programme = Programme(slug="downloads", name_en="x", summary_en="y")
    with pytest.raises(ValidationError) as error:
        programme.full_clean(exclude=["sector"])
    assert "slug" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_programme_admin_pages_work(admin_client, programme, language):
    changelist = admin_client.get(f"/{language}/admin/programmes/programme/")
    assert changelist.status_code == 200
    change = admin_client.get(f"/{language}/admin/programmes/programme/{programme.pk}/change/")
    body = change.content.decode()
    assert change.status_code == 200
    # Tabs per language, subjects and documents inline, one file slot per language.
    assert "tabbed_translation_fields.js" in body
    assert "vendor/jquery-ui/jquery-ui.min.js" in body
    assert "googleapis" not in body
    for field in ("documents-0-file_en", "documents-0-file_ar", "documents-0-file_fr"):
        assert f'name="{field}"' in body
    assert 'name="subjects-0-name_ar"' in body
    assert admin_client.get(f"/{language}/admin/programmes/programme/add/").status_code == 200
    for page in ("document", "documentkind", "sector", "organisation"):
        assert admin_client.get(f"/{language}/admin/programmes/{page}/").status_code == 200


@pytest.mark.django_db
def test_programme_list_shows_missing_languages_and_filters_on_them(admin_client, programme):
    Programme.objects.filter(pk=programme.pk).update(summary_fr="", description_en="About")
    document = programme.documents.first()
    document.file_ar = ""
    document.save()
    other = make_programmes(1, kinds=list(DocumentKind.objects.all()))[0]
    Programme.objects.filter(pk=other.pk).update(slug="complete")

    body = admin_client.get("/en/admin/programmes/programme/").content.decode()
    assert "<strong>Arabic</strong>: description, 1 file" in body
    assert "<strong>French</strong>: short summary, description" in body

    missing_french = admin_client.get("/en/admin/programmes/programme/?missing=fr")
    assert missing_french.context["cl"].result_count == 1
    searched = admin_client.get("/en/admin/programmes/programme/?q=البرنامج")
    assert searched.context["cl"].result_count == 2
    by_sector = admin_client.get(
        f"/en/admin/programmes/programme/?sector__id__exact={programme.sector_id}"
    )
    assert by_sector.context["cl"].result_count == 1


@pytest.mark.django_db
def test_programme_admin_saves_documents_inline(admin_client, programme, media):
    """The change form with its two inlines, as a browser submits it."""
    page = admin_client.get(f"/en/admin/programmes/programme/{programme.pk}/change/")
    data = form_data(page.content.decode())
    # The empty "add another" templates are not submitted by a browser.
    data = {key: value for key, value in data.items() if "__prefix__" not in key}
    prefix = "documents"
    kind = DocumentKind.objects.create(slug="tor-courses", name_en="ToR for courses", order=9)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = total + 1
    data[f"{prefix}-{total}-kind"] = kind.pk
    data[f"{prefix}-{total}-file_fr"] = upload("tor.pdf", pdf_bytes())
    response = admin_client.post(f"/en/admin/programmes/programme/{programme.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert Document.objects.get(programme=programme, kind=kind).available_languages() == ["fr"]


@pytest.mark.django_db(transaction=True)
def test_replaced_and_deleted_files_leave_storage(media):
    programme = make_programmes(1, with_files=True)[0]
    document = programme.documents.first()
    old_name = document.file_fr.name
    assert (media / old_name).exists()

    document.file_fr.save("new.pdf", ContentFile(pdf_bytes("new")), save=False)
    document.save()
    assert not (media / old_name).exists()
    assert (media / document.file_fr.name).read_bytes() == pdf_bytes("new")

    names = [document.file(code).name for code in Document.LANGUAGES]
    document.delete()
    assert not any((media / name).exists() for name in names)
    # The other documents keep their files.
    other = programme.documents.first()
    assert (media / other.file_en.name).exists()


def _add_rows(programme, count):
    start = programme.documents.count()
    for index in range(start, start + count):
        kind = DocumentKind.objects.create(slug=f"kind-{index}", name_en=f"Kind {index}", order=20)
        Document.objects.create(programme=programme, kind=kind, file_en=f"docs/{index}.pdf")
        programme.subjects.create(name_en=f"Subject {index}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_programme_change_page_queries_stay_constant_with_more_inline_rows(
    admin_client, programme, language, django_assert_num_queries
):
    change = f"/{language}/admin/programmes/programme/{programme.pk}/change/"
    admin_client.get(change)  # warm the content-type cache
    # Session, user, programme, partners, the kinds once (for every row and the empty row),
    # subjects, documents with their programme and kind, sectors, organisations, savepoints.
    with django_assert_num_queries(11):
        first = admin_client.get(change)
    _add_rows(programme, 8)
    with django_assert_num_queries(11):
        second = admin_client.get(change)
    assert first.status_code == second.status_code == 200
    body = second.content.decode()
    assert body.count('name="documents-9-kind"') == 1
    # Each row's select still lists every kind, the row's own kind selected.
    assert body.count('<option value="') >= 11 * 11
    kind = DocumentKind.objects.get(slug="kind-9")
    assert f'<option value="{kind.pk}" selected>' in body


@pytest.mark.django_db
def test_programme_change_page_still_refuses_an_unknown_kind(admin_client, programme):
    page = admin_client.get(f"/en/admin/programmes/programme/{programme.pk}/change/")
    data = {k: v for k, v in form_data(page.content.decode()).items() if "__prefix__" not in k}
    data["documents-0-kind"] = "999999"
    response = admin_client.post(f"/en/admin/programmes/programme/{programme.pk}/change/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
