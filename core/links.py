"""Absolute links to this site, built from one configured address (settings.SITE_URL).

Never from the request: its Host header (and port) is chosen by the client, and its path may
start with "//", which a browser reads as another host. Canonical links, hreflang alternates,
og:url, the sitemap, calendars and e-mails all go through `absolute_url`.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


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


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, language, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def cached_reverse(viewname: str, **kwargs) -> str:
    """reverse() remembered per language, URL configuration and script prefix.

    A list of 20 activities reversed 20 URLs on every request, each through the resolver's
    language-prefixed patterns; a URL only changes with those three and its arguments.
    """
    return _reverse(
        settings.ROOT_URLCONF if get_urlconf() is None else get_urlconf(),
        get_script_prefix(),
        get_language(),
        viewname,
        tuple(sorted(kwargs.items())),
    )


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reverse.cache_clear()
