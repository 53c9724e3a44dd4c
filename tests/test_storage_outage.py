"""The object store unreachable: a translated 503 with Retry-After, never a 500, nothing counted
or half-saved (core.middleware.StorageOutageMiddleware).

"Unreachable" is the production S3 configuration pointed at a loopback port where nothing
listens: every call is refused at once, as when the object store is down.
"""

import pytest
from botocore.config import Config
from django.urls import reverse
from django.utils import translation

from activities.models import Activity, Photo
from programmes.models import Document, Programme
from tests.activities_data.factories import activity_admin_form, image_bytes, upload
from tests.experts_data.support import make_expert, staff
from tests.fixtures.postgres import free_port
from tests.test_experts_staff import admin_url
from website.groups import ROSTER_MANAGERS


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


pytestmark = pytest.mark.django_db

TEXTS = {
    "en": "Files temporarily unavailable",
    "fr": "Fichiers momentanément indisponibles",
    "ar": "الملفات غير متاحة مؤقتًا",
}


@pytest.fixture
def storage_down(settings):
    """Both buckets on a closed port; one attempt, so that the test takes no back-off."""
    common = {
        "endpoint_url": f"http://127.0.0.1:{free_port()}",
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "file_overwrite": False,
        "client_config": Config(
            signature_version="s3v4", connect_timeout=1, retries={"max_attempts": 1}
        ),
    }

    def down():
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**common, "bucket_name": "public", "querystring_auth": False},
            },
            "private": {
                "BACKEND": "core.storage.PrivateS3Storage",
                "OPTIONS": {**common, "bucket_name": "private"},
            },
        }

    return down


def assert_storage_503(response, language="en"):
    body = response.content.decode()
    assert response.status_code == 503, body[:2000]
    assert response["Retry-After"] == "60"
    assert TEXTS[language] in body and f'<html lang="{language}"' in body


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_counted_download_is_a_translated_503_and_counts_nothing(
    client, media, demo, storage_down, language
):
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="questionnaire")
    storage_down()
    with translation.override(language):
        url = reverse(
            "programmes:download",
            kwargs={"slug": "diplomacy-cab", "kind": "questionnaire", "language": "en"},
        )
    assert_storage_503(client.get(url), language)
    assert Document.objects.get(pk=document.pk).downloads_en == 0


def test_a_cv_download_by_a_roster_manager_is_a_503(client, experts_env, storage_down):
    expert = make_expert()
    client.force_login(staff("manager", ROSTER_MANAGERS))
    storage_down()
    assert_storage_503(client.get(admin_url("cv", expert.pk)))


def test_photos_saved_in_the_admin_are_a_503_and_nothing_is_half_saved(
    client, media, demo, storage_down, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("staff", "s@example.org", "pw"))
    programme = Programme.objects.get(slug="diplomacy-cab")
    photos_before = Photo.objects.count()
    storage_down()
    # The admin in English whatever language an earlier test's request left active (the test
    # client runs in this thread, and LocaleMiddleware activates each request's language).
    with translation.override("en"):
        add_url = reverse("admin:activities_activity_add")
    response = client.post(
        add_url,
        activity_admin_form(
            programme,
            new_photos=[upload(image_bytes("JPEG", size=(300, 200)), name="one.jpg")],
            new_photos_alt_text="Participants",
        ),
    )
    assert_storage_503(response)
    assert not Activity.objects.filter(slug="a-course-with-photos").exists()
    assert Photo.objects.count() == photos_before


def test_a_page_with_photos_needs_no_storage(client, media, demo, storage_down):
    """Photo addresses are computed, not asked for: the page answers; the bytes come from the
    bucket (or a CDN) to the browser."""
    activity = Activity.objects.filter(photos__isnull=False, is_published=True).first()
    storage_down()
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "http://127.0.0.1:" in response.content.decode()  # the bucket's addresses
