"""What the Nu HTML checker and heading-outline tools reported, checked on the rendered pages."""

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.sources, self.headings = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.images.append(attributes)
        elif tag == "source":
            self.sources.append(attributes)
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def elements(response):
    assert response.status_code == 200
    parser = Elements()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
def test_every_gallery_image_and_source_has_its_required_attribute(client, demo, language):
    page = elements(
        client.get(f"/{language}/activities/diplomacy-cab-2022-humanitarian-diplomacy/")
    )
    assert len(page.images) >= 4  # three thumbnails and the lightbox's image
    assert all(image.get("src") and "alt" in image for image in page.images)
    # <source> in <picture> requires srcset (HTML, "the source element").
    assert all(source.get("srcset") for source in page.sources)


@pytest.mark.django_db
def test_registration_form_headings_skip_no_level(client, language):
    headings = elements(client.get(f"/{language}/roscab/register/")).headings
    assert headings[0] == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(headings))
