"""Staff preview drafts (never cached, never indexed) and publish them from the change form;
articles are edited in a rich-text editor that offers only what the sanitiser keeps."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from activities.editor import ARTICLE_EXTENSIONS
from activities.models import Activity
from activities.sanitise import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from programmes.models import Programme
from website.groups import CONTENT_EDITORS


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, demo):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(user)
    return client


@pytest.fixture
def draft(demo):
    activity = Activity.objects.published().order_by("id").first()
    activity.is_published = False
    activity.save()  # as the admin's form saves it, so that the search index follows
    return activity


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    allowed = allowlist_from_extensions(expand_extensions(ARTICLE_EXTENSIONS))
    assert {"h2", "h3", "ul", "ol", "li", "a"} <= allowed["tags"]
    assert allowed["tags"] <= ALLOWED_TAGS
    for tag, attributes in allowed["attributes"].items():
        # nh3 adds rel itself on links; data-type is the editor's own note on lists.
        kept = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        assert set(attributes) - {"rel", "data-type"} <= kept


def test_the_article_field_is_the_editor_with_the_direction_of_its_language(editor_client, draft):
    response = editor_client.get(f"/ar/admin/activities/activity/{draft.pk}/change/")
    html = response.content.decode()
    assert 'name="body_ar"' in html
    assert "data-django-prose-editor-configurable" in html
    body_ar = response.context["adminform"].form["body_ar"]
    assert body_ar.field.widget.attrs["dir"] == "rtl"
    assert body_ar.field.widget.attrs["lang"] == "ar"
    assert response.context["adminform"].form["title_fr"].field.widget.attrs["dir"] == "ltr"
    # The import map is the only inline script, and it carries the request's nonce.
    nonce = response.wsgi_request.csp_nonce
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_visitors_never_see_a_draft(client, draft, language):
    assert client.get(f"/{language}/activities/{draft.slug}/").status_code == 404


def test_staff_without_the_view_permission_do_not_see_drafts(client, draft):
    client.force_login(get_user_model().objects.create_user("clerk", password="x", is_staff=True))
    assert client.get(f"/en/activities/{draft.slug}/").status_code == 404


def test_editors_preview_a_draft_never_cached_nor_indexed(editor_client, draft):
    response = editor_client.get(f"/ar/activities/{draft.slug}/")
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert b'class="draft-banner"' in response.content
    assert f"/admin/activities/activity/{draft.pk}/change/".encode() in response.content


def test_a_published_page_is_not_marked_as_a_draft(editor_client, demo):
    activity = Activity.objects.published().first()
    response = editor_client.get(f"/en/activities/{activity.slug}/")
    assert b"draft-banner" not in response.content
    assert "X-Robots-Tag" not in response


def test_an_inactive_programme_is_previewed_by_editors_only(client, editor_client, demo):
    programme = Programme.objects.first()
    Programme.objects.filter(pk=programme.pk).update(is_active=False)
    url = f"/fr/programmes/{programme.slug}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"draft-banner" in response.content
    assert "noindex" in response["X-Robots-Tag"]
    editor_client.logout()
    assert client.get(url).status_code == 404


def test_drafts_are_neither_in_the_sitemap_nor_in_search(client, draft):
    assert draft.slug.encode() not in client.get("/sitemap.xml").content
    title = draft.title_en.split()[0]
    assert draft.slug.encode() not in client.get("/en/search/", {"q": title}).content


def change_form_data(response):
    """What the browser would post back from an admin change form, unchanged."""
    data = {}
    context_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        context_forms += [inline.formset.management_form, *inline.formset.forms]
    for form in context_forms:
        for bound in form:
            value = bound.value()
            if value is None or isinstance(bound.field, forms.FileField):
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def test_the_change_form_says_whether_the_page_is_public_and_publishes_it(editor_client, draft):
    url = f"/en/admin/activities/activity/{draft.pk}/change/"
    response = editor_client.get(url)
    assert b"publication-state--draft" in response.content
    assert f'href="/en/activities/{draft.slug}/"'.encode() in response.content
    assert b'name="_publish"' in response.content

    response = editor_client.post(url, change_form_data(response) | {"_publish": "Publish"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == url
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None

    response = editor_client.get(url)
    assert b"publication-state--public" in response.content
    response = editor_client.post(url, change_form_data(response) | {"_unpublish": "Withdraw"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published
