from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from .i18n import language_links, resolved_path
from .links import absolute_url

OPEN_GRAPH_LOCALES = {"en": "en_GB", "ar": "ar_AR", "fr": "fr_FR"}


def site(request):
    """What base.html needs on every page: the language, its direction and the switcher links."""
    links = language_links(request)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_DIRECTION": "rtl" if get_language_bidi() else "ltr",
        "language_links": links,
        "x_default_url": _without_language_prefix(request, links),
        "current_section": _section(request),
        "current_page": _page(request),
        "canonical_url": _canonical_url(request),
        "og_locale": OPEN_GRAPH_LOCALES[get_language()],
        "og_locale_alternates": [
            locale for code, locale in OPEN_GRAPH_LOCALES.items() if code != get_language()
        ],
    }


def _section(request):
    """The main-navigation section the page belongs to, for aria-current."""
    match = getattr(request, "resolver_match", None)
    return match.namespace if match else ""


def _canonical_url(request):
    """This page's own address (no query string) on the configured site; none for a 404."""
    if getattr(request, "resolver_match", None) is None:
        return ""
    return absolute_url(resolved_path(request, get_language()))


def _page(request):
    """The page's URL name ("programmes:downloads"), for aria-current on single pages."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def _without_language_prefix(request, links):
    """The unprefixed URL, which redirects by Accept-Language: the x-default of every page."""
    english = next(link for link in links if link.code == "en")
    return absolute_url(english.url.replace("/en/", "/", 1))
