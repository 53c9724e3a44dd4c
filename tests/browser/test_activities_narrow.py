"""The activities tables on a 360 px phone: nothing overflows, titles keep a readable width."""

import pytest

from tests.browser.support import PHONE, assert_accessible, browser_page

# Measured in the page: the document, each table's scrolling wrapper, and the narrowest
# activity title compared with the table (one word per line is what the review found).
MEASURE = """
() => {
  const tables = [...document.querySelectorAll('table.activities-table')];
  return {
    page: document.documentElement.scrollWidth <= window.innerWidth,
    tables: tables.length,
    wrappers: tables.every(t => t.parentElement.scrollWidth <= t.parentElement.clientWidth),
    narrowestTitle: Math.min(...tables.flatMap(t =>
      [...t.querySelectorAll('tbody a')].map(a =>
        a.closest('td').getBoundingClientRect().width / t.getBoundingClientRect().width))),
    labels: tables.flatMap(t => [...t.querySelectorAll('tbody td')].map(td => {
      const label = td.querySelector('.activities-table__label');
      return label ? getComputedStyle(label).display : 'missing';
    })),
  };
}
"""

PAGES = ["activities/", "programmes/diplomacy-cab/"]
LABELS = {
    "ar": ("النشاط", "البرنامج", "التاريخ", "المكان"),
    "fr": ("Activité", "Programme", "Date", "Lieu"),
}


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("path", PAGES)
def test_activities_tables_fit_a_phone(demo_site, language, path):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/{language}/{path}")
        result = page.evaluate(MEASURE)
        assert result["tables"] == 1
        assert result["page"], "the page scrolls sideways"
        assert result["wrappers"], "the table scrolls sideways"
        # Each row is a block: the title gets the whole width, not a one-word column.
        assert result["narrowestTitle"] > 0.8, result
        # Every value carries its column's name, shown on a phone.
        assert set(result["labels"]) == {"block"}, result
        first_row = page.locator("table.activities-table tbody tr").first
        if path == "activities/":
            assert LABELS[language][0] in first_row.inner_text()
        assert_accessible(page)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_activities_table_stays_a_table_on_a_desktop(demo_site, language):
    with browser_page() as page:
        page.goto(f"{demo_site.url}/{language}/activities/")
        result = page.evaluate(MEASURE)
        assert result["page"] and result["wrappers"]
        assert set(result["labels"]) == {"none"}  # the column headers say it already
        header = page.locator("table.activities-table thead")
        assert header.is_visible()
        assert_accessible(page)
