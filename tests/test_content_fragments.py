"""Fragments of public pages kept in the shared cache (core/fragments.py): written once per content
generation and language, read back also with the page cache off (as in every test here), and
never stale: each kind of content change makes the next request write them afresh."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, Photo
from core import fragments
from programmes.models import Organisation, Programme, Sector
from tests.activities_data.factories import make_activity

# Bumps of the content generation happen only after a real commit.
committing = pytest.mark.django_db(transaction=True)

PROGRAMME_PAGE = "/en/programmes/tourism/"
ACTIVITY_PAGE = "/en/activities/test-activity-1/"
REGISTRATION_FORM = "/en/roscab/register/"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def programme(db):
    sector = Sector.objects.create(slug="health", name_en="Health")
    programme = Programme.objects.create(
        slug="tourism", sector=sector, name_en="Tourism Programme", summary_en="Travel."
    )
    make_activity(programme, 1, title_en="Tourism statistics course")
    return programme


def fetch(client, path):
    """The page's HTML, and the tables its queries read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), " ".join(query["sql"] for query in queries)


@committing
def test_a_fragment_is_read_back_unchanged_without_its_queries(client, programme):
    first, first_queries = fetch(client, PROGRAMME_PAGE)
    second, second_queries = fetch(client, PROGRAMME_PAGE)

    assert second == first
    assert "activities_activity" in first_queries
    # The page's head still reads the programme; its body came from the fragment cache.
    assert "activities_activity" not in second_queries
    assert "programmes_organisation" not in second_queries


def rename_summary(programme):
    programme.summary_en = "Journeys."
    programme.save()


def translate_summary(programme):
    programme.summary_fr = "Voyages."
    programme.save()


def add_partner(programme):
    programme.partners.add(Organisation.objects.create(name_en="Forum"))


def rename_sector(programme):
    sector = programme.sector
    sector.name_en = "Public health"
    sector.save()


def add_activity(programme):
    make_activity(programme, 2, title_en="Hotel management workshop")


def rename_activity(programme):
    activity = programme.activities.get()
    activity.title_en = "Renamed course"
    activity.save()


def add_photo(programme):
    Photo.objects.create(
        activity=programme.activities.get(),
        image="activities/photos/stored-opening.jpg",
        width=1200,
        height=800,
        alt_text_en="Delegates at the opening",
    )


def add_subject(programme):
    programme.subjects.create(name_en="Hotel inspection")


@committing
@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        (rename_summary, "/en/programmes/", "Journeys."),
        (rename_summary, PROGRAMME_PAGE, "Journeys."),
        (translate_summary, "/fr/programmes/tourism/", "Voyages."),
        (add_partner, PROGRAMME_PAGE, "Forum"),
        (rename_sector, "/en/programmes/", "Public health"),
        (add_activity, "/en/activities/", "Hotel management workshop"),
        (add_activity, "/en/", "Hotel management workshop"),
        (add_activity, PROGRAMME_PAGE, "Hotel management workshop"),
        (rename_activity, ACTIVITY_PAGE, "Renamed course"),
        # The page's head (og:image, structured data) and its gallery are fragments too.
        (add_photo, ACTIVITY_PAGE, 'property="og:image:alt" content="Delegates at the opening"'),
        (add_photo, ACTIVITY_PAGE, 'alt="Delegates at the opening"'),
        (add_subject, REGISTRATION_FORM, "Hotel inspection"),
    ],
    ids=[
        "save-catalogue",
        "save-programme-page",
        "translation",
        "many-to-many",
        "related-row",
        "new-row-index",
        "new-row-home",
        "new-row-programme-page",
        "activity-page",
        "activity-head",
        "activity-gallery",
        "registration-form",
    ],
)
def test_every_kind_of_change_rewrites_the_fragments(client, programme, change, path, expected):
    before, _queries = fetch(client, path)
    # Read back from the fragment cache (a form's CSRF token is the visitor's own).
    assert CSRF_TOKEN.sub("", fetch(client, path)[0]) == CSRF_TOKEN.sub("", before)
    assert expected not in before

    change(programme)

    assert expected in fetch(client, path)[0]


@committing
@pytest.mark.parametrize(
    "change",
    [
        lambda: Activity.objects.filter(slug="test-activity-1").unpublish(),
        lambda: Activity.objects.get(slug="test-activity-1").delete(),
    ],
    ids=["bulk-unpublish", "delete"],
)
@pytest.mark.parametrize("path", ["/en/activities/", PROGRAMME_PAGE])
def test_unpublished_or_deleted_rows_leave_the_fragments(client, programme, change, path):
    assert "Tourism statistics course" in fetch(client, path)[0]
    assert "Tourism statistics course" in fetch(client, path)[0]

    change()

    assert "Tourism statistics course" not in fetch(client, path)[0]


