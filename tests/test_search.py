"""Site search: in the page's language, stemmed, accent- and typo-tolerant, highlighted."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.models import Document, DocumentKind, MainSubject, Programme, Sector
from search import indexing
from search.indexing import rebuild
from search.models import SearchEntry
from tests.activities_data.factories import make_activity


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def search_url(language, query, **params):
    with translation.override(language):
        url = reverse("search:results")
    return url, {"q": query, **params}


def result_titles(response):
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', response.text)
    ]


@pytest.fixture
def sector(db):
    return Sector.objects.create(slug="health", name_en="Health", name_ar="الصحة", name_fr="Santé")


def make_programme(sector, slug, **fields):
    return Programme.objects.create(slug=slug, sector=sector, **fields)


@pytest.mark.django_db
def test_arabic_word_with_another_suffix_finds_the_arabic_text(client, sector):
    make_programme(
        sector,
        "diplomacy",
        name_en="Diplomacy Capacity Building Programme",
        name_ar="برنامج بناء القدرات الدبلوماسية",
        summary_en="Training for diplomats.",
        summary_ar="تدريب الدبلوماسيين المبتدئين.",
    )
    make_programme(sector, "health", name_en="Health", name_ar="الصحة", summary_en="Hospitals.")

    url, params = search_url("ar", "دبلوماسي")
    response = client.get(url, params)

    assert response.status_code == 200
    assert result_titles(response) == ["برنامج بناء القدرات الدبلوماسية"]
    assert "<mark>" in response.text


@pytest.mark.django_db
def test_french_word_typed_without_accents_is_found(client, sector):
    make_programme(
        sector,
        "osh",
        name_en="Occupational Safety and Health",
        name_fr="Sécurité et santé au travail",
        summary_en="Safer workplaces.",
        summary_fr="Des lieux de travail plus sûrs.",
    )
    url, params = search_url("fr", "securite")
    response = client.get(url, params)
    assert result_titles(response) == ["Sécurité et santé au travail"]
    assert "<mark>Sécurité</mark>" in response.text


@pytest.mark.django_db
def test_english_word_with_a_one_letter_typo_is_found(client, sector):
    make_programme(sector, "diplomacy", name_en="Diplomacy Programme", summary_en="Diplomats.")
    make_programme(sector, "tourism", name_en="Tourism Programme", summary_en="Tourism.")
    url, params = search_url("en", "diplomcy")
    response = client.get(url, params)
    assert result_titles(response) == ["Diplomacy Programme"]


@pytest.mark.django_db
def test_untranslated_content_is_found_through_its_english_text(client, sector):
    make_programme(sector, "cotton", name_en="Cotton Training", summary_en="Cotton growers.")
    url, params = search_url("ar", "cotton")
    response = client.get(url, params)
    assert result_titles(response) == ["Cotton Training"]
    assert re.search(r'<li class="search-result" lang="en" dir="ltr">', response.text)


@pytest.mark.django_db
def test_results_are_counted_per_type_and_filterable(client, sector):
    make_programme(sector, "a", name_en="Statistics One", summary_en="Statistics.")
    make_programme(sector, "b", name_en="Statistics Two", summary_en="Statistics.")
    url, params = search_url("en", "statistics")
    response = client.get(url, params)
    assert re.search(r"Programmes <span class=\"count\">2</span>", response.text)
    assert len(result_titles(response)) == 2

    response = client.get(url, {**params, "type": "activity"})
    assert result_titles(response) == []
    response = client.get(url, {**params, "type": "nonsense", "page": "abc"})
    assert response.status_code == 200
    assert len(result_titles(response)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "x" * 500, "<script>", "'; DROP TABLE x; --"])
def test_odd_queries_give_a_page(client, sector, query, language):
    make_programme(sector, "a", name_en="Statistics", summary_en="Statistics.")
    url, params = search_url(language, query)
    response = client.get(url, params)
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]


@pytest.mark.django_db
def test_content_cannot_inject_markup_into_results(client, sector):
    make_programme(
        sector,
        "a",
        name_en="Statistics 1 < 2 > 0",
        summary_en="<img src=x onerror=alert(1)>Statistics for all",
    )
    url, params = search_url("en", "statistics")
    main = client.get(url, params).text.split("<main", 1)[1]
    assert "<img" not in main
    assert "<mark>Statistics</mark> 1 &lt; 2 &gt; 0" in main


@pytest.mark.django_db
def test_index_follows_saves_and_deletes(sector):
    programme = make_programme(sector, "a", name_en="Tourism", summary_en="Travel.")
    assert SearchEntry.objects.filter(object_id=programme.pk, kind="programme").count() == 3
    MainSubject.objects.create(programme=programme, name_en="Destination marketing")
    assert (
        "destination marketing"
        in SearchEntry.objects.get(object_id=programme.pk, language="en").normalised
    )
    programme.is_active = False
    programme.save()
    assert not SearchEntry.objects.filter(object_id=programme.pk).exists()
    programme.is_active = True
    programme.save()
    programme.delete()
    assert not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_deferred_indexing_writes_the_entries_once_at_the_end(sector):
    with indexing.deferred():
        programme = make_programme(sector, "a", name_en="Tourism", summary_en="Travel.")
        MainSubject.objects.create(programme=programme, name_en="Destination marketing")
        gone = make_programme(sector, "b", name_en="Gone", summary_en="Soon deleted.")
        assert not SearchEntry.objects.exists()
        gone.delete()
    entries = SearchEntry.objects.filter(object_id=programme.pk, kind="programme")
    assert entries.count() == 3
    assert "destination marketing" in entries.get(language="en").normalised
    assert set(SearchEntry.objects.values_list("object_id", flat=True)) == {programme.pk}


@pytest.mark.django_db
def test_a_block_that_fails_indexes_nothing(sector):
    with pytest.raises(RuntimeError), indexing.deferred():
        make_programme(sector, "a", name_en="Tourism", summary_en="Travel.")
        raise RuntimeError
    assert not SearchEntry.objects.exists()
    make_programme(sector, "b", name_en="Trade", summary_en="Markets.")  # indexed at once again
    assert SearchEntry.objects.filter(kind="programme").count() == 3


def test_the_demo_loader_leaves_the_index_a_rebuild_would_write(demo):
    def index():
        return sorted(
            SearchEntry.objects.values_list(
                "kind", "object_id", "language", "text_language", "url", "title", "body",
                "keywords", "normalised", "search_vector",
            )
        )  # fmt: skip

    loaded = index()
    assert len(loaded) > 60
    rebuild()
    assert index() == loaded


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_search_page_queries_stay_constant(client, sector, count, django_assert_num_queries):
    for number in range(count):
        make_programme(sector, f"p{number}", name_en=f"Statistics {number}", summary_en="Data.")
    rebuild()
    url, params = search_url("en", "statistics")
    # counts per type, paginator count, the page of results (a GET reads in autocommit)
    with django_assert_num_queries(3):
        response = client.get(url, params)
    assert len(result_titles(response)) == min(count, 20)


@pytest.mark.django_db
def test_arabic_activity_is_found_by_a_word_with_another_suffix(client, sector):
    programme = make_programme(sector, "diplomacy", name_en="Diplomacy", summary_en="Diplomats.")
    make_activity(
        programme,
        1,
        title_en="Humanitarian diplomacy course",
        title_ar="دورة حول الدبلوماسية الإنسانية",
        summary_ar="حضر الدورة 97 دبلوماسيا مبتدئا.",
    )
    make_activity(programme, 2, title_en="Statistics course", title_ar="دورة في الإحصاء")

    url, params = search_url("ar", "الإنساني")
    response = client.get(url, params)

    assert result_titles(response) == ["دورة حول الدبلوماسية الإنسانية"]
    assert 'الأنشطة <span class="count">1</span>' in response.text


@pytest.mark.django_db
def test_unpublished_activities_are_never_found(client, sector):
    programme = make_programme(sector, "diplomacy", name_en="Diplomacy", summary_en="Diplomats.")
    activity = make_activity(programme, 1, title_en="Secret planning meeting", is_published=False)
    url, params = search_url("en", "planning")
    assert result_titles(client.get(url, params)) == []

    activity.is_published = True
    activity.save()
    assert result_titles(client.get(url, params)) == ["Secret planning meeting"]


@pytest.mark.django_db
def test_documents_are_found_by_kind_and_programme(client, sector):
    programme = make_programme(
        sector, "tourism", name_en="Tourism Programme", name_fr="Programme tourisme", summary_en="x"
    )
    kind = DocumentKind.objects.create(
        slug="questionnaire",
        name_en="Questionnaire",
        name_fr="Questionnaire",
        category="questionnaire",
    )
    Document.objects.create(programme=programme, kind=kind)

    url, params = search_url("fr", "questionnaire tourisme")
    response = client.get(url, params)
    assert result_titles(response) == ["Questionnaire – Programme tourisme"]
    assert 'href="/fr/programmes/tourism/#documents-heading"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("fr", "Tchad"),
        ("ar", "تشاد"),
        ("en", "Chad"),
        ("en", "Tchad"),  # a French reader on the English site
        ("fr", "نجامينا"),
    ],
)
def test_places_find_their_activities_in_any_of_the_three_languages(client, demo, language, query):
    url, params = search_url(language, query)
    titles = result_titles(client.get(url, params))
    expected = {
        "en": "Training Course on ‘Bilateral Negotiation’",
        "fr": "Cours de formation sur la «\u00a0négociation bilatérale\u00a0»",
        "ar": "دورة تدريبية حول «التفاوض الثنائي»",
    }[language]
    assert expected in titles


@pytest.mark.django_db
def test_a_typo_finds_the_programme_on_either_database(client, demo):
    url, params = search_url("en", "diplomcy")
    titles = result_titles(client.get(url, params))
    assert "Diplomacy Capacity Building Programme" in titles
    url, params = search_url("fr", "diplomatie humanitair")
    assert any(
        "Diplomatie humanitaire" in title for title in result_titles(client.get(url, params))
    )


@pytest.mark.django_db
def test_snippets_keep_fields_apart(client, sector):
    make_programme(
        sector,
        "stat",
        name_en="Statistics Programme",
        acronym="StatCaB",
        summary_en="Statistics for all",
    )
    url, params = search_url("en", "statcab")
    response = client.get(url, params)
    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', response.text, re.S).group(1)
    assert "StatCaB</mark> · Statistics for all" in snippet


@pytest.mark.django_db
def test_a_search_in_another_language_points_to_it(client, sector):
    make_programme(
        sector,
        "diplomacy",
        name_en="Diplomacy Programme",
        name_ar="برنامج الدبلوماسية",
        name_fr="Programme de diplomatie",
        summary_en="Diplomats.",
        summary_ar="الدبلوماسيون.",
        summary_fr="Diplomates.",
    )
    url, params = search_url("en", "الدبلوماسية")
    response = client.get(url, params)
    assert result_titles(response) == []
    assert (
        '<a href="/ar/search/?q=%D8%A7%D9%84%D8%AF%D8%A8%D9%84%D9%88%D9%85%D8%A7%D8%B3%D9%8A%D8%A9"'
        ' hreflang="ar" lang="ar" dir="rtl">العربية</a> (1 result)' in response.text
    )
    hint = response.text.split('class="search-elsewhere"', 1)[1].split("</div>", 1)[0]
    assert 'hreflang="fr"' not in hint  # French has no result
    # Followed, the link gives the results.
    response = client.get("/ar/search/", {"q": "الدبلوماسية"})
    assert result_titles(response) == ["برنامج الدبلوماسية"]


@pytest.mark.django_db
def test_other_languages_place_names_find_but_stay_out_of_the_snippet(client, demo):
    url, params = search_url("fr", "Tchad")
    page = client.get(url, params).text
    assert "Cours de formation sur la «\u00a0négociation bilatérale\u00a0»" in page
    main = page.split("<main", 1)[1]
    assert "تشاد" not in main and "نجامينا" not in main
    assert not re.search(r"\bChad\b", main)
    # …though they find it.
    url, params = search_url("fr", "نجامينا")
    assert "Cours de formation sur la «\u00a0négociation bilatérale\u00a0»" in result_titles(
        client.get(url, params)
    )
