"""Language helpers shared by every app: switcher links and English fallback markup."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from .links import absolute_url

FALLBACK_LANGUAGE = "en"


# Each language named in itself, as the owner writes it (Django's own names differ slightly).
LANGUAGE_NAMES_LOCAL = {"en": "English", "ar": "العربية", "fr": "Français"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name_local: str
    url: str
    absolute_url: str
    is_current: bool
    direction: str


def language_links(request) -> list[LanguageLink]:
    """The current page (same object, same query string) in every language of the site.

    Built from the URL pattern the request resolved to, reversed under each language (slugs
    are ASCII and shared by the three languages), never from the path the client sent: a path
    such as "//evil.example/en/" must not become a link to another host. A request that
    resolved to nothing (a 404) links to the home page of each language.
    """
    current = get_language()
    resolved = getattr(request, "resolver_match", None) is not None
    query = request.GET.urlencode() if resolved else ""
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = resolved_path(request, code)
        if query:
            url = f"{url}?{query}"
        links.append(
            LanguageLink(
                code=code,
                name_local=LANGUAGE_NAMES_LOCAL.get(code, info["name_local"]),
                url=url,
                absolute_url=absolute_url(url),
                is_current=code == current,
                direction="rtl" if info["bidi"] else "ltr",
            )
        )
    return links


def resolved_path(request, language: str) -> str:
    """The path of the URL pattern the request resolved to, in `language` (home when none)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return _home(language)
    key = (
        get_urlconf(),
        get_script_prefix(),
        language,
        match.view_name,
        tuple(match.args),
        tuple(sorted(match.kwargs.items())),
    )
    try:
        return _resolved_path(*key)
    except TypeError:  # an argument that cannot be a key (a URL pattern's extra dict)
        return _resolved_path.__wrapped__(*key)


@functools.lru_cache(maxsize=8192)
def _resolved_path(_urlconf, _prefix, language, view_name, args, kwargs):
    # Every page asks for its own path in each language (switcher, hreflang, canonical): the
    # same few reversals per path, remembered per process like core.links.cached_reverse.
    with translation.override(language):
        try:
            return reverse(view_name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return _home(language)


@receiver(setting_changed)
def _forget_paths(**_kwargs):
    _resolved_path.cache_clear()


def _home(language: str) -> str:
    with translation.override(language):
        # The home page lives in the website app, above core; its URL name is all core needs.
        return reverse("website:home")


def translated_value(instance, field_name: str) -> tuple[str, str | None]:
    """The field in the active language and, when it fell back to English, "en".

    modeltranslation falls back silently; the page must still say which language
    the reader is looking at, so callers mark fallback text with lang="en".
    """
    language = get_language()
    value = getattr(instance, field_name)
    if language == FALLBACK_LANGUAGE:
        return value, None
    own_field = f"{field_name}_{language.replace('-', '_')}"
    if not hasattr(instance, own_field):
        return value, None  # not a translated field: the same in every language
    own_value = getattr(instance, own_field)
    if own_value in (None, "") and value not in (None, ""):
        return value, FALLBACK_LANGUAGE
    return value, None


def mark_fallback(instance, field_name: str, *, block: bool = False, value=None):
    """Render a translated field, wrapped in lang/dir markup when it fell back to English."""
    text, fallback = translated_value(instance, field_name)
    if value is not None:
        text = value
    if fallback is None:
        return text
    tag = "div" if block else "span"
    return format_html('<{} lang="{}" dir="ltr">{}</{}>', tag, fallback, text, tag)


def language_codes():
    """The site's languages, in the order of settings.LANGUAGES (the only place naming them)."""
    return [code for code, _name in settings.LANGUAGES]


def translated_fields(*fields):
    """The per-language columns modeltranslation adds for each field: name_en, name_ar, ..."""
    return tuple(
        f"{field}_{code.replace('-', '_')}" for field in fields for code in language_codes()
    )


# Languages whose names are common nouns, written in lower case inside a sentence.
LOWER_CASE_LANGUAGE_NAMES = {"fr"}


def language_name_in_text(code):
    """A language named in the active language, as written mid-sentence ("en arabe")."""
    name = str(get_language_info(code)["name_translated"])
    return name.lower() if get_language() in LOWER_CASE_LANGUAGE_NAMES else name


def localised_name(field="name"):
    """The field in the active language, or in English when that is empty.

    modeltranslation rewrites order_by("name") to the active language's column with no
    fallback, so an untranslated row would sort as NULL; this expression falls back.
    """
    language = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    english = F(f"{field}_en")
    if language == "en":
        return english
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")), english, output_field=models.TextField()
    )
