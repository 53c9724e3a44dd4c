from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from ..needs import needs_and_capacities

register = template.Library()


@register.inclusion_tag("cooperation/includes/needs.html")
def programme_needs(programme):
    """The needs and capacities of a programme's page and of its own page (two queries)."""
    figures = needs_and_capacities(programme)
    return {
        "programme": programme,
        "figures": figures,
        "chart": figures.chart(get_language_bidi()),
    }


@register.inclusion_tag("cooperation/includes/programme_calls.html")
def programme_calls(programme):
    """Where the programme page sends ministries: the online questionnaire and ToR."""
    return {"programme": programme}


@register.simple_tag
def needs_rows(figures, separator):
    """The rows of the needs table, written in Python (a template loop cost some 500 function
    calls per subject); the same HTML as the loop it replaced."""
    separator = conditional_escape(separator)
    rows = []
    for row in figures.subjects:
        countries = separator.join(conditional_escape(name) for name in row.offering_names)
        rows.append(
            f'\n        <tr><th scope="row"><bdi>{conditional_escape(row.subject.name)}</bdi></th>'
            f"<td>{len(row.needing)}</td><td>{countries or '–'}</td></tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text escaped above
