import functools
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.i18n import translated_value
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


# Lists of activities: each row written in Python. As template loops, the ten or so variables,
# translations and tags of a row cost a few hundred function calls each time.


def _title_link(activity):
    text, fallback = translated_value(activity, "title")
    text = escape(str(text))
    if fallback:
        text = f'<span lang="{fallback}" dir="ltr">{text}</span>'
    return f'<a href="{escape(activity.get_absolute_url())}">{text}</a>'


def _programme(activity):
    programme = activity.programme
    if programme.acronym:
        return f'<bdi class="acronym">{escape(programme.acronym)}</bdi>'
    return f"<bdi>{escape(str(programme.name or ''))}</bdi>"


def _label(text):
    return f'<span class="activities-table__label" aria-hidden="true">{escape(str(text))}</span>'


@register.simple_tag
def activity_rows(activities):
    """The rows of the activities index's table: title, programme, dates, venue."""
    language = get_language()
    labels = [_label(_(text)) for text in ("Activity", "Programme", "Date", "Venue")]
    rows = [
        f"<tr>\n"
        f"            <td>{labels[0]}{_title_link(activity)}</td>\n"
        f"            <td>{labels[1]}{_programme(activity)}</td>\n"
        f'            <td class="activities-table__date">{labels[2]}'
        f"{_dates_html(language, activity.start_date, activity.end_date)}</td>\n"
        f"            <td>{labels[3]}{venue_html(activity)}</td>\n"
        f"          </tr>"
        for activity in activities
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every text escaped above


@register.simple_tag
def activity_cards(activities):
    """The cards of upcoming activities: title, programme and kind, dates and venue."""
    language = get_language()
    cards = [
        f'<li class="card">\n'
        f"        <h3>{_title_link(activity)}</h3>\n"
        f"        <p>{_programme(activity)} · {escape(str(activity.get_kind_display()))}</p>\n"
        f"        <p>{_dates_html(language, activity.start_date, activity.end_date)} · "
        f"{venue_html(activity)}</p>\n"
        f"      </li>"
        for activity in activities
    ]
    return mark_safe("\n".join(cards))  # noqa: S308 - every text escaped above


@register.simple_tag
def programme_activity_rows(activities):
    """The rows of a programme page's table of activities: venue, dates, title."""
    language = get_language()
    labels = [_label(_(text)) for text in ("Venue", "Date", "Information")]
    rows = [
        f"<tr>\n"
        f"          <td>{labels[0]}{venue_html(activity)}</td>\n"
        f'          <td class="activities-table__date">{labels[1]}'
        f"{_dates_html(language, activity.start_date, activity.end_date)}</td>\n"
        f"          <td>{labels[2]}{_title_link(activity)}</td>\n"
        f"        </tr>"
        for activity in activities
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every text escaped above
