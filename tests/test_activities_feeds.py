"""The Atom feed and the iCalendar files, read back with real parsers (feedparser, icalendar)."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from activities.models import Activity
from programmes.models import Programme
from tests.activities_data.factories import make_activity

TITLES = {
    "en": "SESRIC Organised the 6th Edition",
    "fr": "Le SESRIC organise la 6ᵉ édition",
    "ar": "سيسرك ينظم النسخة السادسة",
}


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
def test_atom_feed_per_language_parses(demo, client, language):
    response = client.get(url(language, "activities:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.language == language
    assert len(feed.entries) == Activity.objects.published().count() == 9
    titles = [entry.title for entry in feed.entries]
    assert any(title.startswith(TITLES[language]) for title in titles)
    for entry in feed.entries:
        assert entry.link.startswith(f"http://testserver/{language}/activities/")
        assert entry.published_parsed and entry.updated_parsed
    # RFC 4287 4.1.1: the feed names its author (its entries do not).
    assert feed.feed.author_detail.name == "SESRIC"
    assert feed.feed.author_detail.href == "https://www.sesric.org/"
    assert b"<author><name>SESRIC</name>" in response.content
    sixth = next(e for e in feed.entries if e.link.endswith("humanitarian-diplomacy/"))
    assert {"Diplomacy-CaB"} <= {tag.term for tag in sixth.tags}


@pytest.mark.django_db
def test_feed_leaves_out_unpublished_activities(demo, client):
    Activity.objects.filter(programme__slug="diplomacy-cab").update(is_published=False)
    feed = feedparser.parse(client.get(url("en", "activities:feed")).content)
    assert {entry.link.rsplit("/", 2)[-2] for entry in feed.entries} == {
        "osh-cab-2021-training-course",
        "tourism-cab-2022-webinar-icdt",
    }


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_one_activity_as_all_day_icalendar_event(demo, client, language):
    activity = Activity.objects.get(slug="diplomacy-cab-2022-humanitarian-diplomacy")
    (event,) = _events(client.get(url(language, "activities:activity_ics", slug=activity.slug)))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    # All-day DATE values (not date-times), DTEND exclusive: 24-27 October is four days.
    assert type(start) is datetime.date and type(end) is datetime.date
    assert (start, end) == (datetime.date(2022, 10, 24), datetime.date(2022, 10, 28))
    assert event["DTSTART"].params.get("VALUE") in (None, "DATE")
    assert str(event["SUMMARY"]).startswith(TITLES[language])
    assert event["UID"] == f"activity-{activity.pk}@testserver"
    assert str(event["URL"]).endswith(f"/{language}/activities/{activity.slug}/")


@pytest.mark.django_db
def test_one_day_activity_ends_the_next_day(demo, client):
    activity = make_activity(
        Programme.objects.get(slug="statcab"),
        1,
        start_date=datetime.date(2024, 2, 29),
        end_date=None,
    )
    (event,) = _events(client.get(url("en", "activities:activity_ics", slug=activity.slug)))
    assert event.decoded("DTSTART") == datetime.date(2024, 2, 29)
    assert event.decoded("DTEND") == datetime.date(2024, 3, 1)


@pytest.mark.django_db
def test_calendar_of_upcoming_activities(demo, client):
    programme = Programme.objects.get(slug="statcab")
    today = timezone.localdate()
    soon = make_activity(
        programme,
        1,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=12),
    )
    make_activity(programme, 2, start_date=None, end_date=None)  # to be announced: no event
    make_activity(
        programme,
        3,
        start_date=today + datetime.timedelta(days=5),
        end_date=None,
        is_published=False,
    )
    events = _events(client.get(url("fr", "activities:upcoming_ics")))
    assert [str(event["SUMMARY"]) for event in events] == [soon.title_fr]
    assert events[0].decoded("DTEND") == today + datetime.timedelta(days=13)


@pytest.mark.django_db
def test_calendar_without_upcoming_event_still_holds_a_component(db, client):
    """RFC 5545 3.6: a VCALENDAR has at least one component; with no event, the time zone."""
    response = client.get(url("en", "activities:upcoming_ics"))
    assert _events(response) == []
    calendar = Calendar.from_ical(response.content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Istanbul"
    assert zone.walk("STANDARD") or zone.walk("DAYLIGHT")
    assert b"BEGIN:VTIMEZONE" in response.content and b"END:VCALENDAR" in response.content


@pytest.mark.django_db
def test_calendar_of_a_to_be_announced_activity_is_a_404_page(demo, client):
    activity = make_activity(
        Programme.objects.get(slug="statcab"), 1, start_date=None, end_date=None
    )
    response = client.get(url("en", "activities:activity_ics", slug=activity.slug))
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_calendar_labels_english_fallback_text_as_english(demo, client, language):
    programme = Programme.objects.get(slug="statcab")
    # No Arabic title (the factory's default) and no French title either: both fall back.
    activity = make_activity(programme, 1, title_fr="", summary_fr="Résumé en français")
    (event,) = _events(client.get(url(language, "activities:activity_ics", slug=activity.slug)))
    assert str(event["SUMMARY"]) == "Activity 1"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    expected_description = "Résumé en français" if language == "fr" else "Summary 1"
    assert str(event["DESCRIPTION"]) == expected_description
    assert event["DESCRIPTION"].params["LANGUAGE"] == ("fr" if language == "fr" else "en")


@pytest.mark.django_db
def test_calendar_labels_translated_text_with_the_page_language(demo, client):
    activity = make_activity(Programme.objects.get(slug="statcab"), 1, summary_fr="Résumé")
    (event,) = _events(client.get(url("fr", "activities:activity_ics", slug=activity.slug)))
    assert str(event["SUMMARY"]) == "Activité 1"
    assert event["SUMMARY"].params["LANGUAGE"] == "fr"
    assert event["DESCRIPTION"].params["LANGUAGE"] == "fr"
