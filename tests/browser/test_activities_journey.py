"""A visitor's journey in French and Arabic: programme, its activities table, an activity, its
gallery by keyboard alone; axe-core finds no violation on the way."""

import pytest

from tests.browser.support import PHONE, assert_accessible, browser_page

SIXTH = "diplomacy-cab-2022-humanitarian-diplomacy"
EXPECTED = {
    "fr": {"dates": "24–27 octobre 2022", "status": "Photo {} sur 3", "next_key": "ArrowRight"},
    "ar": {"dates": "24–27 أكتوبر 2022", "status": "الصورة {} من 3", "next_key": "ArrowLeft"},
}


def open_activities_table(page, base, language):
    """The programme page's Implemented Activities table, or, while the programme page is
    still the placeholder of the foundation, the activities index filtered on the programme."""
    page.goto(f"{base}/{language}/programmes/diplomacy-cab/")
    table = page.locator(".programme-activities table")
    if table.count() == 0:
        page.goto(f"{base}/{language}/activities/?programme=diplomacy-cab")
        table = page.locator("section[aria-labelledby='past-heading'] table")
    assert table.locator("tbody tr").count() == 7
    assert_accessible(page)
    return table


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_programme_activity_and_gallery_by_keyboard(demo_site, language):
    expected = EXPECTED[language]
    with browser_page() as page:
        table = open_activities_table(page, demo_site.url, language)
        # Newest first: the first row is the 6th edition.
        first_row = table.locator("tbody tr").first
        assert expected["dates"] in first_row.inner_text()
        first_row.locator(f"a[href$='/{SIXTH}/']").click()
        page.wait_for_url(f"{demo_site.url}/{language}/activities/{SIXTH}/")
        assert page.locator("html").get_attribute("lang") == language
        assert expected["dates"] in page.locator(".activity__facts").inner_text()
        assert_accessible(page)

        # Keyboard only: focus the first photo link, open it, move on, close.
        links = page.locator(".gallery__link")
        assert links.count() == 3
        links.first.focus()
        page.keyboard.press("Enter")
        dialog = page.locator("dialog.lightbox")
        dialog.wait_for(state="visible")
        status = page.locator("[data-lightbox-status]")
        assert status.inner_text() == expected["status"].format(1)
        lightbox_image = page.locator("[data-lightbox-image]")
        assert lightbox_image.get_attribute("alt") == links.first.locator("img").get_attribute(
            "alt"
        )
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
        assert_accessible(page)

        page.keyboard.press(expected["next_key"])
        assert status.inner_text() == expected["status"].format(2)
        page.keyboard.press("Enter")  # focus is on "Next photo"
        assert status.inner_text() == expected["status"].format(3)
        page.keyboard.press("Enter")  # wraps around
        assert status.inner_text() == expected["status"].format(1)
        # The image really loaded (media served, WebP or JPEG chosen by the browser).
        page.wait_for_function(
            "() => { const i = document.querySelector('[data-lightbox-image]');"
            " return i.complete && i.naturalWidth > 0; }"
        )

        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        focused = page.evaluate("document.activeElement.dataset.galleryIndex")
        assert focused == "0"
        assert page.console_errors == []


def test_activity_page_on_a_phone_has_no_sideways_scroll(demo_site):
    with browser_page(PHONE) as page:
        page.goto(f"{demo_site.url}/ar/activities/{SIXTH}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)


def test_gallery_without_script_links_to_the_large_photos(demo_site):
    with browser_page(java_script_enabled=False) as page:
        page.goto(f"{demo_site.url}/fr/activities/{SIXTH}/")
        href = page.locator(".gallery__link").first.get_attribute("href")
        response = page.goto(f"{demo_site.url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "image/jpeg"
