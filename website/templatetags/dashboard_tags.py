from django import template

from website.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def staff_dashboard(context):
    return dashboard(context["request"].user)
