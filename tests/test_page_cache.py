"""The shared page cache: anonymous visitors get stored pages, never stale, never personal."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from core import freshness
from programmes.models import Programme, Sector
from tests.activities_data.factories import make_activity

# Edits commit for real here: the content generation is bumped only after a commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def programme(transactional_db):
    sector = Sector.objects.create(slug="health", name_en="Health")
    return Programme.objects.create(
        slug="tourism", sector=sector, name_en="Tourism Programme", summary_en="Travel."
    )


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_second_anonymous_visit_is_served_without_a_query(
    client, programme, django_assert_num_queries
):
    page = url("programmes:detail", slug="tourism")
    first = client.get(page)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(page)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert client.head(page)["X-Page-Cache"] == "hit"


def test_each_language_is_its_own_entry(client, programme):
    client.get(url("programmes:index", "en"))
    response = client.get(url("programmes:index", "ar"))
    assert response["X-Page-Cache"] == "miss"
    assert 'dir="rtl"' in response.text


def test_an_edit_is_seen_by_the_next_visitor(client, programme):
    page = url("programmes:detail", slug="tourism")
    client.get(page)
    programme.name_en = "Sustainable Tourism Programme"
    programme.save()
    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert "Sustainable Tourism Programme" in response.text


def test_sitemap_lists_a_new_activity_at_once(client, programme):
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    make_activity(programme, 1, slug="brand-new-course")
    assert b"/en/activities/brand-new-course/" in client.get("/sitemap.xml").content


def test_unpublished_activity_leaves_cached_search_results(client, programme):
    activity = make_activity(programme, 1, title_en="Planning meeting")
    search = url("search:results")
    link = 'href="/en/activities/test-activity-1/"'
    assert link in client.get(search, {"q": "planning"}).text
    assert client.get(search, {"q": "planning"})["X-Page-Cache"] == "hit"
    Activity.objects.filter(pk=activity.pk).unpublish()
    assert link not in client.get(search, {"q": "planning"}).text


def test_junk_parameters_create_no_entry(client, programme, monkeypatch):
    stored = []
    monkeypatch.setattr(freshness.cache, "set", lambda *args, **kwargs: stored.append(args))
    page = url("programmes:index")
    for query in ({"utm_source": "x"}, {"sector": ["a", "b"]}, {"sector": "x" * 300}):
        response = client.get(page, query)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert stored == []  # neither a page nor its fragment (core/fragments.py)
    client.get(page, {"sector": "health"})
    assert sorted(args[0].split(":")[0] for args in stored) == ["fragment", "page"]


def test_known_parameters_are_part_of_the_key(client, programme):
    page = url("programmes:index")
    client.get(page, {"sector": "health"})
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(page, {"sector": "health"})["X-Page-Cache"] == "hit"


def test_visitors_with_a_session_and_staff_see_fresh_pages(client, programme, django_user_model):
    page = url("programmes:detail", slug="tourism")
    client.get(page)
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get(page)
    staff = Client()
    staff.force_login(django_user_model.objects.create_superuser("e", "e@example.org", "pw"))
    assert "X-Page-Cache" not in staff.get(page)


def test_conditional_request_is_answered_304(client, programme):
    page = url("programmes:detail", slug="tourism")
    first = client.get(page)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(page, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(page, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_date_dependent_pages_expire_at_midnight_in_ankara(client, programme, monkeypatch):
    page = url("activities:index")
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(url("programmes:detail", slug="tourism"))["X-Page-Cache"] == "miss"


def test_form_page_gets_a_working_token_per_visitor(programme):
    page = url("experts:register")
    Client().get(page)
    tokens = []
    for _visitor in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(page)
        assert response["X-Page-Cache"] == "hit"
        assert "private" in response["Cache-Control"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        tokens.append(token)
        # The served token is accepted: the form answers with its errors, not a CSRF 403.
        answer = visitor.post(page, {"csrfmiddlewaretoken": token})
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"]
    assert tokens[0] != tokens[1]


def test_errors_are_never_stored(client, programme):
    page = url("programmes:detail", slug="nowhere")
    assert client.get(page).status_code == 404
    assert client.get(page).status_code == 404
    assert "X-Page-Cache" not in client.get(page)


def test_page_cache_off(client, programme, settings):
    settings.PAGE_CACHE = False
    page = url("programmes:detail", slug="tourism")
    client.get(page)
    assert "X-Page-Cache" not in client.get(page)


def test_cache_down_means_fresh_pages(client, programme, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(freshness.cache, "get_many", unreachable)
    response = client.get(url("programmes:detail", slug="tourism"))
    assert response.status_code == 200
    assert "Tourism Programme" in response.text
