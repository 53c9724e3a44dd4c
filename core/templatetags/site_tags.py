import functools
import weakref

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import sharing
from core.breadcrumbs import breadcrumb_list, trail
from core.fragments import cached_fragment, fragment_key, read_many
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


@register.simple_tag
def breadcrumbs(*items):
    """The trail Home › items…; the last item is the current page. Also as JSON-LD. The
    HTML of a trail is remembered per process (it depends only on its crumbs, the language
    and the settings): a page's trail costs what finding its crumbs costs."""
    return _breadcrumbs(tuple(trail(*items)), get_language(), get_script_prefix())


@functools.lru_cache(maxsize=1024)
def _breadcrumbs(crumbs, _language, _prefix):
    return render_to_string(
        "includes/breadcrumbs.html",
        {"crumbs": crumbs, "structured_data": json_ld(breadcrumb_list(crumbs))},
    )


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, title):
    """Links that share the page by e-mail, on X, Facebook and LinkedIn (their intent URLs)."""
    return {"share_links": sharing.share_links(context["canonical_url"], str(title))}


class FragmentNode(template.Node):
    def __init__(self, name, parts, daily, nodelist):
        self.name, self.parts, self.daily, self.nodelist = name, parts, daily, nodelist

    def resolved(self, context):
        return self.name.resolve(context), [part.resolve(context) for part in self.parts]

    def render(self, context):
        name, parts = self.resolved(context)

        def render():
            extra = context.get("fragment_context")
            if not callable(extra):
                return self.nodelist.render(context)
            with context.push(**extra()):
                return self.nodelist.render(context)

        return cached_fragment(
            name,
            parts,
            render,
            daily=self.daily,
            read=_page_fragments(context, self),
        )


_FRAGMENTS_OF = weakref.WeakKeyDictionary()  # template -> its FragmentNodes, found once


def _page_fragments(context, node):
    """The entries of every fragment of the page's template (a head, a body…), read from the
    cache in one round trip when the first of them renders; each then takes its own from
    them. Fragments of included templates, or whose key is None, ask the cache themselves."""
    page = context.template
    if page not in _FRAGMENTS_OF:
        _FRAGMENTS_OF[page] = page.nodelist.get_nodes_by_type(FragmentNode)
    nodes = _FRAGMENTS_OF[page]
    if node not in nodes or len(nodes) < 2:
        return None
    state = context.render_context
    if FragmentNode not in state:
        keys = []
        for other in nodes:
            name, parts = other.resolved(context)
            if all(part is not None for part in parts):
                keys.append(fragment_key(name, parts))
        state[FragmentNode] = read_many(keys) if keys else None
    return state[FragmentNode]


@register.tag
def fragment(parser, token):
    """`{% fragment "name" part ... [daily] %}…{% endfragment %}`: kept in the shared cache for
    the content generation (core/fragments.py); a part that is None means not cached."""
    bits = token.split_contents()[1:]
    daily = bits[-1:] == ["daily"]
    if daily:
        bits = bits[:-1]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    expressions = [parser.compile_filter(bit) for bit in bits]
    return FragmentNode(expressions[0], expressions[1:], daily, nodelist)


@register.simple_tag
def chrome(template_name, **values):
    """`{% chrome "includes/main_nav.html" current_page=current_page %}`: the site's chrome
    (navigation, footer, language switcher), which depends only on the language, the URL
    configuration and the values given, never on content or visitor: rendered once per process
    for each of those and remembered."""
    items = tuple(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in sorted(values.items())
    )
    return _chrome(template_name, get_language(), get_urlconf(), get_script_prefix(), items)


@functools.lru_cache(maxsize=1024)
def _chrome(template_name, _language, _urlconf, _prefix, items):
    return mark_safe(render_to_string(template_name, dict(items)))  # noqa: S308 - rendered HTML


@receiver(setting_changed)
def _forget_chrome(**_kwargs):
    _chrome.cache_clear()
    _breadcrumbs.cache_clear()
