from django import template
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
