"""manage.py backup, then manage.py restore into an empty database and empty storage: the
restored site serves the same pages and the same files as the original."""

import os
import re
import subprocess
import sys
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from experts.models import Expert
from programmes.models import Document
from tests.experts_data.support import PDF_BYTES

from .support import ROOT, database_url, get, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/en/",
    "/ar/programmes/",
    "/fr/programmes/diplomacy-cab/",
    "/en/activities/",
    "/ar/statistics/",
    "/fr/search/?q=diplomatie",
    "/sitemap.xml",
]
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def empty_database():
    name = f"sesric_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = re.sub(r"/[^/]+$", f"/{name}", database_url(connection.settings_dict))
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_into_empty_database_and_storage_serves_the_same_site(
    shared_storage, empty_database, tmp_path
):
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    expert = Expert.objects.create(
        given_name="Backup",
        family_name="Test",
        email="backup@example.org",
        nationality="TR",
        years_of_experience=5,
        consent_version="2025-06-01",
        consent_given_at=timezone.now(),
    )
    expert.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=True)
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115

    restored = tmp_path / "restored"
    for name in ("media", "private", "mail"):
        (restored / name).mkdir(parents=True)
    (restored / "static").symlink_to(shared_storage.path / "static")
    restored_env = production_env(
        restored, empty_database, "restored", FILES_SERVED_BY="django", SERVE_MEDIA="true"
    )
    subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=restored_env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    assert (restored / "private" / expert.cv.name).read_bytes() == PDF_BYTES

    original_env = production_env(
        shared_storage.path,
        shared_storage.database_url,
        "original",
        FILES_SERVED_BY="django",
        SERVE_MEDIA="true",
    )
    document = Document.objects.select_related("programme", "kind").order_by("pk").first()
    downloads = [
        f"/{language}/programmes/{document.programme.slug}/documents/{document.kind.slug}/"
        f"{language}/"
        for language in ("en", "ar", "fr")
        if getattr(document, f"file_{language}")
    ]
    photo = _first_photo_url()
    with gunicorn(original_env) as (original, _), gunicorn(restored_env) as (copy, _):
        for path in [*PAGES, *downloads, *([photo] if photo else [])]:
            before, after = get(original, path), get(copy, path)
            assert before[0] == after[0] == 200, path
            assert _comparable(before[2], original) == _comparable(after[2], copy), path
    assert downloads and photo
    assert Expert.objects.count() == 1


def _comparable(body, port):
    """The page less what differs by design: the CSRF token, and the host in absolute links."""
    return TOKEN.sub(b"", body).replace(f"127.0.0.1:{port}".encode(), b"HOST")


def _first_photo_url():
    from activities.models import Photo

    photo = Photo.objects.exclude(image="").order_by("pk").first()
    return photo.image.url if photo else None
