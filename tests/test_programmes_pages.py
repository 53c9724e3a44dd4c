"""Catalogue, programme page and downloads page, in the three languages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programmes.models import Document, DocumentKind, Organisation, Programme, Sector
from tests.programmes_data.factories import make_programmes

DIPLOMACY_NAMES = {
    "en": "Diplomacy Capacity Building Programme",
    "ar": "برنامج بناء القدرات الدبلوماسية",
    "fr": "Programme de renforcement des capacités diplomatiques",
}
STUDY_VISITS = {
    "en": "Terms of Reference for Study Visits",
    "ar": "الشروط المرجعية للزيارات الدراسية",
    "fr": "Termes de référence des visites d&#x27;étude",
}
SUBJECT = {"en": "Conflict Resolution", "ar": "حل النزاعات", "fr": "Résolution des conflits"}


def url(page_language, name, **kwargs):
    with translation.override(page_language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


@pytest.fixture
def demo_media(demo, settings):
    """The demo's files, in the test run's MEDIA_ROOT (written once, by `demo_once`)."""
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_catalogue_lists_every_demo_programme_grouped_by_sector(client, demo_media, language):
    response = client.get(url(language, "programmes:index"))
    body = response.content.decode()

    assert response.status_code == 200
    assert body.count('class="card programme-card"') == 10
    assert '<bdi class="acronym">Diplomacy-CaB</bdi>' in body
    assert DIPLOMACY_NAMES[language] in body
    # One section per sector, in the sectors' display order.
    headings = re.findall(r'<h2 id="sector-([a-z-]+)">', body)
    assert headings[:3] == ["foreign-affairs", "health", "tourism"]
    assert len(headings) == 10


@pytest.mark.django_db
def test_catalogue_filters_by_sector(client, demo_media, language):
    response = client.get(url(language, "programmes:index"), {"sector": "health"})
    body = response.content.decode()
    assert body.count('class="card programme-card"') == 1
    assert "IbnSina-CaB" in body
    assert "Diplomacy-CaB" not in body
    assert '<option value="health" selected>' in body


@pytest.mark.django_db
def test_unknown_sector_is_reported_and_everything_shown(client, demo_media):
    response = client.get("/fr/programmes/", {"sector": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "notice--error" in body
    assert body.count('class="card programme-card"') == 10


@pytest.mark.django_db
def test_untranslated_programme_appears_in_arabic_in_english_and_sorts_by_it(client, demo_media):
    """modeltranslation's order_by/filter use the Arabic column with no fallback: we do not."""
    health = Programme.objects.get(slug="ibnsina-cab").sector
    Programme.objects.filter(slug="ibnsina-cab").update(order=5)
    english_only = Programme.objects.create(
        slug="zz-new",
        acronym="",
        name_en="Aardvark Health Programme",
        summary_en="English only so far.",
        sector=health,
        order=5,
    )
    response = client.get("/ar/programmes/", {"sector": "health"})
    body = response.content.decode()

    assert response.status_code == 200
    assert english_only.name_ar in (None, "")
    assert '<span lang="en" dir="ltr">Aardvark Health Programme</span>' in body
    assert '<span lang="en" dir="ltr">English only so far.</span>' in body
    # Same display order: sorted by the name shown, the English fallback included
    # ("Aardvark" sorts before the Arabic name of IbnSina-CaB; NULL would sort last).
    assert body.index("Aardvark") < body.index("IbnSina-CaB")


@pytest.mark.django_db
def test_inactive_programmes_are_hidden(client, demo_media):
    Programme.objects.filter(slug="statcab").update(is_active=False)
    assert "StatCaB" not in client.get("/en/programmes/").content.decode()
    assert client.get("/en/programmes/statcab/").status_code == 404


@pytest.mark.django_db
def test_programme_page_follows_the_seed_layout(client, demo_media, language):
    response = client.get(url(language, "programmes:detail", slug="diplomacy-cab"))
    body = response.content.decode()

    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert DIPLOMACY_NAMES[language] in body
    # The documents: the questionnaire and three ToRs, each in three languages with format/size.
    assert body.count('class="document"') == 4
    assert STUDY_VISITS[language] in body
    for code in ("en", "ar", "fr"):
        link = url(
            language,
            "programmes:download",
            slug="diplomacy-cab",
            kind="tor-study-visits",
            language=code,
        )
        assert f'href="{link}" hreflang="{code}"' in body
    # Format and size isolated separately, so that Arabic reads "(PDF، 1,2 ك.ب)".
    assert re.search(r"\(<bdi>PDF</bdi>[^<]+<bdi>1[.,]\d", body)
    assert re.search(r"\(<bdi>DOCX</bdi>[^<]+<bdi>1[.,]\d", body)
    assert body.index('id="documents-heading"') < body.index('id="subjects-heading"')
    # Who fills the questionnaire, the main subjects, ROSCAB, partners, activities.
    assert {
        "en": "Ministries of Foreign Affairs",
        "ar": "وزارات الشؤون الخارجية",
        "fr": "ministères des Affaires étrangères",
    }[language] in body
    assert body.count('<ul class="subject-list">') == 1
    assert SUBJECT[language] in body
    assert f'href="{url(language, "experts:register")}"' in body
    assert "<bdi>ICYF</bdi>" in body
    assert 'id="implemented-activities"' in body
    assert url(language, "programmes:zip", slug="diplomacy-cab", language="fr") in body


