"""The trail from the home page to the current page, shown and given to search engines."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .i18n import mark_fallback, translated_value
from .links import absolute_url, cached_reverse

# The pages a trail can name by URL name, with their names in the trail.
PAGE_NAMES = {
    "programmes:index": _("Programmes"),
    "programmes:downloads": _("Questionnaires and terms of reference"),
    "activities:index": _("Activities"),
    "website:statistics": _("Statistics"),
    "experts:register": pgettext_lazy("breadcrumb", "Roster of Experts"),
    "search:results": _("Search"),
    "website:contact": _("Contact"),
    "core:privacy": _("Privacy policy"),
    "core:accessibility": _("Accessibility statement"),
    "core:legal": _("Legal notice"),
}

# The translated text field that names each kind of object in a trail.
TITLE_FIELDS = ("title", "name")


@dataclass(frozen=True)
class Crumb:
    label: str  # HTML: fallback text is marked lang="en"
    text: str  # plain text, for JSON-LD
    url: str | None  # None: the current page, named but not linked (its address may hold a token)


def trail(*items):
    """Home, then each item: a URL name of PAGE_NAMES, a model instance, or the page's title."""
    home = str(_("Home"))
    crumbs = [Crumb(home, home, cached_reverse("website:home"))]
    for item in items:
        if isinstance(item, str) and item in PAGE_NAMES:
            name = str(PAGE_NAMES[item])
            crumbs.append(Crumb(name, name, cached_reverse(item)))
        elif isinstance(item, str):
            crumbs.append(Crumb(item, str(item), None))
        else:
            field = next(field for field in TITLE_FIELDS if hasattr(item, field))
            crumbs.append(
                Crumb(
                    mark_fallback(item, field),
                    translated_value(item, field)[0],
                    item.get_absolute_url(),
                )
            )
    return crumbs


def breadcrumb_list(crumbs):
    """schema.org BreadcrumbList of the trail, with absolute addresses."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.text,
                **({"item": absolute_url(crumb.url)} if crumb.url else {}),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
