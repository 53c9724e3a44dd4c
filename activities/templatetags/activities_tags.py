import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core.structured_data import json_ld

from ..dates import format_date_range
from ..structured_data import event_data
from ..venues import venue_html

register = template.Library()


@register.filter
def date_range(start, end=None):
    """`{{ activity.start_date|date_range:activity.end_date }}` -> "24–27 October 2022"."""
    return format_date_range(start, end)


@register.simple_tag
def activity_dates(activity):
    """The dates of an activity in a <time> isolated from the surrounding text direction."""
    return _dates_html(get_language(), activity.start_date, activity.end_date)


@functools.lru_cache(maxsize=8192)
def _dates_html(_language, start, end):
    # Lists show the same activities on every request: each range is written once per language.
    text = format_date_range(start, end)
    if start is None:
        return format_html("<span>{}</span>", text)
    return format_html('<bdi><time datetime="{}">{}</time></bdi>', start.isoformat(), text)


@register.simple_tag
def activity_venue(activity):
    """The venue, isolated so that Latin names keep their order in Arabic text."""
    return venue_html(activity)


@register.simple_tag(takes_context=True)
def activity_structured_data(context, activity, photos):
    """schema.org EducationEvent of the activity as JSON-LD; nothing for an undated one."""
    data = event_data(activity, photos, context["request"])
    return json_ld(data) if data else ""