@pytest.mark.django_db
def test_programme_without_documents_says_they_will_come(client, demo_media):
    body = client.get("/fr/programmes/osh-cab/").content.decode()
    assert 'class="document"' not in body
    assert "documents__zip" not in body
    assert 'id="subjects-heading"' not in body  # no subjects known for it


@pytest.mark.django_db
def test_document_missing_a_language_says_so(client, demo_media):
    document = Document.objects.get(programme__slug="diplomacy-cab", kind__slug="questionnaire")
    document.file_ar = ""
    document.save()
    body = client.get("/en/programmes/diplomacy-cab/").content.decode()
    assert "not yet in Arabic" in body
    assert body.count('class="document__missing"') == 1


@pytest.mark.django_db
def test_unknown_programme_is_a_translated_404(client, demo_media):
    response = client.get("/ar/programmes/no-such-programme/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


@pytest.mark.django_db
def test_downloads_page_lists_every_document(client, demo_media, language):
    response = client.get(url(language, "programmes:downloads"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<tr>") == 1 + 4  # header + four documents
    assert body.count('download><span class="visually-hidden">') == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "rows", "links"),
    [
        ({"language": "fr"}, 4, 4),
        ({"kind": "tor-study-visits"}, 1, 3),
        ({"kind": "tor-study-visits", "language": "fr"}, 1, 1),
        ({"programme": "diplomacy-cab", "language": "ar"}, 4, 4),
        ({"programme": "statcab"}, 4, 12),  # no document: reported, filter ignored
    ],
)
def test_downloads_page_filters(client, demo_media, query, rows, links):
    body = client.get("/en/programmes/downloads/", query).content.decode()
    assert body.count("<tr>") == 1 + rows
    assert body.count('download><span class="visually-hidden">') == links


@pytest.mark.django_db
def test_downloads_page_reports_bad_filters(client, demo_media):
    response = client.get("/ar/programmes/downloads/", {"language": "de", "kind": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("notice--error") == 2
    assert body.count("<tr>") == 1 + 4


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_programmes(client, media):
    make_programmes(3)
    small = {
        "catalogue": _count_queries(client, "/ar/programmes/"),
        "sector": _count_queries(client, "/ar/programmes/?sector=sector-1"),
        "programme": _count_queries(client, "/ar/programmes/programme-01/"),
        "downloads": _count_queries(client, "/ar/programmes/downloads/?language=fr"),
    }
    Programme.objects.all().delete()
    DocumentKind.objects.all().delete()
    Sector.objects.all().delete()
    Organisation.objects.all().delete()
    make_programmes(30)
    large = {
        "catalogue": _count_queries(client, "/ar/programmes/"),
        "sector": _count_queries(client, "/ar/programmes/?sector=sector-1"),
        "programme": _count_queries(client, "/ar/programmes/programme-01/"),
        "downloads": _count_queries(client, "/ar/programmes/downloads/?language=fr"),
    }
    assert small == large
    # Programmes + sector choices; + the sector lookup when filtering.
    assert small["catalogue"] == 2
    assert small["sector"] == 3
    # Programme with sector, subjects, partners, documents with kinds (+ the activities table).
    assert small["programme"] <= 8
    # Documents with programme and kind, programme choices, kind choices.
    assert small["downloads"] == 3


ROSCAB_TEXTS = {
    "en": ("Register in <bdi>ROSCAB</bdi>", "Roster of Experts of the SESRIC"),
    "ar": ("التسجيل في <bdi>ROSCAB</bdi>", "قائمة خبراء برامج بناء القدرات"),
    "fr": ("S’inscrire au <bdi>ROSCAB</bdi>", "la liste des experts des programmes"),
}


@pytest.mark.django_db
def test_roscab_call_isolates_the_acronym_and_names_the_roster_consistently(
    client, demo_media, language
):
    body = client.get(url(language, "programmes:detail", slug="diplomacy-cab")).content.decode()
    for snippet in ROSCAB_TEXTS[language]:
        assert snippet in body
    # Every other page of the site calls it "liste des experts", never "répertoire".
    assert "répertoire" not in body
    section = re.search(r'<section class="programme__roscab".*?</section>', body, re.S)[0]
    assert section.count("ROSCAB") == section.count("<bdi>ROSCAB</bdi>") == 2


@pytest.mark.django_db
def test_programme_page_shows_the_newest_activities_and_links_to_all(client):
    from programmes.views import PROGRAMME_PAGE_ACTIVITIES
    from tests.activities_data.factories import make_activity

    sector = Sector.objects.create(slug="health", name_en="Health")
    programme = Programme.objects.create(slug="tourism", sector=sector, name_en="T", summary_en="x")
    for number in range(PROGRAMME_PAGE_ACTIVITIES + 5):
        make_activity(programme, number)
    body = client.get("/en/programmes/tourism/").content.decode()
    table = body.split('id="implemented-activities"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == PROGRAMME_PAGE_ACTIVITIES + 1  # with the header row
    newest = PROGRAMME_PAGE_ACTIVITIES + 4
    assert f"/en/activities/test-activity-{newest}/" in table
    assert "/en/activities/test-activity-0/" not in table
    assert 'href="/en/activities/?programme=tourism"' in body
