"""Document downloads: bytes and headers, bad input, missing files, ZIPs, the exact counter."""

import datetime
import io
import threading
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from programmes.demo import DOCUMENT_KINDS, sample_file
from programmes.models import Document, Programme
from tests.programmes_data.factories import make_programmes

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KINDS = [slug for slug, *_rest in DOCUMENT_KINDS]
KIND_NAMES = {
    slug: dict(zip(("en", "ar", "fr"), names, strict=True)) for slug, _c, *names in DOCUMENT_KINDS
}


def download_url(slug, kind, language, page_language="en"):
    with translation.override(page_language):
        return reverse(
            "programmes:download", kwargs={"slug": slug, "kind": kind, "language": language}
        )


def body_of(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back (files removed from storage are put back
    by `demo_files_put_back`)."""


@pytest.fixture
def demo_media(demo, settings):
    """The demo's files, in the test run's MEDIA_ROOT (written once, by `demo_once`)."""
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_files_put_back(demo_media):
    """For a test that removes a demo document's file from storage: every document file is
    written back after it, for the module's next tests."""
    files = [
        field
        for document in Document.objects.all()
        for field in (document.file_en, document.file_ar, document.file_fr)
        if field
    ]
    contents = {}
    for field in files:
        with field.storage.open(field.name, "rb") as handle:
            contents[field.name] = (field.storage, handle.read())
    yield
    for name, (storage, content) in contents.items():
        if not storage.exists(name):
            storage.save(name, ContentFile(content))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_demo_download_in_every_language(client, demo_media, kind, language):
    expected_extension, expected_bytes = sample_file(
        "Diplomacy-CaB", kind, KIND_NAMES[kind], language
    )
    response = client.get(download_url("diplomacy-cab", kind, language, page_language="fr"))

    assert response.status_code == 200
    assert body_of(response) == expected_bytes
    assert response["Content-Type"] == (PDF if expected_extension == ".pdf" else DOCX)
    assert response["Content-Length"] == str(len(expected_bytes))
    filename = f"Diplomacy-CaB - {KIND_NAMES[kind][language]}{expected_extension}"
    disposition = response["Content-Disposition"]
    if filename.isascii():
        assert disposition == f'attachment; filename="{filename}"'
    else:  # RFC 5987 / 6266: UTF-8, percent-encoded (Arabic and accented names)
        assert disposition == f"attachment; filename*=utf-8''{quote(filename)}"
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug=kind)
    assert getattr(document, f"downloads_{language}") == 1
    assert document.total_downloads() == 1


@pytest.mark.django_db
def test_demo_files_are_real_documents_marked_as_samples(client, demo_media):
    pdf = body_of(client.get(download_url("diplomacy-cab", "tor-study-visits", "fr")))
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert "FICHIER D'EXEMPLE".encode("cp1252") in pdf
    docx = body_of(client.get(download_url("diplomacy-cab", "tor-study-visits", "ar")))
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        text = package.read("word/document.xml").decode()
    assert "ملف نموذجي" in text
    assert "<w:bidi/>" in text


@pytest.mark.django_db
def test_head_does_not_count_a_download(client, demo_media):
    response = client.head(download_url("diplomacy-cab", "questionnaire", "en"))
    assert response.status_code == 200
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="questionnaire")
    assert document.downloads_en == 0


@pytest.mark.django_db
def test_post_is_refused(client, demo_media):
    assert client.post(download_url("diplomacy-cab", "questionnaire", "en")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/programmes/no-such-programme/documents/questionnaire/en/",
        "/en/programmes/diplomacy-cab/documents/no-such-kind/en/",
        "/en/programmes/statcab/documents/questionnaire/en/",
    ],
)
def test_unknown_programme_or_document_is_a_404(client, demo_media, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_language_not_offered_names_the_languages_that_exist(client, demo_media):
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="tor-study-visits")
    document.file_ar = ""
    document.save()

    response = client.get(download_url("diplomacy-cab", "tor-study-visits", "ar", "fr"))
    body = response.content.decode()
    assert response.status_code == 404
    assert "Document non disponible" in body
    assert "n’est pas disponible en arabe" in body
    assert 'hreflang="en"><span lang="en">English</span>' in body
    assert 'hreflang="fr"><span lang="fr">Français</span>' in body
    assert 'hreflang="ar"' not in body.split("<main", 1)[1].split("</main>")[0]
    assert Document.objects.get(pk=document.pk).total_downloads() == 0


@pytest.mark.django_db
def test_language_the_site_does_not_have_is_a_404_with_the_existing_ones(client, demo_media):
    response = client.get(download_url("diplomacy-cab", "questionnaire", "de", "ar"))
    body = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in body
    assert "لا يقدم الموقع وثائق بهذه اللغة" in body
    assert body.count('<span lang="') >= 3


