"""Uploads that show progress: the admin's file inputs are watched by the upload script, a
request sent by the script gets its redirect as JSON (messages kept for the next page), and
photos say whether their sizes for the site are still being made."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.models import Activity, Photo
from programmes.models import Programme
from tests.activities_data.factories import (
    activity_admin_form,
    image_bytes,
    make_activity,
    upload,
)
from website.groups import CONTENT_EDITORS


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


pytestmark = pytest.mark.django_db

PROGRESS = {"HTTP_X_UPLOAD_PROGRESS": "1"}


@pytest.fixture
def editor_client(client, demo, media):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(user)
    return client


def test_the_file_inputs_carry_the_progress_texts_in_the_admins_language(editor_client):
    response = editor_client.get("/fr/admin/activities/activity/add/")
    html = response.content.decode()
    assert "core/upload-progress.js" in html and "core/processing-state.js" in html
    form = response.context["adminform"].form
    texts = json.loads(form["new_photos"].subwidgets[0].data["attrs"]["data-upload-progress"])
    assert texts["label"] == "Envoi des fichiers"
    assert "%(percent)s" in texts["sending"]

    programme = Programme.objects.get(slug="diplomacy-cab")
    page = editor_client.get(f"/ar/admin/programmes/programme/{programme.pk}/change/")
    assert 'name="documents-0-file_en"' in page.content.decode()
    assert page.content.decode().count("data-upload-progress=") >= 3  # a slot per language


def test_the_scripts_save_is_answered_with_the_next_page_and_its_message(editor_client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    files = [upload(image_bytes(size=(320, 200)), name=f"p{n}.jpg") for n in range(3)]

    response = editor_client.post(
        "/en/admin/activities/activity/add/",
        activity_admin_form(programme, new_photos=files, new_photos_alt_text="The hall"),
        **PROGRESS,
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    activity = Activity.objects.get(slug="a-course-with-photos")
    assert response.json() == {"location": reverse("admin:activities_activity_changelist")}
    assert activity.photos.count() == 3
    # The message waits for the page the script opens.
    page = editor_client.get(response.json()["location"]).content.decode()
    assert "3 photos added." in page


def test_a_form_with_errors_is_answered_as_a_page_for_the_browser_to_show(editor_client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    files = [upload(b"not an image", name="p.jpg")]
    response = editor_client.post(
        "/en/admin/activities/activity/add/",
        activity_admin_form(programme, new_photos=files, new_photos_alt_text="x"),
        **PROGRESS,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not Activity.objects.filter(slug="a-course-with-photos").exists()


def test_without_the_script_the_save_redirects_as_usual(editor_client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    response = editor_client.post(
        "/en/admin/activities/activity/add/", activity_admin_form(programme)
    )
    assert response.status_code == 302


def test_a_photo_says_processing_until_its_sizes_are_made(editor_client, run_tasks):
    programme = Programme.objects.get(slug="diplomacy-cab")
    run_tasks()
    activity = make_activity(programme, 1)
    photo = Photo.objects.create(
        activity=activity, image=upload(image_bytes(size=(700, 400))), alt_text_en="Hall"
    )
    state_url = reverse("admin:activities_photo_state", args=[photo.pk])

    change = editor_client.get(
        f"/fr/admin/activities/activity/{activity.pk}/change/"
    ).content.decode()
    with translation.override("fr"):
        assert f'data-processing-state="{state_url.replace("/en/", "/fr/")}"' in change
    assert "En cours\u00a0: les tailles pour le site" in change
    listing = editor_client.get(f"/en/admin/activities/photo/?activity__programme={programme.pk}")
    assert "Processing: the sizes for the site" in listing.content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert editor_client.get(state_url).json() == {"ready": False}
    assert len(queries) == 7  # session, user, permissions, the photo: the same for any photo

    assert run_tasks() == 1
    assert editor_client.get(state_url).json() == {"ready": True}
    change = editor_client.get(f"/en/admin/activities/activity/{activity.pk}/change/")
    html = change.content.decode()
    assert "Ready: the page shows the sizes made for each screen." in html
    assert "data-processing-state=" not in html


def test_only_staff_who_may_see_photos_learn_their_state(client, demo, media):
    activity = Activity.objects.filter(photos__isnull=False).first()
    photo = activity.photos.first()
    user = get_user_model().objects.create_user("other", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_programme"))
    client.force_login(user)
    response = client.get(reverse("admin:activities_photo_state", args=[photo.pk]))
    assert response.status_code == 403
