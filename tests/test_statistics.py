"""The statistics page: figures, charts mirrored for Arabic, data tables, constant queries."""

import re

import pytest
from django.utils import translation

from activities.models import Activity
from core.charts import horizontal_bar_chart
from programmes.models import Programme, Sector
from tests.activities_data.factories import make_activity
from website.views import country_figures, programme_figures, yearly_figures


@pytest.fixture
def programmes(db):
    sector = Sector.objects.create(slug="s", name_en="Sector")
    return [
        Programme.objects.create(
            slug="dip", acronym="Diplomacy-CaB", name_en="Diplomacy", sector=sector
        ),
        Programme.objects.create(slug="ngo", acronym="", name_en="NGO Programme", sector=sector),
    ]


def dated(programme, number, year, **fields):
    import datetime

    start = datetime.date(year, 3, 1 + number % 20)
    return make_activity(programme, number, start_date=start, end_date=start, **fields)


@pytest.mark.django_db
def test_figures_count_published_activities_only(programmes):
    diplomacy, ngo = programmes
    dated(diplomacy, 1, 2021, participants=112, member_countries=["TR", "SN"])
    dated(diplomacy, 2, 2022, participants=97, member_countries=["TR", "MA"])
    dated(ngo, 3, 2022, participants=10)
    dated(ngo, 4, 2022, participants=1000, is_published=False)
    make_activity(ngo, 5, start_date=None, end_date=None)  # to be announced: no year

    published = Activity.objects.published()
    assert yearly_figures(published) == [(2021, 1, 112), (2022, 2, 107)]
    assert [(p.slug, total, people) for p, total, people in programme_figures(published)] == [
        ("dip", 2, 209),
        ("ngo", 2, 10),
    ]
    with translation.override("fr"):
        countries = [(country.code, count) for country, count in country_figures(published)]
    assert countries == [("TR", 2), ("MA", 1), ("SN", 1)]


@pytest.mark.django_db
def test_reached_countries_are_counted_by_the_database_as_by_python(programmes, monkeypatch):
    """PostgreSQL splits the stored lists and counts (a row per country, however many
    activities); the Python way (SQLite) must give the same answer."""
    from django.db import connection

    from activities.figures import reached_countries

    diplomacy, ngo = programmes
    dated(diplomacy, 1, 2021, member_countries=["TR", "SN"])
    dated(diplomacy, 2, 2022, member_countries=["TR", "MA", "SN"])
    dated(ngo, 3, 2022)
    dated(ngo, 4, 2022, member_countries=["TR"], is_published=False)
    published = Activity.objects.published()
    expected = {"TR": 2, "SN": 2, "MA": 1}
    assert reached_countries(published) == expected
    monkeypatch.setattr(connection, "vendor", "other")
    assert reached_countries(published) == expected


@pytest.mark.django_db
def test_page_shows_key_figures_charts_and_tables(client, programmes, language):
    diplomacy, _ngo = programmes
    dated(diplomacy, 1, 2021, participants=112, countries_count=33)
    dated(diplomacy, 2, 2022, participants=97, member_countries=["TR"])

    response = client.get(f"/{language}/statistics/")

    assert response.status_code == 200
    body = response.content.decode()
    values = re.findall(r'class="key-figure__value">(\d+)<', body)
    assert values == ["2", "209", "33", "1"]
    # per year (activities, participants), per programme, per country reached
    assert body.count('<svg class="chart__svg"') == 4
    assert body.count('<table class="chart__table">') == 4
    assert re.search(
        r'<th scope="row"><bdi class="acronym">Diplomacy-CaB</bdi></th><td>2</td>', body
    )


@pytest.mark.django_db
def test_programme_without_acronym_is_labelled_by_its_name_in_english_fallback(client, programmes):
    dated(programmes[1], 1, 2022)
    body = client.get("/ar/statistics/").content.decode()
    assert "<bdi>NGO Programme</bdi>" in body


