"""Lists of names follow each language's alphabet (UCA), not English order or code points."""

import re

import pytest
from django.utils import translation

from core.collation import collation_key
from programmes.models import Programme, Sector
from tests.activities_data.factories import make_activity
from website.views import country_figures


def option_texts(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select)][1:]


@pytest.mark.django_db
def test_registration_countries_in_arabic_alphabetical_order(client):
    names = option_texts(client.get("/ar/roscab/register/").content.decode(), "nationality")
    assert names == sorted(names, key=collation_key)
    # Egypt among the mīm, not 46th as in English order.
    assert names.index("ليبيا") < names.index("مصر") < names.index("موريتانيا")
    assert names.index("مصر") > names.index("غانا") > names.index("اليونان")


@pytest.mark.django_db
def test_registration_countries_in_french_alphabetical_order(client):
    names = option_texts(client.get("/fr/roscab/register/").content.decode(), "nationality")
    assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne")
    assert names.index("Égypte") < names.index("Turquie")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Égypte", "Maroc", "Sénégal", "Tchad", "Turquie"]),
        ("ar", ["السنغال", "المغرب", "تركيا", "تشاد", "مصر"]),
    ],
)
def test_activity_filter_and_statistics_countries_in_reading_order(client, language, expected):
    sector = Sector.objects.create(slug="s", name_en="Sector")
    programme = Programme.objects.create(slug="p", name_en="P", sector=sector)
    for number, code in enumerate(["TR", "EG", "SN", "TD", "MA"]):
        make_activity(programme, number, country=code, member_countries=[code])
    page = client.get(f"/{language}/activities/").content.decode()
    assert option_texts(page, "country") == expected
    with translation.override(language):
        reached = [
            str(country.name) for country, _count in country_figures(programme.activities.all())
        ]
    assert reached == expected  # every country reached once: the tie falls to the name


@pytest.mark.django_db
def test_catalogue_sorts_names_by_the_language_on_either_database(client):
    """Same display order: the names decide, "Énergie" before "Finances" and "Zones"."""
    sector = Sector.objects.create(slug="s", name_en="Sector", name_fr="Secteur")
    for slug, french, arabic in [
        ("a", "Zones", "جودة"),
        ("b", "Énergie", "إحصاء"),
        ("c", "Finances", "سياحة"),
    ]:
        Programme.objects.create(
            slug=slug, name_en=slug, name_fr=french, name_ar=arabic, sector=sector
        )
    french = client.get("/fr/programmes/").content.decode()
    assert french.index("Énergie") < french.index("Finances") < french.index("Zones")
    arabic = client.get("/ar/programmes/").content.decode()
    assert arabic.index("إحصاء") < arabic.index("جودة") < arabic.index("سياحة")
