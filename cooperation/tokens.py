"""The focal point's signed links (core.links): confirm the address, then come back."""

from django.conf import settings

from core import signed_links as links

SALT = "cooperation.link"
CONFIRM = "confirm"
# The focal point's own space: their institution, and later its answers and requests.
SPACE = "space"


def make_token(focal_point, purpose: str) -> str:
    return links.make_token(SALT, focal_point.pk, purpose, focal_point.link_version)


def read_token(token: str, purpose: str) -> links.Link:
    return links.read_token(SALT, token, purpose, settings.COOPERATION_LINK_MAX_AGE)