def test_charts_grow_from_the_reading_side():
    rows = [("2021", 1), ("2022", 2)]
    ltr = horizontal_bar_chart(rows, rtl=False, width=400, label_width=100)
    rtl = horizontal_bar_chart(rows, rtl=True, width=400, label_width=100)

    longest_ltr, longest_rtl = ltr.bars[1], rtl.bars[1]
    # Left to right: label, then the bar from x=100 to the right, then the value.
    assert longest_ltr.label_x < longest_ltr.bar_x < longest_ltr.value_x
    assert longest_ltr.bar_x == 100
    # Right to left: the mirror image, the bar ending at x=300.
    assert longest_rtl.label_x > longest_rtl.bar_x + longest_rtl.bar_width
    assert longest_rtl.bar_x + longest_rtl.bar_width == 300
    assert longest_rtl.value_x < longest_rtl.bar_x
    assert longest_ltr.bar_width == longest_rtl.bar_width == 400 - 100 - 56
    assert ltr.bars[0].bar_width == pytest.approx(longest_ltr.bar_width / 2)


@pytest.mark.django_db
def test_svg_coordinates_are_not_localised(client, programmes):
    dated(programmes[0], 1, 2021)
    dated(programmes[0], 2, 2022)
    dated(programmes[0], 3, 2022)
    body = client.get("/fr/statistics/").content.decode()
    coordinates = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)"', body)
    assert coordinates
    assert all("," not in value for triple in coordinates for value in triple)


@pytest.mark.django_db
def test_empty_site_gives_a_page(client):
    response = client.get("/en/statistics/?year=abc&page=-1")
    assert response.status_code == 200
    assert "No data yet." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_statistics_queries_stay_constant(client, programmes, count, django_assert_num_queries):
    for number in range(count):
        dated(
            programmes[number % 2],
            number,
            2015 + number % 8,
            member_countries=["TR", "EG"],
            provider_countries=["MY"] if number % 3 else ["MY", "SN"],
        )
    # upcoming, totals, per year, per programme, programme names, countries, Terms of Reference
    # requests per year, provider and beneficiary flows (a GET reads in autocommit)
    with django_assert_num_queries(8):
        response = client.get("/ar/statistics/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_only_activities_that_took_place_count_upcoming_shown_apart(client, programmes):
    import datetime

    diplomacy, ngo = programmes
    dated(diplomacy, 1, 2021, participants=112, member_countries=["TR"])
    future = datetime.date.today() + datetime.timedelta(days=400)
    make_activity(diplomacy, 2, start_date=future, end_date=future, participants=50)
    make_activity(ngo, 3, start_date=None, end_date=None, participants=20)  # to be announced

    body = client.get("/en/statistics/").content.decode()

    values = re.findall(r'class="key-figure__value">(\d+)<', body)
    assert values == ["1", "112", "1", "1"]
    assert str(future.year) not in body  # no bar for a year still to come
    assert 'class="key-figure__label">activity held<' in body  # singular: ngettext
    assert "2 upcoming activities</a>, planned or not yet dated" in body


@pytest.mark.django_db
def test_countries_reached_chart_is_mirrored_in_arabic_with_its_table(client, programmes):
    dated(programmes[0], 1, 2021, member_countries=["EG", "TR"])
    dated(programmes[0], 2, 2022, member_countries=["TR"])
    body = client.get("/ar/statistics/").content.decode()
    figure = body.split('id="chart-countries-caption"', 1)[1]
    assert 'direction="rtl"' in figure.split("</svg>", 1)[0]
    rows = re.findall(r'<th scope="row"><bdi[^>]*>([^<]+)</bdi></th><td>(\d+)</td>', figure)
    assert rows == [("تركيا", "2"), ("مصر", "1")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", {1: "activity held", 2: "activities held", 11: "activities held"}),
        ("fr", {1: "activité réalisée", 2: "activités réalisées", 11: "activités réalisées"}),
        (
            "ar",
            {1: "نشاط منفَّذ", 2: "نشاطان منفَّذان", 9: "أنشطة منفَّذة", 11: "نشاطًا منفَّذًا"},
        ),
    ],
)
def test_key_figures_use_the_plural_form_of_their_number(client, programmes, language, phrases):
    for count, phrase in phrases.items():
        Activity.objects.all().delete()
        for number in range(count):
            dated(programmes[0], number, 2020)
        body = client.get(f"/{language}/statistics/").content.decode()
        assert f'>{count}</span> <span class="key-figure__label">{phrase}<' in body, count


