"""Absolute links to this site, built from one configured address (settings.SITE_URL).

Never from the request: its Host header (and port) is chosen by the client, and its path may
start with "//", which a browser reads as another host. Canonical links, hreflang alternates,
og:url, the sitemap, calendars and e-mails all go through `absolute_url`.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The configured address of the site, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def site_domain() -> str:
    """The host name of the configured address (no port), e.g. for iCalendar UIDs."""
    return urlsplit(site_url()).hostname or "localhost"


def absolute_url(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) on the configured site address.

    Leading slashes are folded into one, so that a path can never name another host.
    """
    return f"{site_url()}/{path.lstrip('/')}"
