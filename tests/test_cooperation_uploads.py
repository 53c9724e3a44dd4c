"""A completed questionnaire uploaded instead: checked by content, private, for managers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperation import tokens
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import CompletedFile
from programmes.models import DocumentKind
from tests.cooperation_data.support import make_focal_point, signed_in_staff
from tests.experts_data.support import PDF_BYTES, make_programme
from website.groups import CONTENT_EDITORS


@pytest.fixture
def setup(db, experts_env, settings):
    settings.COOPERATION_FORM_RATE = "1000/h"
    with translation.override("en"):
        programme = make_programme()
    kind = DocumentKind.objects.create(
        slug="questionnaire", name="Questionnaire", category="questionnaire"
    )
    focal_point = make_focal_point("MA", "Demo ministry", name="Y", email="y@example.org")
    token = tokens.make_token(focal_point, tokens.SPACE)
    with translation.override("ar"):
        address = reverse("cooperation:upload", kwargs={"token": token, "slug": programme.slug})
    return address, kind, experts_env


@pytest.mark.django_db
def test_a_completed_pdf_is_kept_privately_and_only_managers_download_it(client, setup):
    address, kind, private_dir = setup
    assert client.get(address).status_code == 200
    upload = SimpleUploadedFile("answers.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(address, {"kind": kind.pk, "file": upload})
    assert response.status_code == 302
    completed = CompletedFile.objects.get()
    assert completed.file_name == "answers.pdf"
    assert (private_dir / completed.file.name).exists()
    with pytest.raises(ValueError):
        completed.file.url  # noqa: B018 - private files have no address

    download = reverse("admin:cooperation_completedfile_download", args=[completed.pk])
    assert signed_in_staff(CONTENT_EDITORS, "editor")[0].get(download).status_code == 403
    response = signed_in_staff(COOPERATION_MANAGERS)[0].get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_a_file_that_is_not_what_it_says_is_refused(client, setup):
    address, kind, private_dir = setup
    for upload in (
        SimpleUploadedFile("answers.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        SimpleUploadedFile("answers.exe", PDF_BYTES, content_type="application/pdf"),
    ):
        response = client.post(address, {"kind": kind.pk, "file": upload})
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert not CompletedFile.objects.exists()
    assert not private_dir.exists() or not any(p.is_file() for p in private_dir.rglob("*"))


@pytest.mark.django_db
def test_the_upload_form_takes_constant_queries(client, setup, django_assert_num_queries):
    address, kind, _ = setup
    client.get(address)
    with django_assert_num_queries(3) as first:
        client.get(address)
    for index in range(4):
        DocumentKind.objects.create(slug=f"tor-{index}", name=f"ToR {index}", category="tor")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(address)
    assert page.content.decode().count("<option value=") == 6
