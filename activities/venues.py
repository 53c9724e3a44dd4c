from django.utils.translation import gettext as _


def venue_text(activity) -> str:
    """ "Virtual – SESRIC, Ankara, Türkiye" or "Istanbul, Türkiye" in the active language."""
    # Translators: the separator between the parts of a place, e.g. "Ankara, Türkiye".
    separator = _(", ")
    place = separator.join(part for part in (activity.city, activity.country.name) if part)
    if activity.is_virtual:
        host = separator.join(part for part in (activity.host_office, place) if part)
        if host:
            # Translators: a virtual activity and the office that hosted it, e.g. "SESRIC, Ankara".
            return _("Virtual – %(host)s") % {"host": host}
        return _("Virtual")
    return place or _("To be announced")
