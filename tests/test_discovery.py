"""What search engines and social sites read: sitemap, robots.txt, canonical and Open Graph."""

from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import xmlschema

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "schemas" / "sitemap.xsd")
NAMESPACES = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    SCHEMA.validate(response.content.decode())
    root = ElementTree.fromstring(response.content)
    return root, [loc.text for loc in root.iterfind("sm:url/sm:loc", NAMESPACES)]


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.django_db
def test_sitemap_is_valid_and_every_url_answers(client, demo):
    root, locations = sitemap_urls(client)

    assert len(locations) == len(set(locations))
    for location in locations:
        assert client.get(path_of(location)).status_code == 200, location
    for entry in root.iterfind("sm:url", NAMESPACES):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in entry.iterfind("xhtml:link", NAMESPACES)
        }
        assert set(alternates) == {"en", "ar", "fr", "x-default"}
        assert entry.findtext("sm:loc", namespaces=NAMESPACES) in alternates.values()
        for language in ("en", "ar", "fr"):
            assert path_of(alternates[language]).startswith(f"/{language}/")
            assert client.get(path_of(alternates[language])).status_code == 200
        # x-default is the unprefixed address, which picks the visitor's language.
        response = client.get(path_of(alternates["x-default"]), HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 302
        assert response["Location"] == path_of(alternates["fr"])


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_in_three_languages(client, demo):
    from activities.models import Activity
    from programmes.models import Programme

    Activity.objects.filter(slug="diplomacy-cab-2017-oic-decision-making").update(
        is_published=False
    )
    _root, locations = sitemap_urls(client)
    paths = {path_of(location) for location in locations}
    for language in ("en", "ar", "fr"):
        assert f"/{language}/" in paths
        assert f"/{language}/programmes/" in paths
        for programme in Programme.objects.active():
            assert f"/{language}/programmes/{programme.slug}/" in paths
        for activity in Activity.objects.published():
            assert f"/{language}/activities/{activity.slug}/" in paths
        assert f"/{language}/activities/diplomacy-cab-2017-oic-decision-making/" not in paths
    # Ten pages (home, catalogue, downloads, activities, statistics, ROSCAB, contact and the
    # three legal pages), then each programme and each published activity.
    assert len(paths) == 3 * (10 + Programme.objects.active().count() + 8)


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_admin_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /ar/admin/" in lines


@pytest.mark.django_db
def test_pages_carry_canonical_and_open_graph_tags(client):
    body = client.get("/fr/programmes/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/fr/programmes/">' in body
    assert '<meta property="og:locale" content="fr_FR">' in body
    assert '<meta property="og:locale:alternate" content="ar_AR">' in body
    assert '<meta property="og:url" content="http://testserver/fr/programmes/">' in body
    assert 'property="og:image" content="http://testserver/static/img/og-default' in body


def structured_data(body):
    import json
    import re

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_activity_page_describes_the_event_for_search_engines_and_social_sites(client, demo):
    import json

    from activities.models import Activity

    activity = Activity.objects.get(slug="diplomacy-cab-2022-humanitarian-diplomacy")
    first_photo = activity.photos.order_by("order", "id").first()
    body = client.get(f"/fr/activities/{activity.slug}/").content.decode()

    [event] = [data for data in structured_data(body) if data["@type"] == "EducationEvent"]
    assert event["@type"] == "EducationEvent"
    assert event["startDate"] == "2022-10-24"
    assert event["endDate"] == "2022-10-27"
    assert event["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert event["inLanguage"] == "fr"
    assert event["name"] == activity.title_fr
    assert event["image"] == [f"http://testserver{first_photo.large_url}"]
    # 97 took part: not the capacity of a room (schema.org maximumAttendeeCapacity).
    assert "maximumAttendeeCapacity" not in json.dumps(event)
    assert f'<meta property="og:image" content="http://testserver{first_photo.large_url}">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body
    assert '<meta property="og:type" content="article">' in body


@pytest.mark.django_db
def test_undated_activity_has_no_event_data(client, demo):
    """schema.org requires an Event's startDate: no date, no JSON-LD rather than a false one."""
    from activities.models import Activity

    activity = Activity.objects.get(slug="diplomacy-cab-2019-istanbul")
    activity.start_date = activity.end_date = None
    activity.save()
    body = client.get(f"/en/activities/{activity.slug}/").content.decode()
    assert [data["@type"] for data in structured_data(body)] == ["BreadcrumbList"]


@pytest.mark.django_db
def test_structured_data_cannot_break_out_of_its_script(client, demo):
    from activities.models import Activity

    activity = Activity.objects.get(slug="diplomacy-cab-2019-istanbul")
    activity.title_en = "Course </script><script>alert(1)</script> & more"
    activity.save()
    body = client.get(f"/en/activities/{activity.slug}/").content.decode()

    assert "<script>alert(1)" not in body
    event, trail = sorted(structured_data(body), key=lambda data: data["@type"] != "EducationEvent")
    assert event["name"] == "Course </script><script>alert(1)</script> & more"
    assert trail["@type"] == "BreadcrumbList"
    assert trail["itemListElement"][-1]["name"] == event["name"]
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Istanbul",
        "addressCountry": "TR",
    }


@pytest.mark.django_db
def test_every_page_of_the_sitemap_has_its_language_direction_one_h1_and_unique_ids(client, demo):
    from tests.test_site import DIRECTIONS, parse

    _root, locations = sitemap_urls(client)
    assert len(locations) > 50
    for location in locations:
        path = path_of(location)
        language = path.split("/")[1]
        structure = parse(client.get(path))
        assert structure.html_attrs == {"lang": language, "dir": DIRECTIONS[language]}, path
        assert structure.h1_count == 1, path
        assert len(structure.ids) == len(set(structure.ids)), path
        assert structure.alternates["x-default"], path
