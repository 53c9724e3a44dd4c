"""Home page, navigation, breadcrumbs, contact and legal pages, share links, old addresses."""

import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity, Kind
from programmes.models import Programme

NAVIGATION = {
    "en": ["Programmes", "Activities", "Statistics", "Downloads", "ROSCAB", "Search", "Contact"],
    "ar": ["البرامج", "الأنشطة", "الإحصاءات", "التنزيلات", "ROSCAB", "بحث", "اتصل بنا"],
    "fr": [
        "Programmes",
        "Activités",
        "Statistiques",
        "Téléchargements",
        "ROSCAB",
        "Rechercher",
        "Contact",
    ],
}
LEGAL_TITLES = {
    "core:privacy": {
        "en": "Privacy policy",
        "ar": "سياسة الخصوصية",
        "fr": "Politique de confidentialité",
    },
    "core:accessibility": {
        "en": "Accessibility statement",
        "ar": "بيان إمكانية الوصول",
        "fr": "Déclaration d’accessibilité",
    },
    "core:legal": {"en": "Legal notice", "ar": "إشعار قانوني", "fr": "Mentions légales"},
}
SIXTH_EDITION = "diplomacy-cab-2022-humanitarian-diplomacy"


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def json_ld(body):
    return [
        json.loads(text)
        for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


def breadcrumb_names(body):
    [trail] = [data for data in json_ld(body) if data["@type"] == "BreadcrumbList"]
    return [item["name"] for item in trail["itemListElement"]], trail


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len([query for query in queries if "SAVEPOINT" not in query["sql"]])


# -- Home page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_leads_with_activities_figures_and_sectors(client, demo, language):
    today = timezone.localdate()
    planned = Activity.objects.create(
        programme=Programme.objects.get(slug="tourism-cab"),
        kind=Kind.WEBINAR,
        slug="tourism-cab-planned-webinar",
        title_en="Planned webinar",
        summary_en="Planned.",
        start_date=today + datetime.timedelta(days=30),
        is_published=True,
    )
    body = client.get(url(language, "website:home")).content.decode()

    upcoming = body[body.index('id="upcoming-heading"') : body.index('id="latest-heading"')]
    assert planned.get_absolute_url().replace("/en/", f"/{language}/") in upcoming
    latest = body[body.index('id="latest-heading"') : body.index('id="sectors-heading"')]
    sixth = Activity.objects.get(slug=SIXTH_EDITION)
    assert latest.index(f"/{language}/activities/{SIXTH_EDITION}/") < latest.index(
        f"/{language}/activities/tourism-cab-2022-webinar-icdt/"
    )
    # The latest editions show their first photo.
    first_photo = sixth.photos.order_by("order", "id").first()
    assert first_photo.thumbnail_url in latest
    # Key figures: held activities only (the planned webinar is not an achievement).
    held = Activity.objects.published().past().count()
    figures = body[body.index('id="figures-heading"') : body.index('id="upcoming-heading"')]
    assert f'<span class="key-figure__value">{held}</span>' in figures
    assert f'<span class="key-figure__value">{Programme.objects.active().count()}</span>' in figures
    assert figures.count(f'href="{url(language, "website:statistics")}"') >= 3
    # Every sector of the catalogue, each linking to its programmes.
    sectors = body[body.index('id="sectors-heading"') :]
    assert sectors.count('class="sector"') == 10
    assert f'href="{url(language, "programmes:detail", slug="diplomacy-cab")}"' in sectors


@pytest.mark.django_db
def test_home_key_figures_use_plural_forms(client, demo):
    body = client.get("/ar/").content.decode()
    participants = Activity.objects.published().past().values_list("participants", flat=True)
    total = sum(number or 0 for number in participants)
    assert f'<span class="key-figure__value">{total}</span>' in body
    # The demo's total ends in 11-99 (358): Arabic's form for those counts.
    assert total % 100 >= 11
    assert "مشاركًا" in body


@pytest.mark.django_db
def test_home_query_count_stays_constant_as_content_grows(client, demo):
    small = count_queries(client, "/fr/")
    call_command(
        "generate_bulk_content",
        programmes=22,
        activities=120,
        photos=40,
        pictures=2,
        experts=0,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    for index in range(5):
        Activity.objects.create(
            programme=Programme.objects.get(slug="statcab"),
            kind=Kind.TRAINING_COURSE,
            slug=f"statcab-planned-{index}",
            title_en=f"Planned {index}",
            summary_en="Planned.",
            start_date=timezone.localdate() + datetime.timedelta(days=10 + index),
            is_published=True,
        )
    large = count_queries(client, "/fr/")
    assert small == large
    # Upcoming, latest, their photos, held figures (2), programmes by sector.
    assert small == 6


# -- Navigation, breadcrumbs ----------------------------------------------------------------


@pytest.mark.django_db
def test_main_navigation_has_seven_destinations(client, language):
    body = client.get(url(language, "website:statistics")).content.decode()
    nav = body[body.index('id="main-nav-list"') : body.index("</nav>", body.index("main-nav-list"))]
    labels = [re.sub(r"<[^>]+>", "", label) for label in re.findall(r">(.*?)</a>", nav)]
    assert labels == NAVIGATION[language]
    assert f'href="{url(language, "website:statistics")}" aria-current="page"' in nav
    assert f'href="{url(language, "website:contact")}"' in nav
    # The menu button is there for the script, hidden without it.
    assert 'aria-controls="main-nav-list" hidden' in body
    assert "js/navigation" in body


BREADCRUMB_PAGES = [
    ("programmes:index", {}, ["Home", "Programmes"]),
    ("programmes:detail", {"slug": "diplomacy-cab"}, None),
    ("programmes:downloads", {}, ["Home", "Questionnaires and terms of reference"]),
    ("activities:index", {}, ["Home", "Activities"]),
    ("activities:detail", {"slug": SIXTH_EDITION}, None),
    ("website:statistics", {}, ["Home", "Statistics"]),
    ("experts:register", {}, ["Home", "Roster of Experts"]),
    ("search:results", {}, ["Home", "Search"]),
    ("website:contact", {}, ["Home", "Contact"]),
    ("core:privacy", {}, ["Home", "Privacy policy"]),
    ("core:accessibility", {}, ["Home", "Accessibility statement"]),
    ("core:legal", {}, ["Home", "Legal notice"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "expected"), BREADCRUMB_PAGES)
def test_every_page_below_home_has_breadcrumbs_with_structured_data(
    client, demo, name, kwargs, expected
):
    path = url("en", name, **kwargs)
    body = client.get(path).content.decode()

    names, trail = breadcrumb_names(body)
    if expected is None:
        obj = (
            Programme.objects.get(**kwargs)
            if name.startswith("programmes")
            else Activity.objects.get(**kwargs)
        )
        section = "Programmes" if name.startswith("programmes") else "Activities"
        expected = ["Home", section, getattr(obj, "title", None) or obj.name]
    assert names == expected
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[0]["item"] == "http://testserver/en/"
    assert items[-1]["item"] == f"http://testserver{path}"
    # The visible trail: links up to the current page, which is marked and not linked.
    nav = body[body.index('class="breadcrumbs"') : body.index("</nav>", body.index("breadcrumbs"))]
    assert nav.count("<a ") == len(expected) - 1
    assert nav.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_home_has_no_breadcrumbs(client, language):
    body = client.get(url(language, "website:home")).content.decode()
    assert 'class="breadcrumbs"' not in body
    assert "BreadcrumbList" not in body


@pytest.mark.django_db
def test_breadcrumbs_are_translated_and_mark_english_fallback(client, demo):
    programme = Programme.objects.get(slug="statcab")
    programme.name_ar = ""
    programme.save()
    body = client.get("/ar/programmes/statcab/").content.decode()
    names, _trail = breadcrumb_names(body)
    assert names == ["الرئيسية", "البرامج", programme.name_en]
    assert f'<span lang="en" dir="ltr">{programme.name_en}</span>' in body


@pytest.mark.django_db
def test_breadcrumb_structured_data_cannot_break_out_of_its_script(client, demo):
    programme = Programme.objects.get(slug="statcab")
    programme.name_en = "Stats </script><script>alert(1)</script>"
    programme.save()
    body = client.get("/en/programmes/statcab/").content.decode()
    assert "<script>alert(1)" not in body
    names, _trail = breadcrumb_names(body)
    assert names[-1] == "Stats </script><script>alert(1)</script>"


@pytest.mark.django_db
def test_a_page_named_by_its_title_ends_the_trail_without_an_address(client):
    body = client.get("/fr/roscab/register/sent/").content.decode()
    names, trail = breadcrumb_names(body)
    assert names == ["Accueil", "Liste des experts", "Consultez votre messagerie"]
    assert trail["itemListElement"][1]["item"] == "http://testserver/fr/roscab/register/"
    # Pages such as the update form carry a token in their address: the last crumb has none.
    assert "item" not in trail["itemListElement"][-1]


# -- Contact, legal pages, share links ------------------------------------------------------


@pytest.mark.django_db
def test_contact_page_gives_the_sourced_address_and_each_programme_contact(client, demo, language):
    body = client.get(url(language, "website:contact")).content.decode()
    assert {"en": "Ankara, Türkiye", "ar": "أنقرة، تركيا", "fr": "Ankara, Turquie"}[
        language
    ] in body
    # No street address: no source gives one.
    assert "Kudüs" not in body
    programme = Programme.objects.get(slug="diplomacy-cab")
    card = body[body.index('id="contact-diplomacy-cab"') :]
    card = card[: card.index("</li>")]
    assert f'href="mailto:{programme.contact_email}"' in card
    # The demo says its contacts are demonstration data, in each language.
    assert {"en": "demonstration contact", "ar": "للعرض التجريبي", "fr": "démonstration"}[
        language
    ] in card
    assert body.count('class="card"') == Programme.objects.active().count()


@pytest.mark.django_db
def test_contact_page_lists_only_programmes_with_a_contact_in_one_query(client, demo):
    Programme.objects.exclude(slug="statcab").update(
        contact_name_en="", contact_name_ar=None, contact_name_fr=None, contact_email=""
    )
    Programme.objects.filter(slug="statcab").update(
        contact_name_en="", contact_name_ar=None, contact_name_fr=None, contact_email=""
    )
    Programme.objects.filter(slug="statcab").update(contact_phone="+90 312 000 0000")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/en/contact/").content.decode()
    assert body.count('class="card"') == 1
    assert 'href="tel:+903120000000"' in body
    assert len([query for query in queries if "SAVEPOINT" not in query["sql"]]) == 1


@pytest.mark.django_db
def test_programme_page_links_to_its_contact_next_to_the_calls_to_act(client, demo, language):
    body = client.get(url(language, "programmes:detail", slug="diplomacy-cab")).content.decode()
    contact = f"{url(language, 'website:contact')}#contact-diplomacy-cab"
    actions = body[body.index('class="programme__actions"') :]
    actions = actions[: actions.index("</p>")]
    assert url(language, "experts:register") in actions
    assert contact in actions
    assert body.count(contact) == 2  # beside the documents too


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(LEGAL_TITLES))
def test_legal_pages_exist_in_three_languages_and_are_linked_from_every_footer(
    client, name, language
):
    response = client.get(url(language, name))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{LEGAL_TITLES[name][language]}</h1>" in body
    home = client.get(url(language, "website:home")).content.decode()
    footer = home[home.index('class="site-footer"') :]
    assert f'href="{url(language, name)}"' in footer


@pytest.mark.django_db
@override_settings(EXPERTS_UNCONFIRMED_RETENTION_DAYS=11, EXPERTS_REGISTER_RATE="10/d")
def test_privacy_policy_states_the_periods_the_settings_enforce(client):
    en = client.get("/en/privacy/").content.decode()
    assert "not confirmed within 11 days is deleted" in en
    assert "stop working after 3 days" in en
    assert "the count is forgotten after 1 day." in en
    fr = client.get("/fr/privacy/").content.decode()
    assert "dans un délai de 11\u00a0jours est supprimée" in fr
    ar = client.get("/ar/privacy/").content.decode()
    assert "خلال 11 يومًا" in ar


@pytest.mark.django_db
@override_settings(EXPERTS_REGISTER_RATE="10/h", COOPERATION_LINK_MAX_AGE=2 * 86400)
def test_privacy_policy_covers_the_institutions_and_reads_counts_as_words(client):
    en = client.get("/en/privacy/").content.decode()
    assert "in two places" in en and "one place only" not in en
    assert "focal point's name, position, e-mail address" in en
    assert "completed questionnaires or terms of reference it uploads" in en
    assert "focal point stop working after 2 days" in en
    assert "deleted when the institution asks for it" in en
    ar = client.get("/ar/privacy/").content.decode()
    assert "بعد ساعة واحدة." in ar and "1 ساعة" not in ar
    assert "عن العمل بعد يومين؛" in ar
    assert "جهة الاتصال" in ar
    fr = client.get("/fr/privacy/").content.decode()
    assert "oublié après une heure." in fr and "1 heure" not in fr
    assert "points focaux" in fr
    legal = client.get("/fr/legal-notice/").content.decode()
    assert "en ligne sur ce site" in legal


@pytest.mark.django_db
def test_share_links_are_plain_links_to_each_network(client, demo):
    path = f"/fr/activities/{SIXTH_EDITION}/"
    body = client.get(path).content.decode()
    share = body[body.index('class="share"') : body.index("</aside>", body.index('class="share"'))]
    links = re.findall(r'href="([^"]+)"', share)
    page = f"http://testserver{path}"
    hosts = {urlsplit(link.replace("&amp;", "&")).netloc for link in links}
    assert hosts == {"", "twitter.com", "www.facebook.com", "www.linkedin.com"}
    for link in links:
        query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert page in [value for values in query.values() for value in values], link
    # Nothing from those networks is loaded by the page itself.
    assert not re.search(r"<(script|img|iframe)[^>]+(twitter|facebook|linkedin)", body)


# -- Old addresses --------------------------------------------------------------------------


OLD_ADDRESSES = [
    ("/cbp-dip.php", "/en/programmes/diplomacy-cab/"),
    ("/cbp-dip-ar.php", "/ar/programmes/diplomacy-cab/"),
    ("/cbp-dip-fr.php", "/fr/programmes/diplomacy-cab/"),
    ("/event-detail.php?id=2652", f"/en/activities/{SIXTH_EDITION}/"),
    ("/event-detail-ar.php?id=2652", f"/ar/activities/{SIXTH_EDITION}/"),
    ("/event-detail-fr.php?id=2652", f"/fr/activities/{SIXTH_EDITION}/"),
    ("/activities-archive.php?year=2015", "/en/activities/?year=2015"),
    ("/activities-archive-ar.php?year=2019", "/ar/activities/?year=2019"),
    ("/activities-archive-fr.php?year=2022", "/fr/activities/?year=2022"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES)
def test_old_addresses_are_permanently_redirected_in_their_language(client, demo, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.django_db
def test_old_addresses_follow_what_staff_record(client, demo):
    Programme.objects.filter(slug="statcab").update(legacy_path="cbp-stat.php")
    Activity.objects.filter(slug="osh-cab-2021-training-course").update(legacy_id=1234)
    assert client.get("/cbp-stat-fr.php")["Location"] == "/fr/programmes/statcab/"
    assert (
        client.get("/event-detail-ar.php?id=1234")["Location"]
        == "/ar/activities/osh-cab-2021-training-course/"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "language"),
    [
        ("/event-detail.php?id=999999", "en"),
        ("/event-detail-ar.php?id=999999", "ar"),
        ("/event-detail-fr.php?id=abc", "fr"),
        ("/event-detail-fr.php", "fr"),
        ("/activities-archive-ar.php?year=99999", "ar"),
        ("/cbp-unknown-fr.php", "fr"),
        ("/cbp-unknown.php", "en"),
    ],
)
def test_unknown_old_addresses_are_a_404_in_their_language(client, demo, old, language):
    response = client.get(old, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_old_address_of_an_unpublished_activity_is_not_revealed(client, demo):
    Activity.objects.filter(slug=SIXTH_EDITION).update(is_published=False)
    assert client.get("/event-detail.php?id=2652").status_code == 404


@pytest.mark.django_db
def test_old_addresses_answer_only_reads(client, demo):
    assert client.post("/cbp-dip.php").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("cbp-dip-ar.php", "language_suffix"),
        ("cbp-dip-FR.php", "language_suffix"),
        ("../cbp-dip.php", "invalid"),
        ("cbp-dip.html", "invalid"),
        ("https://www.sesric.org/cbp-dip.php", "invalid"),
    ],
)
def test_staff_record_only_the_english_page_name(db, value, code):
    from programmes.models import validate_legacy_path

    with pytest.raises(ValidationError) as error:
        validate_legacy_path(value)
    assert error.value.code == code


@pytest.mark.django_db
def test_two_programmes_cannot_share_an_old_address(demo):
    other = Programme.objects.get(slug="statcab")
    other.legacy_path = "cbp-dip.php"
    with pytest.raises(ValidationError):
        other.full_clean()


def test_demo_contact_names_the_programme_in_each_language():
    from programmes.demo import PROGRAMMES, demo_contact

    data = next(item for item in PROGRAMMES if not item["acronym"])
    english, arabic, french = data["name"]
    contact = demo_contact(data)
    assert english in contact["contact_name_en"]
    assert arabic in contact["contact_name_ar"] and english not in contact["contact_name_ar"]
    assert french[1:] in contact["contact_name_fr"] and english not in contact["contact_name_fr"]


@pytest.mark.django_db
@override_settings(
    SESRIC_STREET_ADDRESS="1 Example Street\nBuilding B", SESRIC_EMAIL="x@example.org"
)
def test_sesrics_own_contact_details_come_from_the_settings(client):
    body = client.get("/fr/contact/").content.decode()
    address = body[body.index("<address>") : body.index("</address>")]
    assert '<span dir="auto">1 Example Street</span><br>' in address
    assert '<span dir="auto">Building B</span><br>' in address
    assert "Ankara, Turquie" in address
    assert 'href="mailto:x@example.org"' in body
