"""Dates of activities as each language writes them (DATE_FORMAT "j F Y", Western digits)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from activities.dates import format_date_range

D = datetime.date
CASES = {
    "one day": (D(2022, 10, 24), None),
    "same day twice": (D(2022, 10, 24), D(2022, 10, 24)),
    "same month": (D(2022, 10, 24), D(2022, 10, 27)),
    "across months": (D(2022, 11, 28), D(2022, 12, 2)),
    "across years": (D(2022, 12, 28), D(2023, 1, 3)),
    "to be announced": (None, None),
}
EXPECTED = {
    "en": {
        "one day": "24 October 2022",
        "same day twice": "24 October 2022",
        "same month": "24–27 October 2022",
        "across months": "28 November – 2 December 2022",
        "across years": "28 December 2022 – 3 January 2023",
        "to be announced": "To be announced",
    },
    "fr": {
        "one day": "24 octobre 2022",
        "same day twice": "24 octobre 2022",
        "same month": "24–27 octobre 2022",
        "across months": "28 novembre – 2 décembre 2022",
        "across years": "28 décembre 2022 – 3 janvier 2023",
        "to be announced": "Date à annoncer",
    },
    "ar": {
        "one day": "24 أكتوبر 2022",
        "same day twice": "24 أكتوبر 2022",
        "same month": "24–27 أكتوبر 2022",
        "across months": "28 نوفمبر – 2 ديسمبر 2022",
        "across years": "28 ديسمبر 2022 – 3 يناير 2023",
        "to be announced": "سيعلن عنه لاحقا",
    },
}


@pytest.mark.parametrize("case", CASES)
def test_date_ranges_are_written_as_each_language_writes_them(language, case):
    start, end = CASES[case]
    with translation.override(language):
        assert format_date_range(start, end) == EXPECTED[language][case]


def test_arabic_dates_keep_western_digits():
    with translation.override("ar"):
        text = format_date_range(D(2022, 10, 24), D(2022, 10, 27))
    assert not any("\u0660" <= char <= "\u0669" for char in text)
    assert "2022" in text


def test_the_template_filter_gives_the_same_text(language):
    template = Template("{% load activities_tags %}{{ start|date_range:end }}")
    with translation.override(language):
        rendered = template.render(Context({"start": D(2022, 11, 28), "end": D(2022, 12, 2)}))
    assert rendered == EXPECTED[language]["across months"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "past", "upcoming"),
    [
        ("en", "Venue not recorded", "To be announced"),
        ("fr", "Lieu non renseigné", "Lieu à préciser"),
        ("ar", "لم يُسجَّل المكان", None),
    ],
)
def test_a_past_activity_without_venue_is_not_to_be_announced(language, past, upcoming):
    from django.utils import timezone

    from activities.venues import venue_text
    from programmes.models import Programme, Sector
    from tests.activities_data.factories import make_activity

    sector = Sector.objects.create(slug="s", name_en="Sector")
    programme = Programme.objects.create(slug="p", name_en="P", sector=sector)
    today = timezone.localdate()
    held = make_activity(
        programme, 1, city_en="", country="", start_date=datetime.date(2021, 3, 1), end_date=None
    )
    planned = make_activity(
        programme,
        2,
        city_en="",
        country="",
        start_date=today + datetime.timedelta(days=30),
        end_date=None,
    )
    with translation.override(language):
        assert venue_text(held) == past
        assert venue_text(planned) != past
        if upcoming:
            assert venue_text(planned) == upcoming


def test_arabic_writes_april_with_hamza_on_alef():
    with translation.override("ar"):
        assert format_date_range(datetime.date(2019, 4, 23)) == "23 أبريل 2019"


def test_arabic_file_sizes_take_the_decimal_point():
    from django.template.defaultfilters import filesizeformat

    with translation.override("ar"):
        assert filesizeformat(1650).startswith("1.6")