@pytest.mark.django_db
def test_a_count_of_countries_without_their_names_is_not_contradicted(client, programmes):
    dated(programmes[0], 1, 2019, countries_count=33)
    page = client.get("/en/statistics/").content.decode()
    assert "member countries reached" in page
    assert "have not been recorded yet" not in page
    assert "The activities record how many member countries took part, not yet which ones." in page


@pytest.mark.django_db
def test_home_counts_the_programmes_it_presents(client, programmes):
    page = client.get("/en/").content.decode()
    assert "programmes presented here" in page
    assert "three-party" not in page and "tripartite approach" in page


@pytest.mark.django_db
def test_flows_chart_shows_providers_and_beneficiaries_per_programme_and_year(programmes):
    from matching.flows import flow_figures, flows_chart

    diplomacy, ngo = programmes
    dated(diplomacy, 1, 2021, provider_countries=["TR"], member_countries=["EG", "SN", "MA"])
    dated(diplomacy, 2, 2021, provider_countries=["MY", "TR"], member_countries=["EG"])
    dated(ngo, 3, 2022, provider_countries=["MY"], member_countries=[])
    dated(ngo, 4, 2022, member_countries=["TR"])  # no provider recorded: not a flow

    with translation.override("en"):
        flows = flow_figures(Activity.objects.published())
        rows = [
            (
                flow["programme"].slug,
                flow["year"],
                [c.code for c in flow["providers"]],
                [c.code for c in flow["beneficiaries"]],
                flow["activities"],
            )
            for flow in flows
        ]
        assert rows == [
            ("dip", 2021, ["MY", "TR"], ["EG", "MA", "SN"], 2),
            ("ngo", 2022, ["MY"], [], 1),
        ]
        ltr, rtl = str(flows_chart(flows).svg_rows()), str(flows_chart(flows, rtl=True).svg_rows())

    def bars(svg):
        return re.findall(
            r'<rect x="([^"]+)" y="[^"]+" width="([^"]+)" [^>]*flows-chart__bar--(\w+)"', svg
        )

    # Two bars per programme and year, providers first; the longest side fills the track
    # (640 - 200 - 56 = 384): 3 beneficiaries, so 2 providers are 256 long; none is 0.
    assert [(width, side) for _x, width, side in bars(ltr)] == [
        ("256.0", "providers"),
        ("384.0", "beneficiaries"),
        ("128.0", "providers"),
        ("0.0", "beneficiaries"),
    ]
    assert re.findall(r'class="chart__label">([^<]+)<', ltr) == [
        "Diplomacy-CaB 2021",
        "NGO Programme 2022",
    ]
    # Mirrored: the bars end where they start in English, on the other side.
    for (x_ltr, width, _side), (x_rtl, same_width, _same) in zip(bars(ltr), bars(rtl), strict=True):
        assert width == same_width
        assert float(x_ltr) == 200 and float(x_rtl) + float(width) == 640 - 200
    assert 'direction="rtl"' in rtl and 'direction="rtl"' not in ltr


@pytest.mark.django_db
def test_flows_chart_and_table_on_the_page_in_french(client, programmes):
    dated(programmes[0], 1, 2021, provider_countries=["TR"], member_countries=["EG", "SN"])
    body = client.get("/fr/statistics/").content.decode()
    section = body[body.index('id="flows-heading"') :]
    section = section[: section.index("</section>")]
    assert "Diplomacy-CaB 2021" in section  # the chart's label
    assert section.count("<svg") == 3  # the two swatches of the legend and the chart
    table = section[section.index('id="flows-caption"') :]
    assert re.findall(r"<td>([^<]*)</td>", table) == ["Turquie", "Égypte, Sénégal"]
