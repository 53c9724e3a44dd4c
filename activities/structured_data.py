"""schema.org data about an activity, for search engines (JSON-LD)."""

from django.utils.translation import get_language

from core.i18n import translated_value
from core.links import absolute_url
from core.templatetags.site_tags import absolute


def event_data(activity, photos, request):
    """An EducationEvent: name, dates, place (or the virtual place), organiser, photo.

    None for an activity without a date: schema.org requires an Event's startDate, and no
    date is better than a false one. The number of participants is not given: the only
    property near it, maximumAttendeeCapacity, means the room's capacity.
    """
    if not activity.start_date:
        return None
    url = absolute_url(activity.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": translated_value(activity, "title")[0],
        "description": translated_value(activity, "summary")[0],
        "url": url,
        "inLanguage": get_language(),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {
            "@type": "Organization",
            "name": "SESRIC",
            "url": absolute_url("/"),
        },
    }
    data["startDate"] = activity.start_date.isoformat()
    data["endDate"] = (activity.end_date or activity.start_date).isoformat()
    if activity.is_virtual:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        address = {"@type": "PostalAddress"}
        if activity.city:
            address["addressLocality"] = translated_value(activity, "city")[0]
        if activity.country:
            address["addressCountry"] = activity.country.code
        data["location"] = {
            "@type": "Place",
            "name": address.get("addressLocality", ""),
            "address": address,
        }
    if photos:
        data["image"] = [absolute(photos[0].large_url)]
    return data
