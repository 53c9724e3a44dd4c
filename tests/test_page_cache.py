"""The shared page cache: anonymous visitors get stored pages, never stale, never personal."""

import dataclasses
import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from core import freshness, pagecache
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
    monkeypatch.setattr(freshness.cache, "set", lambda key, *args, **kwargs: stored.append(key))
    monkeypatch.setattr(freshness.cache, "set_many", lambda data, *args: stored.extend(data))
    page = url("programmes:index")
    for query in ({"utm_source": "x"}, {"sector": ["a", "b"]}, {"sector": "x" * 300}):
        response = client.get(page, query)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert stored == []  # neither a page nor its fragment (core/fragments.py)
    client.get(page, {"sector": "health"})
    # The page, its stamp and its fragment.
    assert sorted(key.split(":")[0] for key in stored) == ["fragment", "page", "page"]


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
    tokens, secrets = [], []
    for _visitor in range(2):
        visitor = Client(enforce_csrf_checks=True)
        # Twice: a new visitor (a new CSRF cookie), then the same one back with their cookie.
        for _visit in range(2):
            response = visitor.get(page)
            assert response["X-Page-Cache"] == "hit"
            assert "private" in response["Cache-Control"]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
            tokens.append(token)
            # The served token is accepted: the form answers with its errors, not a CSRF 403.
            answer = visitor.post(page, {"csrfmiddlewaretoken": token})
            assert answer.status_code == 200
            assert "no-store" in answer["Cache-Control"]
            secrets.append(visitor.cookies["csrftoken"].value)
    assert len(set(tokens)) == 4
    # Each visitor kept the secret of their first visit; the two visitors have their own.
    assert secrets[0] == secrets[1] != secrets[2] == secrets[3]


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


def shared_reads(monkeypatch):
    """The keys of every read of the shared cache from now on, one list per round trip."""
    reads = []
    real_get_many, real_get = cache.get_many, cache.get

    def get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return real_get_many(keys, *args, **kwargs)

    def get(key, *args, **kwargs):
        reads.append([key])
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    return reads


def test_a_page_this_process_served_costs_a_read_of_its_stamp_not_of_the_page(
    client, programme, monkeypatch
):
    page = url("programmes:detail", slug="tourism")
    first = client.get(page)
    reads = shared_reads(monkeypatch)
    second = client.get(page)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    key = pagecache.cache_key(second.wsgi_request, frozenset())
    assert reads == [[freshness.GENERATION_KEY, key + ":stamp"]]


def test_a_page_stored_anew_elsewhere_replaces_this_process_copy(client, programme):
    page = url("programmes:detail", slug="tourism")
    first = client.get(page)
    key = pagecache.cache_key(first.wsgi_request, frozenset())
    # Another server stores the page again (same generation, another stamp and content).
    mine = pagecache.recent_entries.get(key)
    theirs = dataclasses.replace(mine, parts=(b"<p>stored by another server</p>",), stamp="theirs")
    cache.set_many({key: theirs, key + ":stamp": theirs.stamp})
    assert client.get(page).content == b"<p>stored by another server</p>"
    assert pagecache.recent_entries.get(key) is not mine


def test_an_evicted_entry_is_never_hidden_by_this_process_copy(client, programme):
    page = url("programmes:detail", slug="tourism")
    first = client.get(page)
    key = pagecache.cache_key(first.wsgi_request, frozenset())
    # Evicted (or lost with a Redis restored from a snapshot): the generation may be the same.
    cache.delete_many([key, key + ":stamp"])
    assert client.get(page)["X-Page-Cache"] == "miss"


def test_a_cache_that_answers_nothing_means_a_fresh_page_stored_nowhere(
    client, programme, monkeypatch
):
    page = url("programmes:detail", slug="tourism")
    client.get(page)
    key = pagecache.cache_key(client.get(page).wsgi_request, frozenset())
    copy = pagecache.recent_entries.get(key)
    # django-redis with IGNORE_EXCEPTIONS: a Redis that is down or hangs gives None, not errors.
    reads = []
    monkeypatch.setattr(cache, "get_many", lambda keys, *args: reads.append(keys) or {})
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append([key]))
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    response = client.get(page)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "Tourism Programme" in response.text
    assert pagecache.recent_entries.get(key) is copy  # nothing stored in its place
    assert [freshness.GENERATION_KEY, key + ":stamp"] in reads
    assert [key] not in reads  # the page itself is not read from a cache that timed out


def entry(size, stamp="s"):
    return pagecache.Entry(
        generation=1, day=None, parts=(b"x" * size,), headers={}, etag=None,
        last_modified=0, stamp=stamp,
    )  # fmt: skip


def test_recent_entries_keep_the_most_recently_served_pages_within_their_bytes():
    overhead = pagecache.ENTRY_OVERHEAD  # counted per entry, so that empty pages count too
    recent = pagecache.RecentEntries(max_bytes=2 * overhead + 100)
    recent.put("a", entry(40))
    recent.put("b", entry(40))
    recent.get("a")  # served again: now the most recent
    recent.put("c", entry(40))  # 120 bytes of pages: "b", the least recent, goes
    assert recent.get("b") is None
    assert recent.get("a") is not None and recent.get("c") is not None
    recent.put("a", entry(70))  # replaced, counted once: 110 bytes, so "c" goes
    assert len(recent) == 1 and recent.get("c") is None
    recent.put("huge", entry(overhead + 101))
    assert recent.get("huge") is None and recent.get("a") is not None
    empty = pagecache.RecentEntries(max_bytes=2 * overhead)
    for number in range(5):
        empty.put(str(number), entry(0))
    assert len(empty) == 2
