"""Activity pages: the programme table, the index with its filters, the activity page."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity, Kind
from programmes.models import Programme
from tests.activities_data.factories import add_stored_photos, make_activity

SEED_TABLE = [
    # venue (English), date, start of the information link: the seven rows of seed 000
    ("Virtual – SESRIC, Ankara, Türkiye", "24–27 October 2022", "SESRIC Organised the 6th"),
    ("Virtual – SESRIC, Ankara, Türkiye", "13–16 September 2021", "SESRIC Conducted the 5th"),
    ("Virtual – SESRIC, Ankara, Türkiye", "14–17 September 2020", "SESRIC Conducted the Fourth"),
    ("Istanbul, Türkiye", "26–28 November 2019", "SESRIC Organized the 2019"),
    ("N'Djamena, Chad", "23–24 April 2019", "Training Course on ‘Bilateral"),
    ("Istanbul, Türkiye", "26–29 November 2018", "Training Course on OIC Diplomacy"),
    ("Istanbul, Türkiye", "21–23 November 2017", "Training Workshop for Junior"),
]


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def render_table(programme, language="en"):
    """The Implemented Activities section of the programme's page."""
    html = Client().get(url(language, "programmes:detail", slug=programme.slug)).content.decode()
    return re.search(r'<section class="programme-activities".*?</section>', html, re.S).group()


