"""An Arabic-speaking editor writes an activity article in the rich-text editor, previews the
draft and publishes it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from activities.models import Activity
from tests.browser.support import assert_accessible, axe_results, browser_page, log_in
from website.groups import CONTENT_EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR, PASSWORD = "arabic-editor", "a long pass phrase for tests"
HEADING = "أهداف الدورة"
ITEMS = ["تعزيز مهارات التفاوض", "تبادل الخبرات بين الدول الأعضاء"]


@pytest.fixture
def arabic_editor(live_demo):
    user = get_user_model().objects.create_user(
        EDITOR, "editor@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


def open_arabic_article(page, base_url, activity):
    page.goto(f"{base_url}/ar/admin/activities/activity/{activity.pk}/change/")
    panel = page.locator("#id_body_ar").evaluate("e => e.closest('.ui-tabs-panel').id")
    page.locator(f"li[role=tab][aria-controls='{panel}']").click()
    editor = page.locator(".prose-editor:has(#id_body_ar) [contenteditable=true]")
    editor.wait_for()
    return editor


def write_article(page, editor):
    """Typed as an editor types: Markdown-like shortcuts make the heading and the list."""
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(f"## {HEADING}")
    page.keyboard.press("Enter")
    page.keyboard.type(f"- {ITEMS[0]}")
    page.keyboard.press("Enter")
    page.keyboard.type(ITEMS[1])


def test_an_arabic_editor_writes_an_article_with_a_heading_and_a_list(live_demo, arabic_editor):
    activity = Activity.objects.published().order_by("id").first()
    with browser_page() as page:
        log_in(page, live_demo.url, "ar", EDITOR, PASSWORD)
        editor = open_arabic_article(page, live_demo.url, activity)
        # Arabic is written right to left in the editor, whatever the admin's language.
        assert editor.evaluate("e => getComputedStyle(e).direction") == "rtl"
        write_article(page, editor)
        page.locator("input[name=_save]").click()
        page.wait_for_url(f"{live_demo.url}/ar/admin/activities/activity/")
        assert page.console_errors == []

        page.goto(f"{live_demo.url}/ar/activities/{activity.slug}/")
        article = page.locator(".prose")
        assert article.locator("h2").inner_text() == HEADING
        assert article.locator("ul > li").all_inner_texts() == ITEMS

    activity.refresh_from_db()
    assert f"<h2>{HEADING}</h2>" in activity.body_ar
    # The other languages are untouched.
    assert HEADING not in (activity.body_en or "") + (activity.body_fr or "")


def test_an_arabic_editor_previews_a_new_activity_then_publishes_it(live_demo, arabic_editor):
    activity = Activity.objects.published().order_by("id").first()
    activity.is_published = False
    activity.save()
    public_url = f"{live_demo.url}/ar/activities/{activity.slug}/"
    with browser_page() as page:
        # Visitors do not see a draft.
        assert page.goto(public_url).status == 404
        page.console_errors.clear()  # the browser reports the 404 as a failed load

        log_in(page, live_demo.url, "ar", EDITOR, PASSWORD)
        editor = open_arabic_article(page, live_demo.url, activity)
        assert "مسودة" in page.locator(".publication-state").inner_text()  # "Draft"
        write_article(page, editor)
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()

        # The preview: the editor's article, under a banner that says it is a draft.
        page.locator(".publication-state a").click()
        page.wait_for_url(public_url)
        assert page.locator(".draft-banner").is_visible()
        assert page.locator(".prose h2").inner_text() == HEADING
        assert page.locator(".prose ul > li").all_inner_texts() == ITEMS
        assert_accessible(page)

        page.locator(".draft-banner a").click()
        page.locator("input[name=_publish]").click()
        page.wait_for_load_state()
        assert "عام" in page.locator(".publication-state").inner_text()  # "Public"
        assert page.console_errors == []

    activity.refresh_from_db()
    assert activity.is_published
    with browser_page() as visitor:
        assert visitor.goto(public_url).status == 200
        assert visitor.locator(".draft-banner").count() == 0
        assert visitor.locator(".prose h2").inner_text() == HEADING


def test_a_long_arabic_title_does_not_run_under_the_buttons(live_demo, arabic_editor):
    activity = Activity.objects.order_by("id").first()
    activity.title_ar = "برنامج بناء القدرات الدبلوماسية " * 8
    activity.save()
    with browser_page() as page:
        log_in(page, live_demo.url, "ar", EDITOR, PASSWORD)
        page.goto(f"{live_demo.url}/ar/admin/activities/activity/{activity.pk}/change/")
        title = page.locator("#content h2").first.bounding_box()
        tools = page.locator(".object-tools").bounding_box()
        overlap_x = min(title["x"] + title["width"], tools["x"] + tools["width"]) - max(
            title["x"], tools["x"]
        )
        overlap_y = min(title["y"] + title["height"], tools["y"] + tools["height"]) - max(
            title["y"], tools["y"]
        )
        assert overlap_x <= 0 or overlap_y <= 0
        # Every translated input is typed in its language's direction.
        for code, direction in (("en", "ltr"), ("ar", "rtl"), ("fr", "ltr")):
            field = page.locator(f"#id_title_{code}")
            assert field.get_attribute("dir") == direction
            assert field.get_attribute("lang") == code
        assert page.locator("#id_photos-0-caption_ar").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_what_is_missing_panel_is_accessible_and_leads_to_the_list(
    live_demo, arabic_editor, language
):
    activity = Activity.objects.order_by("id").first()
    activity.summary_fr = ""
    activity.save()
    with browser_page() as page:
        log_in(page, live_demo.url, language, EDITOR, PASSWORD)
        assert_accessible(page)
        link = page.locator(f"a[href='/{language}/admin/activities/activity/?untranslated=fr']")
        link.click()
        page.wait_for_url("**/activity/?untranslated=fr")
        assert page.locator(f"#result_list a[href*='/activity/{activity.pk}/change/']").count()
        assert page.console_errors == []
        # axe's own probes set inline styles on this page, which the CSP reports: only its
        # findings are checked here.
        assert axe_results(page)["violations"] == []
