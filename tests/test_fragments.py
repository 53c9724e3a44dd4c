"""Fragments kept per content generation (core.fragments): the statistics, the downloads list,
search results and the registration form's checklists are rendered once, kept while the
content is unchanged (page cache on or off), and fresh after every edit."""

import pytest
from django.db import transaction
from django.utils import translation

from core import fragments, freshness
from programmes.models import Document, DocumentKind, MainSubject
from tests.activities_data.factories import make_activity
from tests.experts_data.support import make_programme

# Bumps of the generation happen only after a real commit.
committing = pytest.mark.django_db(transaction=True)


def counting_render(html="<p>x</p>"):
    calls = []

    def render():
        calls.append(1)
        return f"{html} {len(calls)}"

    return render, calls


@committing
def test_a_fragment_is_kept_until_the_generation_changes_per_language(settings):
    render, calls = counting_render()
    with translation.override("en"):
        first = fragments.cached_fragment("test", ["a"], render)
        assert fragments.cached_fragment("test", ["a"], render) == first
        assert len(calls) == 1
        fragments.cached_fragment("test", ["b"], render)  # another key
        assert len(calls) == 2
    with translation.override("fr"):
        fragments.cached_fragment("test", ["a"], render)  # another language
        assert len(calls) == 3
    freshness.bump_generation()
    with translation.override("en"):
        assert fragments.cached_fragment("test", ["a"], render) != first
        assert len(calls) == 4


@committing
def test_no_fragment_is_read_or_kept_while_a_change_waits_for_its_commit():
    render, calls = counting_render()
    fragments.cached_fragment("test", [], render)
    with transaction.atomic():
        freshness.content_changed()
        fragments.cached_fragment("test", [], render)
        fragments.cached_fragment("test", [], render)
    assert len(calls) == 3


def test_every_fragment_has_a_time_to_live(db, settings, monkeypatch):
    from django.core.cache import cache

    stored = []
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: stored.append(timeout))
    settings.PAGE_CACHE_SECONDS = 1234
    fragments.cached_fragment("test", [], lambda: "x")
    fragments.cached_fragment("other", [], lambda: "y", timeout=60)
    assert stored == [1234, 60]


def test_the_cache_failing_means_fresh_html_never_an_error(db, monkeypatch):
    from django.core.cache import cache

    def broken(*_args, **_kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    assert fragments.cached_fragment("test", [], lambda: "fresh") == "fresh"


@pytest.fixture
def programme(transactional_db):
    with translation.override("en"):
        return make_programme()


@committing
def test_statistics_are_fresh_after_an_edit(client, programme):
    make_activity(programme, 1, participants=17)
    assert "17" in client.get("/en/statistics/").content.decode()
    assert "17" in client.get("/en/statistics/").content.decode()  # from the fragment
    make_activity(programme, 2, participants=25)
    page = client.get("/en/statistics/").content.decode()
    assert '<span class="key-figure__value">42</span>' in page


@committing
def test_the_registration_checklists_are_fresh_after_an_edit(client, programme):
    assert "Mediation" in client.get("/en/roscab/register/").content.decode()
    MainSubject.objects.create(programme=programme, name="Negotiation", order=5)
    page = client.get("/en/roscab/register/").content.decode()
    assert "Mediation" in page and "Negotiation" in page
    programme.name = "Renamed programme"
    programme.save()
    assert "Renamed programme" in client.get("/en/roscab/register/").content.decode()


@committing
def test_the_registration_form_keeps_no_visitor_state_in_its_fragments(client, programme):
    """Ticked boxes are the visitor's: a refused form shows them, the next empty form not."""
    subject = programme.subjects.get()
    client.get("/en/roscab/register/")  # the fragment stored
    page = client.post(
        "/en/roscab/register/", {"programmes": [programme.pk], "subjects": [subject.pk]}
    ).content.decode()
    assert f'value="{subject.pk}" id="id_subjects_{subject.pk}" checked' in page
    page = client.get("/en/roscab/register/").content.decode()
    assert f'value="{subject.pk}" id="id_subjects_{subject.pk}">' in page
    assert " checked" not in page


@committing
def test_downloads_are_fresh_after_an_edit(client, programme):
    kind = DocumentKind.objects.create(slug="tor", name_en="Terms of reference")
    Document.objects.create(programme=programme, kind=kind, file_en="documents/tor.pdf")
    assert "Terms of reference" in client.get("/en/programmes/downloads/").content.decode()
    kind.name_en = "Renamed kind"
    kind.save()
    assert "Renamed kind" in client.get("/en/programmes/downloads/").content.decode()
    programme.is_active = False
    programme.save()
    assert "No document matches" in client.get("/en/programmes/downloads/").content.decode()


@committing
def test_search_results_are_fresh_after_an_edit(client, programme):
    make_activity(programme, 1, title_en="Maritime security workshop")
    assert "Maritime" in client.get("/en/search/?q=maritime").content.decode()
    make_activity(programme, 2, title_en="Maritime law course")
    page = client.get("/en/search/?q=maritime").content.decode()
    assert "law course" in page and "security workshop" in page