@pytest.mark.django_db
def test_programme_table_matches_the_seed_newest_first(demo):
    html = render_table(Programme.objects.get(slug="diplomacy-cab"))
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    label = r'<span class="activities-table__label" aria-hidden="true">(.*?)</span>'
    # Each value names its column too (shown on phones, where rows become blocks).
    for row in rows:
        assert re.findall(label, row) == ["Venue", "Date", "Information"]
    cells = [
        [text(re.sub(label, "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]
    assert len(cells) == len(SEED_TABLE)
    for (venue, dates, info), (expected_venue, expected_dates, expected_info) in zip(
        cells, SEED_TABLE, strict=True
    ):
        assert venue == expected_venue.replace("'", "&#x27;")
        assert dates == expected_dates
        assert info.replace("&#x27;", "'").startswith(expected_info)
    assert '<th scope="col">Venue</th>' in html
    assert "<caption" in html


@pytest.mark.django_db
def test_programme_table_in_arabic_isolates_dates_and_links_each_activity(demo):
    html = render_table(Programme.objects.get(slug="diplomacy-cab"), "ar")
    assert '<bdi><time datetime="2022-10-24">24–27 أكتوبر 2022</time></bdi>' in html
    assert 'href="/ar/activities/diplomacy-cab-2022-humanitarian-diplomacy/"' in html


@pytest.mark.django_db
def test_programme_table_without_activities_says_so(demo):
    html = render_table(Programme.objects.get(slug="statcab"))
    assert "No activity has been published for this programme yet." in html
    assert "<table" not in html


@pytest.mark.django_db
def test_unpublished_activities_stay_hidden(demo, client):
    activity = Activity.objects.get(slug="diplomacy-cab-2019-istanbul")
    activity.is_published = False
    activity.save()
    assert "SESRIC Organized the 2019" not in render_table(activity.programme)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert (
        "SESRIC Organized the 2019"
        not in client.get(url("en", "activities:index")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?page=9999",
        "?page=-1&year=",
        "?programme=no-such-programme",
        "?kind=<script>",
        "?country=XX&mode=teleport",
        "?year=1900",
        "?page=abc&year=2022&year=zzz",
    ],
)
def test_bad_filter_values_give_a_page_not_an_error(demo, client, language, query):
    response = client.get(url(language, "activities:index") + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page.split("<main", 1)[1]
    if "page=" not in query or "year=abc" in query:
        assert 'role="alert"' in page or query in ("?page=9999",)


@pytest.mark.django_db
def test_invalid_filters_are_reported_and_the_valid_ones_still_apply(demo, client):
    response = client.get(url("en", "activities:index") + "?year=abc&programme=tourism-cab")
    page = response.content.decode()
    assert "Some filters were not understood" in page
    assert "Tourism Webinar" in page
    assert "Humanitarian" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?programme=osh-cab", "Occupational Safety", "Bilateral"),
        ("?year=2019", "Bilateral", "Humanitarian"),
        ("?kind=webinar", "Tourism Webinar", "Bilateral"),
        ("?country=TD", "Bilateral", "Istanbul"),
        ("?mode=in-person", "Istanbul", "Virtual"),
        ("?mode=virtual", "Humanitarian", "Istanbul"),
    ],
)
def test_filters(demo, client, query, present, absent):
    page = client.get(url("en", "activities:index") + query).content.decode()
    main = page.split('id="past-heading"', 1)[1]
    assert present in main
    assert absent not in main


@pytest.mark.django_db
def test_upcoming_and_planned_activities_are_separated_from_past_ones(demo, client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    today = timezone.localdate()
    make_activity(
        programme,
        1,
        title_en="Next year's course",
        title_fr="Next year's course",
        start_date=today + datetime.timedelta(days=200),
        end_date=None,
    )
    make_activity(
        programme,
        2,
        title_en="A planned visit",
        title_fr="A planned visit",
        start_date=None,
        end_date=None,
        kind=Kind.STUDY_VISIT,
    )
    make_activity(
        programme,
        3,
        title_en="Running right now",
        title_fr="Running right now",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )
    page = client.get(url("fr", "activities:index")).content.decode()
    upcoming, past = page.split('id="past-heading"', 1)
    for title in ("Next year's course", "A planned visit", "Running right now"):
        assert title.replace("'", "&#x27;") in upcoming
        assert title.replace("'", "&#x27;") not in past
    assert "Date à annoncer" in upcoming
    assert "Humanitarian" not in upcoming


@pytest.mark.django_db
def test_pagination_of_past_activities(demo, client):
    programme = Programme.objects.get(slug="statcab")
    for number in range(45):
        make_activity(programme, number)
    first = client.get(url("en", "activities:index") + "?programme=statcab").content.decode()
    assert "Page 1 of 3" in first
    assert "programme=statcab&amp;page=2" in first
    last = client.get(url("en", "activities:index") + "?programme=statcab&page=3").content.decode()
    assert "Page 3 of 3" in last
    assert last.count('href="/en/activities/test-activity-') == 5


@pytest.mark.django_db
def test_activity_page_in_each_language(demo, client, language):
    response = client.get(
        url(language, "activities:detail", slug="diplomacy-cab-2022-humanitarian-diplomacy")
    )
    assert response.status_code == 200
    page = response.content.decode()
    expected = {
        "en": ("24–27 October 2022", "Opening session</h2>", "Photos"),
        "fr": ("24–27 octobre 2022", "Le programme</h2>", "Photos"),
        "ar": ("24–27 أكتوبر 2022", "الجلسة الافتتاحية</h2>", "الصور"),
    }[language]
    for snippet in expected:
        assert snippet in page
    assert page.count("<h1") == 1
    assert "<bdi>97</bdi>" in page and "<bdi>30</bdi>" in page
    assert "<bdi>ICYF</bdi>" in page
    assert page.count('class="gallery__link"') == 3
    # three thumbnails, and the lightbox's picture (which starts on the first photo)
    assert page.count('<source type="image/webp" srcset="/media/activities/photos/') == 4
    assert 'rel="prev"' in page and "diplomacy-cab-2021-cultural-diplomacy" in page
    assert 'rel="next"' not in page  # the newest edition
    assert "calendar.ics" in page


@pytest.mark.django_db
def test_previous_and_next_editions(demo, client):
    page = client.get(
        url("en", "activities:detail", slug="diplomacy-cab-2019-bilateral-negotiation")
    ).content.decode()
    nav = page.split('class="edition-nav"', 1)[1]
    assert 'href="/en/activities/diplomacy-cab-2018-oic-diplomacy/" rel="prev"' in nav
    assert 'href="/en/activities/diplomacy-cab-2019-istanbul/" rel="next"' in nav


# The previous and next editions: one UNION on PostgreSQL, two queries where the database
# cannot order and slice the parts of a compound query (SQLite, for `make run`).
NEIGHBOUR_QUERIES = 1 if connection.features.supports_slicing_ordering_in_compound else 2


@pytest.mark.django_db
def test_editions_of_the_same_day_follow_each_other_and_cost_the_same_queries(
    demo, client, django_assert_num_queries
):
    """Two rows are read, however many editions: the same day orders by creation."""
    from activities.views import _neighbours

    programme = Programme.objects.get(slug="diplomacy-cab")
    day = datetime.date(2031, 5, 4)
    first, middle, last = (
        make_activity(programme, 40 + n, start_date=day, end_date=day) for n in range(3)
    )
    with django_assert_num_queries(NEIGHBOUR_QUERIES):
        around = _neighbours(middle)
    assert (around["previous"].pk, around["next"].pk) == (first.pk, last.pk)
    for n in range(20):
        earlier = day - datetime.timedelta(days=n + 1)
        make_activity(programme, 60 + n, start_date=earlier, end_date=earlier)
    with django_assert_num_queries(NEIGHBOUR_QUERIES):
        around = _neighbours(first)
    assert around["previous"].start_date == day - datetime.timedelta(days=1)
    assert around["next"].pk == middle.pk
    assert _neighbours(last)["next"] is None


@pytest.mark.django_db
def test_untranslated_activity_falls_back_to_english_marked_as_such(demo, client):
    activity = make_activity(
        Programme.objects.get(slug="diplomacy-cab"), 7, title_fr="", body_en="<p>English only</p>"
    )
    page = client.get(url("ar", "activities:detail", slug=activity.slug)).content.decode()
    assert '<h1><span lang="en" dir="ltr">Activity 7</span></h1>' in page
    assert '<div lang="en" dir="ltr"><p>English only</p></div>' in page


@pytest.mark.django_db
def test_article_body_is_sanitised_on_save(demo):
    activity = make_activity(
        Programme.objects.get(slug="diplomacy-cab"),
        8,
        body_en='<p style="color:red" onmouseover="steal()">Hi <a href="javascript:alert(1)">x</a>'
        '<a href="https://sesric.org">ok</a></p><script>alert(1)</script>'
        '<iframe src="//e"></iframe>',
        body_fr="<h2>Titre</h2><img src=x onerror=alert(1)>",
    )
    activity.refresh_from_db()
    assert activity.body_en == (
        '<p>Hi <a rel="noopener noreferrer">x</a>'
        '<a href="https://sesric.org" rel="noopener noreferrer">ok</a></p>'
    )
    assert activity.body_fr == "<h2>Titre</h2>"


@pytest.mark.django_db
def test_end_date_before_start_date_is_refused_by_the_database_too(demo):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    programme = Programme.objects.get(slug="diplomacy-cab")
    activity = Activity(
        programme=programme,
        kind=Kind.SEMINAR,
        title_en="x",
        summary_en="x",
        slug="x",
        start_date=datetime.date(2024, 5, 2),
        end_date=datetime.date(2024, 5, 1),
    )
    with pytest.raises(ValidationError):
        activity.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


def _fill(programme, count):
    first = Activity.objects.count()
    for number in range(first, first + count):
        activity = make_activity(programme, 1000 + number, country=("TR", "TD", "SN")[number % 3])
        activity.partners.set(programme.partners.all())
        add_stored_photos(activity, 2)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_activities(demo, client):
    """The same number of queries with 5 and with 205 activities (and 2 vs 32 photos), on the
    activities index, an activity page and a programme page's table of activities."""
    from django.test.utils import CaptureQueriesContext

    programme = Programme.objects.get(slug="diplomacy-cab")
    Activity.objects.all().delete()
    _fill(programme, 5)
    target = Activity.objects.order_by("start_date")[2]

    def measure(name):
        # The table shows the newest editions (PROGRAMME_PAGE_ACTIVITIES of them).
        newest = Activity.objects.published().newest_first().first()
        with CaptureQueriesContext(connection) as queries:
            if name == "index":
                assert client.get(url("fr", "activities:index")).status_code == 200
            elif name == "detail":
                response = client.get(url("ar", "activities:detail", slug=target.slug))
                assert response.status_code == 200
            else:
                assert newest.title_fr in render_table(programme, "fr")
        return [query["sql"] for query in queries.captured_queries]

    pages = ("index", "detail", "table")
    small = {name: measure(name) for name in pages}
    _fill(programme, 200)
    add_stored_photos(target, 30)
    large = {name: measure(name) for name in pages}
    assert Activity.objects.count() == 205
    assert {name: len(large[name]) for name in pages} == {name: len(small[name]) for name in pages}
    # "table" renders the whole programme page that holds it (its needs and capacities included).
    # "detail" also asks which experts who served agreed to be named (ACTIVITY_PAGE_EXTRAS).
    # In a transaction no fragment is stored: "detail" and "table" read the page's head row
    # (a few columns), then the whole row for the fragments, as after an edit.
    limits = {"index": 6, "detail": 5 + NEIGHBOUR_QUERIES, "table": 7}
    for name in pages:
        assert len(large[name]) <= limits[name], (name, [sql[:90] for sql in large[name]])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_format_names_are_isolated_in_the_follow_links(demo, client, language):
    """Latin "Atom" and ".ics" inside Arabic sentences are isolated (<bdi>, or FSI/PDI in an
    attribute, which cannot hold markup)."""
    index = client.get(url(language, "activities:index")).content.decode()
    detail = client.get(
        url(language, "activities:detail", slug="diplomacy-cab-2022-humanitarian-diplomacy")
    ).content.decode()
    expected = {
        "ar": (
            "تابع الأنشطة الجديدة (موجز <bdi>Atom</bdi>)",
            "أضف الأنشطة القادمة إلى تقويمك (<bdi>.ics</bdi>)",
            'title="الأنشطة (موجز \u2068Atom\u2069)"',
        ),
        "fr": (
            "Suivre les nouvelles activités (flux <bdi>Atom</bdi>)",
            "Ajouter les activités à venir à votre agenda (<bdi>.ics</bdi>)",
            'title="Activités (flux Atom)"',
        ),
    }[language]
    for snippet in expected:
        assert snippet in index
    assert "(<bdi>.ics</bdi>)</a>" in detail
    assert "&lt;bdi&gt;" not in index + detail


@pytest.mark.django_db
def test_untranslated_venue_parts_are_marked_and_isolated_in_arabic_order(demo, client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    in_person = make_activity(programme, 7, city_en="Istanbul", city_ar="", country="TR")
    virtual = make_activity(
        programme,
        8,
        is_virtual=True,
        host_office_en="SESRIC",
        host_office_ar="",
        city_en="Ankara",
        city_ar="أنقرة",
        country="TR",
    )
    page = client.get(url("ar", "activities:detail", slug=in_person.slug)).content.decode()
    # The whole venue isolated in the page's direction, so the city stays first (on the right).
    assert '<bdi dir="rtl"><bdi lang="en" dir="ltr">Istanbul</bdi>، <bdi>تركيا</bdi></bdi>' in page
    page = client.get(url("ar", "activities:detail", slug=virtual.slug)).content.decode()
    assert (
        '<bdi dir="rtl">افتراضي – <bdi lang="en" dir="ltr">SESRIC</bdi>، '
        "<bdi>أنقرة</bdi>، <bdi>تركيا</bdi></bdi>" in page
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No activity in 2015."),
        ("fr", "Aucune activité en 2015."),
        ("ar", "لا يوجد أي نشاط في 2015."),
    ],
)
def test_a_year_without_activity_says_so_without_an_error(demo, client, language, message):
    """The former site's archive (activities-archive.php?year=2015) lands here."""
    page = client.get(url(language, "activities:index") + "?year=2015").content.decode()
    assert 'role="alert"' not in page
    assert message in page
    assert '<option value="2015" selected>2015</option>' in page
    assert "Tourism Webinar" not in page
