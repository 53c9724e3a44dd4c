"""An editor adds photos to an activity and sees the upload's progress, then each photo's
processing state turn to ready once the task queue has made its sizes; a lost connection
says so and saves nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from activities.models import Activity
from tests.activities_data.factories import image_bytes
from tests.browser.support import assert_parts_accessible, browser_page, log_in
from tests.conftest import run_due_tasks
from website.groups import CONTENT_EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR, PASSWORD = "photo-editor", "a long pass phrase for tests"

RECORD_PROGRESS = """
() => new MutationObserver(() => {
  const text = document.querySelector(".upload-progress__text");
  const bar = document.querySelector(".upload-progress progress");
  if (text) window.recordProgress(text.textContent, bar ? bar.getAttribute("value") : null);
}).observe(document.body, {subtree: true, childList: true, characterData: true})
"""


@pytest.fixture
def editor(live_demo):
    user = get_user_model().objects.create_user(EDITOR, "e@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


def photos(count):
    return [
        {
            "name": f"hall-{n}.jpg",
            "mimeType": "image/jpeg",
            # Noisy enough not to compress to nothing: a few hundred kilobytes each.
            "buffer": image_bytes("JPEG", size=(1600, 1200), colour=(n * 40, 89, 79), quality=100),
        }
        for n in range(count)
    ]


def test_photos_upload_with_a_progress_bar_then_show_their_processing_state(live_demo, editor):
    activity = Activity.objects.order_by("id").first()
    before = activity.photos.count()
    change_url = f"{live_demo.url}/fr/admin/activities/activity/{activity.pk}/change/"
    with browser_page() as page:
        log_in(page, live_demo.url, "fr", EDITOR, PASSWORD)
        page.goto(change_url)

        # The connection fails: the bar says so, nothing is saved, the form stays as it was.
        page.route("**/change/", lambda route: route.abort())
        page.set_input_files("#id_new_photos", photos(2))
        page.fill("#id_new_photos_alt_text", "La salle")
        page.locator("input[name=_continue]").click()
        failed = page.locator(".upload-progress--failed")
        failed.wait_for()
        assert "La connexion a été perdue" in failed.inner_text()
        page.console_errors.clear()  # the aborted request is reported as a failed load
        assert_parts_accessible(page, [".upload-progress"])
        assert activity.photos.count() == before
        page.unroute("**/change/")
        page.evaluate("() => document.querySelector('.upload-progress').remove()")

        # Sent again: the bar shows the percentage sent, then the saved page opens.
        seen = []
        page.expose_function("recordProgress", lambda text, value: seen.append((text, value)))
        page.evaluate(RECORD_PROGRESS)
        page.locator("input[name=_continue]").click()
        page.wait_for_url(change_url)
        page.locator(".messagelist").wait_for()
        assert "2 photos ajoutées." in page.locator(".messagelist").inner_text()
        texts = [text for text, _value in seen]
        sending = [text for text in texts if text.startswith("Envoi des fichiers\u00a0: ")]
        assert sending and all("\u00a0%" in text and "Mo)" in text for text in sending), texts
        assert any("Fichiers envoyés" in text for text in texts), texts

        # The new photos say they are processing until the task queue has made their sizes.
        states = page.locator("[data-processing-state]")
        assert states.count() == 2
        assert "En cours" in states.first.inner_text()
        assert_parts_accessible(page, ["#photos-group .field-renditions", ".messagelist"])
        assert run_due_tasks() >= 2
        page.locator(".processing-state--ready").nth(before + 1).wait_for(timeout=15_000)
        assert page.locator("[data-processing-state]").count() == 0
        assert "Prête" in page.locator(".processing-state--ready").last.inner_text()
        assert page.console_errors == []
    assert activity.photos.count() == before + 2
