"""Two app servers behind nginx, sharing one PostgreSQL, one Redis and one S3-compatible
object store (moto's server, a real HTTP service): what one does, the other sees."""

import uuid
from types import SimpleNamespace

import pytest
import requests
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from experts.models import Expert
from programmes.models import Document
from tests.experts_data.support import PDF_BYTES, make_programme, valid_data
from tests.programmes_data.factories import form_data, make_programmes, pdf_bytes
from website.groups import ROSTER_MANAGERS

from .support import (
    Browser,
    gunicorn,
    nginx,
    production_env,
    s3_env,
    s3_server,
    wait_clear_of_rate_limit_window_edge,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def cluster(workdir):
    with s3_server() as endpoint:
        suffix = uuid.uuid4().hex[:8]
        storage_env, s3 = s3_env(endpoint, f"public-{suffix}", f"private-{suffix}")
        env = production_env(
            workdir.path,
            workdir.database_url,
            f"cluster-{suffix}",
            EXPERTS_REGISTER_RATE="3/h",
            **storage_env,
        )
        with (
            gunicorn(env) as (first, _),
            gunicorn(env) as (second, _),
            nginx(workdir.path, [first, second]) as port,
        ):
            yield SimpleNamespace(port=port, first=first, second=second, s3=s3, buckets=storage_env)


def roster_manager():
    # An earlier test's flush took the permissions and groups; migrations' handlers remake them.
    emit_post_migrate_signal(
        verbosity=0, interactive=False, db="default", apps=global_apps, plan=[]
    )
    user = get_user_model().objects.create_user(
        "roster", "roster@sesric.example", "roster-pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROSTER_MANAGERS))
    return user


def test_an_edit_through_one_server_is_visible_through_the_other(cluster):
    (programme,) = make_programmes(1)
    get_user_model().objects.create_superuser("editor", "editor@sesric.example", "editor-pw")
    sector = programme.sector
    browser = Browser(cluster.first)
    browser.log_in("editor", "editor-pw")
    change = f"/en/admin/programmes/sector/{sector.pk}/change/"
    data = form_data(browser.get(change).text)
    data["name_en"] = "Sector renamed through the first server"
    response = browser.post(change, {**data, "_save": "Save"})
    assert response.status_code == 302, response.text[:300]

    page = browser.get("/en/programmes/", port=cluster.second)
    assert page.status_code == 200
    assert "Sector renamed through the first server" in page.text


def test_a_cv_uploaded_through_one_server_is_downloaded_through_the_other(cluster):
    programme = make_programme()
    roster_manager()
    visitor = Browser(cluster.first)
    visitor.get("/en/roscab/register/")
    data = valid_data(programme, cv=None, email="cross.server@example.org")
    response = visitor.post(
        "/en/roscab/register/",
        data,
        files={"cv": ("my cv.pdf", PDF_BYTES, "application/pdf")},
        headers={"X-Forwarded-For": "192.0.2.10"},
    )
    assert response.status_code == 302, response.text[:500]
    expert = Expert.objects.get(email="cross.server@example.org")

    # The CV is an object of the private bucket, and of it only.
    private = cluster.s3.list_objects_v2(Bucket=cluster.buckets["S3_PRIVATE_BUCKET"])
    assert [item["Key"] for item in private["Contents"]] == [expert.cv.name]
    public = cluster.s3.list_objects_v2(Bucket=cluster.buckets["S3_PUBLIC_BUCKET"])
    assert public.get("KeyCount", 0) == 0

    manager = Browser(cluster.second)
    manager.log_in("roster", "roster-pw")
    download = manager.get(f"/en/admin/experts/expert/{expert.pk}/cv/")
    assert download.status_code == 200
    assert download.content == PDF_BYTES
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download.headers["Cache-Control"]

    # Through nginx too, and never for someone who is not a roster manager.
    assert manager.get(f"/en/admin/experts/expert/{expert.pk}/cv/", port=cluster.port).content == (
        PDF_BYTES
    )
    anonymous = Browser(cluster.port).get(f"/en/admin/experts/expert/{expert.pk}/cv/")
    assert anonymous.status_code == 302
    assert PDF_BYTES not in anonymous.content


def test_counted_downloads_from_the_bucket_use_a_short_lived_signed_address(cluster):
    (programme,) = make_programmes(1)
    document = programme.documents.first()
    content = pdf_bytes("Questionnaire in the bucket")
    browser = Browser(cluster.first)
    cluster.s3.put_object(
        Bucket=cluster.buckets["S3_PUBLIC_BUCKET"], Key="programmes/q-en.pdf", Body=content
    )
    Document.objects.filter(pk=document.pk).update(file_en="programmes/q-en.pdf")

    path = f"/en/programmes/{programme.slug}/documents/{document.kind.slug}/en/"
    response = browser.get(path, port=cluster.second)
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response.headers["Location"]
    assert "X-Amz-Expires=300" in response.headers["Location"]
    file = requests.get(response.headers["Location"], timeout=10)
    assert file.status_code == 200
    assert file.content == content
    assert file.headers["Content-Disposition"].startswith("attachment;")
    assert Document.objects.get(pk=document.pk).downloads_en == 1


def test_the_registration_rate_limit_is_shared_by_both_servers(cluster):
    programme = make_programme()
    browser = Browser(cluster.port)
    browser.get("/en/roscab/register/", port=cluster.first)
    wait_clear_of_rate_limit_window_edge("192.0.2.77")
    statuses = []
    # One client (as nginx reports it), its accepted registrations alternating between the
    # servers: 3/h.
    for attempt, port in enumerate((cluster.first, cluster.second, cluster.first, cluster.second)):
        response = browser.post(
            "/en/roscab/register/",
            valid_data(programme, cv=None, email=f"shared{attempt}@example.org"),
            port=port,
            files={"cv": ("cv.pdf", PDF_BYTES, "application/pdf")},
            headers={"X-Forwarded-For": "192.0.2.77"},
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429]
