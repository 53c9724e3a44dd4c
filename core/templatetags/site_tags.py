from django import template
from django.utils.safestring import mark_safe

from core import sharing
from core.breadcrumbs import breadcrumb_list, trail
from core.i18n import mark_fallback, translated_value
from core.links import absolute_url
from core.structured_data import json_ld

register = template.Library()


@register.simple_tag
def tr(instance, field_name):
    """A translated text field, marked lang="en" dir="ltr" when it fell back to English."""
    return mark_fallback(instance, field_name)


@register.simple_tag
def tr_html(instance, field_name):
    """A translated rich-text field (already sanitised on save), in a block with its own lang."""
    text, _fallback = translated_value(instance, field_name)
    return mark_fallback(instance, field_name, block=True, value=mark_safe(text))  # noqa: S308


@register.simple_tag
def fallback_lang(instance, field_name):
    """Attributes to put on an element whose text is the field: ' lang="en" dir="ltr"' or ''."""
    _text, fallback = translated_value(instance, field_name)
    if fallback is None:
        return ""
    return mark_safe(f' lang="{fallback}" dir="ltr"')  # noqa: S308


@register.filter
def absolute(url):
    """A site path on the configured site address (settings.SITE_URL); full URLs unchanged."""
    url = str(url)
    if url.startswith(("https://", "http://")):
        return url  # e.g. media on a storage service
    return absolute_url(url)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*items):
    """The trail Home › items…; the last item is the current page. Also as JSON-LD."""
    crumbs = trail(*items)
    return {
        "crumbs": crumbs,
        "structured_data": json_ld(breadcrumb_list(crumbs)),
    }


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, title):
    """Links that share the page by e-mail, on X, Facebook and LinkedIn (their intent URLs)."""
    return {"share_links": sharing.share_links(context["canonical_url"], str(title))}