@pytest.mark.django_db
def test_file_missing_from_storage_is_a_translated_404_not_a_500(
    client, demo_files_put_back, caplog
):
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="questionnaire")
    document.file_fr.storage.delete(document.file_fr.name)

    response = client.get(download_url("diplomacy-cab", "questionnaire", "fr", "fr"))
    body = response.content.decode()
    assert response.status_code == 404
    assert "introuvable sur le serveur" in body
    assert 'hreflang="en"' in body and 'hreflang="ar"' in body
    assert Document.objects.get(pk=document.pk).downloads_fr == 0
    assert "missing from storage" in caplog.text
    # The page of the programme still renders (sizes come from the database).
    assert client.get("/fr/programmes/diplomacy-cab/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_zip_holds_every_document_of_the_programme_in_one_language(client, demo_media, language):
    response = client.get(f"/{language}/programmes/diplomacy-cab/documents/{language}.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(body_of(response))) as archive:
        names = archive.namelist()
        assert len(names) == 4
        for kind in KINDS:
            extension, data = sample_file("Diplomacy-CaB", kind, KIND_NAMES[kind], language)
            name = f"Diplomacy-CaB - {KIND_NAMES[kind][language]}{extension}"
            assert archive.read(name) == data
    counts = Document.objects.filter(programme__slug="diplomacy-cab").values_list(
        f"downloads_{language}", flat=True
    )
    assert list(counts) == [1, 1, 1, 1]


@pytest.mark.django_db
def test_zip_in_a_language_without_documents_is_a_404(client, demo_media):
    assert client.get("/en/programmes/statcab/documents/en.zip").status_code == 404
    response = client.get("/en/programmes/diplomacy-cab/documents/de.zip")
    assert response.status_code == 404
    assert response.content.decode().count('type="application/zip"') == 0
    assert "diplomacy-cab/documents/fr.zip" in response.content.decode()


@pytest.mark.django_db
def test_zip_skips_a_file_missing_from_storage(client, demo_files_put_back):
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="questionnaire")
    document.file_en.storage.delete(document.file_en.name)
    response = client.get("/en/programmes/diplomacy-cab/documents/en.zip")
    with zipfile.ZipFile(io.BytesIO(body_of(response))) as archive:
        assert len(archive.namelist()) == 3
    assert Document.objects.get(pk=document.pk).downloads_en == 0


@pytest.mark.django_db
def test_download_of_an_inactive_programme_is_a_404(client, demo_media):
    Programme.objects.filter(slug="diplomacy-cab").update(is_active=False)
    assert client.get(download_url("diplomacy-cab", "questionnaire", "en")).status_code == 404


def test_concurrent_downloads_of_different_clients_are_all_counted(transactional_db, media):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite locks the whole database for each writer")
    make_programmes(1, with_files=True)
    path = download_url("programme-00", "tor-study-visits", "fr")
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    statuses, errors = [], []

    def worker(number):
        try:
            barrier.wait()
            for each in range(per_thread):
                response = Client(REMOTE_ADDR=f"10.0.{number}.{each}").get(path)
                body_of(response)
                response.close()
                statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [200] * threads_count * per_thread
    document = Document.objects.get(programme__slug="programme-00", kind__slug="tor-study-visits")
    assert document.downloads_fr == threads_count * per_thread
    assert document.downloads_en == document.downloads_ar == 0


def test_a_download_counts_once_per_client_document_language_and_day(
    client, demo_media, monkeypatch
):
    document = (
        Document.objects.exclude(file_en="")
        .exclude(file_fr="")
        .select_related("programme", "kind")[0]
    )

    def fetch(language, address="192.0.2.1"):
        response = Client(REMOTE_ADDR=address).get(
            download_url(document.programme.slug, document.kind.slug, language)
        )
        assert response.status_code == 200
        body_of(response)

    def counts():
        fresh = Document.objects.get(pk=document.pk)
        return fresh.downloads_en, fresh.downloads_fr

    for _ in range(20):
        fetch("en")
    assert counts() == (1, 0)
    fetch("fr")  # another language
    fetch("en", "192.0.2.2")  # another client
    fetch("en", "2001:db8::1")
    fetch("en", "2001:db8::2")  # the same IPv6 /64: the same client
    assert counts() == (3, 1)
    zip_response = Client(REMOTE_ADDR="192.0.2.1").get(
        reverse("programmes:zip", kwargs={"slug": document.programme.slug, "language": "en"})
    )
    body_of(zip_response)
    assert counts() == (3, 1)  # already counted today for this client

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    monkeypatch.setattr("programmes.download_counter.timezone.localtime", lambda: tomorrow)
    fetch("en")
    assert counts() == (4, 1)


def test_the_counter_stores_no_client_address(client, demo_media, monkeypatch):
    from programmes import download_counter

    stored = []
    real_add = download_counter.cache.add

    def recording_add(key, value, timeout):
        stored.append((key, value))
        return real_add(key, value, timeout)

    monkeypatch.setattr(download_counter.cache, "add", recording_add)
    document = Document.objects.exclude(file_en="").select_related("programme", "kind")[0]
    Client(REMOTE_ADDR="198.51.100.23").get(
        download_url(document.programme.slug, document.kind.slug, "en")
    )
    assert len(stored) == 1
    assert "198.51.100.23" not in repr(stored)
    assert stored[0][0].startswith("download:") and stored[0][1] == 1
