import functools

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, pgettext
from django.utils.translation import gettext as _
from django_countries import countries

from core.i18n import translated_value


def venue_text(activity) -> str:
    """ "Virtual – SESRIC, Ankara, Türkiye" or "Istanbul, Türkiye" in the active language."""
    return _compose(
        activity.is_virtual,
        city=str(activity.city or ""),
        country=str(activity.country.name or ""),
        host=str(activity.host_office or ""),
        literal=str,
    )


def venue_html(activity):
    """The venue as HTML, each part isolated and, where it fell back to English, marked
    lang="en": "Istanbul، تركيا" then keeps the Arabic order (the city first, on the right)."""
    return _venue_html(
        get_language(),
        activity.is_virtual,
        activity.country.code if activity.country else "",
        translated_value(activity, "city"),
        translated_value(activity, "host_office"),
    )


@functools.lru_cache(maxsize=8192)
def _venue_html(_language, is_virtual, country_code, city, host):
    # Lists show the same activities on every request: each venue is written once per language.
    html = _compose(
        is_virtual,
        city=_isolated(*city),
        country=format_html("<bdi>{}</bdi>", countries.name(country_code)) if country_code else "",
        host=_isolated(*host),
        literal=escape,
    )
    direction = "rtl" if get_language_bidi() else "ltr"
    return format_html('<bdi dir="{}">{}</bdi>', direction, mark_safe(html))  # noqa: S308


def _isolated(value, fallback):
    if not value:
        return ""
    if fallback:
        return format_html('<bdi lang="{}" dir="ltr">{}</bdi>', fallback, value)
    return format_html("<bdi>{}</bdi>", value)


def _compose(is_virtual, *, city, country, host, literal):
    """The venue from its parts; `literal` prepares the translated words (escape() for HTML)."""
    # Translators: the separator between the parts of a place, e.g. "Ankara, Türkiye".
    separator = literal(_(", "))
    place = separator.join(part for part in (city, country) if part)
    if is_virtual:
        hosted = separator.join(part for part in (host, place) if part)
        if hosted:
            # Translators: a virtual activity and the office that hosted it, e.g. "SESRIC, Ankara".
            return literal(_("Virtual – %(host)s")) % {"host": hosted}
        return literal(_("Virtual"))
    return place or literal(pgettext("venue", "To be announced"))
