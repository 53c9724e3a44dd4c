from django import template

register = template.Library()


@register.inclusion_tag("activities/includes/programme_activities.html")
def programme_activities(programme):
    """The Implemented Activities table of a programme page (filled by the activities app)."""
    return {"programme": programme, "activities": []}
