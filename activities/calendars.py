"""iCalendar files of activities (RFC 5545) built with the `icalendar` library."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Event, Timezone

from core.i18n import translated_value
from core.links import absolute_url, site_domain

from .venues import venue_text


def build(activities, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//SESRIC//Capacity Building Programmes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", str(settings.SITE_NAME))
    # RFC 5545 wants at least one component, even in a calendar with no event: the time zone
    # of SESRIC's seat, which Google and Outlook also write. The events are all-day dates.
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(
        Timezone.from_tzid(settings.TIME_ZONE, first_date=datetime.date(2020, 1, 1))
    )
    host = site_domain()
    for activity in activities:
        calendar.add_component(_event(activity, request, host))
    return calendar.to_ical()


def _event(activity, request, host):
    event = Event()
    # The same UID in every language: it is one event whatever the calendar's language.
    event.add("uid", f"activity-{activity.pk}@{host}")
    event.add("dtstamp", activity.updated_at or timezone.now())
    _add_text(event, "summary", activity, "title")
    # All-day dates: DTEND is the day after the last day (exclusive), never a timed block.
    event.add("dtstart", activity.start_date)
    event.add("dtend", (activity.end_date or activity.start_date) + datetime.timedelta(days=1))
    _add_text(event, "description", activity, "summary")
    event.add("location", venue_text(activity))
    event.add("url", absolute_url(activity.get_absolute_url()))
    event.add("categories", [activity.programme.acronym or activity.programme.name])
    event.add("transp", "TRANSPARENT")
    return event


def _add_text(event, name, activity, field):
    """A text property labelled with the language it is really in (English when it fell back)."""
    value, fallback = translated_value(activity, field)
    event.add(name, value)
    event[name].params["language"] = fallback or get_language()
