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


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("ar", "ID", "إندونيسيا"),
        ("ar", "SA", "المملكة العربية السعودية"),
        ("ar", "CI", "كوت ديفوار"),
        ("ar", "BD", "بنغلاديش"),
        ("ar", "TG", "توغو"),
        ("ar", "GA", "الغابون"),
        ("ar", "MV", "جزر المالديف"),
        ("fr", "GY", "Guyana"),
        ("fr", "SA", "Arabie saoudite"),
        ("fr", "PS", "État de Palestine"),
        ("en", "SA", "Saudi Arabia"),
    ],
)
def test_member_states_named_as_the_oic_writes_them(language, code, name):
    from django_countries import countries

    with translation.override(language):
        assert countries.name(code) == name
        assert name in [str(country_name) for _code, country_name in countries]


def test_arabic_keys_file_the_hamza_forms_of_alef_under_alef():
    names = ["أيسلندا", "إريتريا", "إيطاليا", "اثيوبيا", "باكستان", "آروبا"]
    assert sorted(names, key=collation_key) == [
        "آروبا", "اثيوبيا", "إريتريا", "أيسلندا", "إيطاليا", "باكستان",
    ]  # fmt: skip


@pytest.mark.django_db
def test_arabic_country_list_reads_alef_words_together(client):
    names = option_texts(client.get("/ar/roscab/register/").content.decode(), "nationality")
    assert names == sorted(names, key=collation_key)
    assert names.index("اثيوبيا") < names.index("إريتريا") < names.index("أيسلندا")
    assert names.index("أيسلندا") < names.index("إيطاليا") < names.index("باكستان")


@pytest.mark.django_db
def test_python_and_database_sort_arabic_names_alike():
    """collation_key and the database's collation for Arabic agree, country names, words
    starting with each form of alef and Latin names included."""
    from django.db import connection
    from django_countries import countries

    from core.collation import database_collates, database_collation

    if not database_collates():
        pytest.skip("SQLite sorts in Python only")
    with translation.override("ar"):
        names = [str(name) for _code, name in countries]
        names += ["أمن", "إحصاء", "اقتصاد", "Aardvark", "Énergie", "Zeta"]
        collation = database_collation()
    assert collation == "sesric_arabic"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT x FROM unnest(%s::text[]) x ORDER BY x COLLATE "{collation}"',  # noqa: S608
            [names],
        )
        in_database = [row[0] for row in cursor.fetchall()]
    assert in_database == sorted(names, key=collation_key)


@pytest.mark.django_db
def test_arabic_catalogue_files_hamza_names_under_alef(client):
    sector = Sector.objects.create(slug="s", name_en="Sector")
    for slug, arabic in [("a", "أمن"), ("b", "إحصاء"), ("c", "اقتصاد"), ("d", "بيئة")]:
        Programme.objects.create(slug=slug, name_en=slug, name_ar=arabic, sector=sector)
    arabic = client.get("/ar/programmes/").content.decode()
    assert (
        arabic.index("إحصاء") < arabic.index("اقتصاد") < arabic.index("أمن") < arabic.index("بيئة")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "الأردن، كازاخستان"), ("fr", "Jordanie, Kazakhstan")]
)
def test_countries_reached_joined_with_the_languages_separator(client, language, expected):
    sector = Sector.objects.create(slug="s", name_en="Sector")
    programme = Programme.objects.create(slug="p", name_en="P", sector=sector)
    activity = make_activity(programme, 1, member_countries=["JO", "KZ"], participants=20)
    with translation.override(language):
        address = activity.get_absolute_url()
    assert expected in client.get(address).content.decode()