@committing
def test_an_activity_page_read_back_reads_only_the_activity(client, programme):
    add_photo(programme)
    first, first_queries = fetch(client, ACTIVITY_PAGE)
    second, second_queries = fetch(client, ACTIVITY_PAGE)

    assert second == first
    assert "activities_photo" in first_queries and "matching_activityexpert" in first_queries
    assert "activities_photo" not in second_queries
    assert "matching_activityexpert" not in second_queries


@committing
def test_a_page_reads_all_its_fragments_in_one_round_trip(client, programme, monkeypatch):
    add_photo(programme)
    fetch(client, ACTIVITY_PAGE)  # writes the head, the og:image and the body fragments
    reads = []
    original = fragments.cache.get_many

    def counting(keys, *args, **kwargs):
        reads.append(list(keys))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(fragments.cache, "get_many", counting)
    assert "Delegates at the opening" in fetch(client, ACTIVITY_PAGE)[0]

    assert len(reads) == 1 and len(reads[0]) == 1 + 3  # the generation and three fragments


@committing
def test_a_bump_that_failed_is_retried_before_the_page_reads_its_fragments(client, programme):
    from core import freshness

    add_photo(programme)  # the activity page then has three fragments, read at once
    assert "Tourism statistics course" in fetch(client, ACTIVITY_PAGE)[0]
    # An edit whose bump failed (Redis unreachable then): the process remembers to retry.
    Activity.objects.filter(slug="test-activity-1").update(title_en="Renamed course")
    freshness._failed.set()

    assert "<h1>Renamed course</h1>" in fetch(client, ACTIVITY_PAGE)[0]  # in the fragment
    assert not freshness.bump_pending()


@committing
def test_the_empty_registration_form_is_a_fragment_with_a_token_per_visitor(client, programme):
    first, first_queries = fetch(client, REGISTRATION_FORM)
    client.cookies.clear()  # another visitor
    second, second_queries = fetch(client, REGISTRATION_FORM)

    assert CSRF_TOKEN.search(first)[1] != CSRF_TOKEN.search(second)[1]
    assert CSRF_TOKEN.sub("", second) == CSRF_TOKEN.sub("", first)
    assert 'name="nationality"' in second and "Tourism Programme" in second
    assert "programmes_mainsubject" in first_queries
    assert "programmes_mainsubject" not in second_queries
    assert fragments.cache.get(fragments.fragment_key("experts:form", ["experts/register.html"]))


@committing
def test_a_registration_form_sent_back_with_its_mistakes_is_never_stored(client, programme):
    fetch(client, REGISTRATION_FORM)
    response = client.post(REGISTRATION_FORM, {"given_name": "Leyla", "email": "not-an-address"})
    assert response.status_code == 200
    assert 'value="Leyla"' in response.content.decode()

    # The empty form that follows is the stored one, not the one with Leyla's answers.
    assert 'value="Leyla"' not in fetch(client, REGISTRATION_FORM)[0]


def test_a_change_not_yet_committed_is_read_by_its_own_transaction(client, programme):
    # In a transaction (as in most tests, or an admin view), the bump waits for the commit:
    # fragments are written fresh meanwhile, never read from nor stored in the cache.
    assert "Journeys." not in fetch(client, PROGRAMME_PAGE)[0]
    programme.summary_en = "Journeys."
    programme.save()

    assert "Journeys." in fetch(client, PROGRAMME_PAGE)[0]


@committing
def test_daily_fragments_are_written_again_the_next_day(client, programme, monkeypatch):
    first, _queries = fetch(client, "/en/activities/")
    key = fragments.fragment_key("activities:index", [""])
    generation, day, _html = fragments.cache.get(key)
    assert day == fragments.timezone.localdate().isoformat()

    tomorrow = fragments.timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(fragments.timezone, "localdate", lambda: tomorrow)
    fetch(client, "/en/activities/")

    assert fragments.cache.get(key)[:2] == (generation, tomorrow.isoformat())


@committing
def test_drafts_and_unknown_query_parameters_are_never_stored(admin_client, client, programme):
    Programme.objects.filter(pk=programme.pk).update(is_active=False)
    assert "Travel." in fetch(admin_client, PROGRAMME_PAGE)[0]
    assert fragments.cache.get(fragments.fragment_key("programmes:detail", ["tourism"])) is None

    fetch(client, "/en/activities/?page=1")
    assert fragments.cache.get(fragments.fragment_key("activities:index", ["page=1"]))


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("", ""),
        ("page=2&kind=training", "kind=training&page=2"),
        ("utm_source=mail", None),
        ("page=1&page=2", None),
        ("page=" + "9" * 201, None),
    ],
)
def test_only_declared_query_parameters_make_a_key(rf, query, key):
    assert fragments.query_key(rf.get(f"/en/activities/?{query}"), ("page", "kind")) == key


@committing
def test_the_cache_failing_means_fresh_fragments(client, programme, monkeypatch):
    def unreachable(*_args, **_kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(fragments.cache, "get_many", unreachable)

    assert "Tourism statistics course" in fetch(client, PROGRAMME_PAGE)[0]
