"""Date ranges as SESRIC writes them: "24–27 October 2022", "28 November – 2 December 2022".

DATE_FORMAT is "j F Y" in every language of the site, so only the month names differ
(Django's own translations); digits stay Western in Arabic, as on the owner's pages.
"""

import functools

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

EN_DASH = "\u2013"


def format_date_range(start, end=None) -> str:
    # The same rows are listed on every request: each range is formatted once per language.
    return _format_date_range(get_language(), start, end)


@functools.lru_cache(maxsize=8192)
def _format_date_range(_language, start, end) -> str:
    if start is None:
        return _("To be announced")
    if end is None or end == start:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}{EN_DASH}{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} {EN_DASH} {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} {EN_DASH} {date_format(end, 'j F Y')}"
