from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

from core.i18n import translated_value


def venue_text(activity) -> str:
    """ "Virtual – SESRIC, Ankara, Türkiye" or "Istanbul, Türkiye" in the active language."""
    return _compose(
        activity,
        city=str(activity.city or ""),
        country=str(activity.country.name or ""),
        host=str(activity.host_office or ""),
        literal=str,
    )


def venue_html(activity):
    """The venue as HTML, each part isolated and, where it fell back to English, marked
    lang="en": "Istanbul، تركيا" then keeps the Arabic order (the city first, on the right)."""
    html = _compose(
        activity,
        city=_isolated(activity, "city"),
        country=format_html("<bdi>{}</bdi>", activity.country.name) if activity.country else "",
        host=_isolated(activity, "host_office"),
        literal=escape,
    )
    direction = "rtl" if get_language_bidi() else "ltr"
    return format_html('<bdi dir="{}">{}</bdi>', direction, mark_safe(html))  # noqa: S308


def _isolated(activity, field):
    value, fallback = translated_value(activity, field)
    if not value:
        return ""
    if fallback:
        return format_html('<bdi lang="{}" dir="ltr">{}</bdi>', fallback, value)
    return format_html("<bdi>{}</bdi>", value)


def _compose(activity, *, city, country, host, literal):
    """The venue from its parts; `literal` prepares the translated words (escape() for HTML)."""
    # Translators: the separator between the parts of a place, e.g. "Ankara, Türkiye".
    separator = literal(_(", "))
    place = separator.join(part for part in (city, country) if part)
    if activity.is_virtual:
        hosted = separator.join(part for part in (host, place) if part)
        if hosted:
            # Translators: a virtual activity and the office that hosted it, e.g. "SESRIC, Ankara".
            return literal(_("Virtual – %(host)s")) % {"host": hosted}
        return literal(_("Virtual"))
    if place:
        return place
    last_day = activity.end_date or activity.start_date
    if last_day and last_day < timezone.localdate():
        # A past activity whose sources give no venue: nothing is to be announced any more.
        return literal(pgettext("venue", "Venue not recorded"))
    return literal(pgettext("venue", "To be announced"))
