"""What each kind of content contributes to the search index, and how entries are written."""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, Value
from django.utils import translation

from core.i18n import translated_value

from .models import SearchEntry
from .text import normalise, plain_text

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# PostgreSQL text search configurations; sesric_french ignores accents (see migration 0002).
TEXT_SEARCH_CONFIG = {"en": "english", "ar": "arabic", "fr": "sesric_french"}


@dataclass(frozen=True)
class Source:
    kind: str
    model_label: str
    queryset: Callable  # () -> the public objects to index
    # (instance) -> (title fields, body fields[, keyword fields]) as (instance, field) pairs;
    # keywords are searched but never shown in a snippet.
    fields: Callable
    url: Callable  # (instance) -> the page URL, called in the target language
    # What else the entries show: {model label: (changed instance) -> pks of affected objects}.
    depends_on: dict[str, Callable] = dataclass_field(default_factory=dict)


SOURCES: dict[str, Source] = {}


def register(source: Source):
    SOURCES[source.model_label] = source


def _text(parts, separator=" "):
    """Join translated fields; report "en" if any of them fell back to English."""
    values, fell_back = [], False
    for instance, field in parts:
        value, fallback = translated_value(instance, field)
        if value:
            values.append(plain_text(str(value)))
            fell_back = fell_back or fallback is not None
    return separator.join(values), fell_back


def entries_for(source: Source, instance):
    for language in LANGUAGES:
        with translation.override(language):
            title_parts, body_parts, *keyword_parts = source.fields(instance)
            title, title_fell_back = _text(title_parts, separator=" – ")
            # Fields kept apart in the snippets shown under each result.
            body, body_fell_back = _text(body_parts, separator=" · ")
            keywords, _fell_back = _text(keyword_parts[0] if keyword_parts else [])
            yield SearchEntry(
                kind=source.kind,
                object_id=instance.pk,
                language=language,
                text_language="en" if (title_fell_back or body_fell_back) else language,
                url=source.url(instance),
                title=title[:500],
                body=body,
                keywords=keywords,
                normalised=normalise(f"{title} {body} {keywords}"),
            )


# The objects waiting to be indexed at the end of `deferred()`, by source, in this thread.
_pending = threading.local()


@contextmanager
def deferred():
    """Index once, at the end of the block, every object changed in it, instead of at each save.

    For a command that writes many rows at once (the demo loader: ~150 saves, each of which
    would rewrite the entries of what it touches): the entries at the end are the same, since
    they are computed from the content as it then is. Removals still happen at once. Nothing is
    indexed if the block raises (its transaction is rolled back). Nested blocks join the outer.
    """
    if getattr(_pending, "objects", None) is not None:
        yield
        return
    _pending.objects = {}
    try:
        yield
        pending = _pending.objects
    finally:
        _pending.objects = None
    for label, pks in pending.items():
        index_objects(SOURCES[label], pks)


def index_objects(source: Source, pks):
    """(Re)write the entries of these objects; those no longer public lose theirs."""
    pks = list(pks)
    if not pks:
        return
    pending = getattr(_pending, "objects", None)
    if pending is not None:
        pending.setdefault(source.model_label, set()).update(pks)
        return
    SearchEntry.objects.filter(kind=source.kind, object_id__in=pks).delete()
    SearchEntry.objects.bulk_create(
        entry
        for instance in source.queryset().filter(pk__in=pks)
        for entry in entries_for(source, instance)
    )
    _fill_vectors(SearchEntry.objects.filter(kind=source.kind, object_id__in=pks))


def index_object(source: Source, instance):
    index_objects(source, [instance.pk])


def remove_object(source: Source, pk):
    SearchEntry.objects.filter(kind=source.kind, object_id=pk).delete()


def rebuild():
    """Rebuild the whole index from the content; returns the number of entries."""
    SearchEntry.objects.all().delete()
    for source in SOURCES.values():
        SearchEntry.objects.bulk_create(
            entry for instance in source.queryset() for entry in entries_for(source, instance)
        )
    _fill_vectors(SearchEntry.objects.all())
    return SearchEntry.objects.count()


def _fill_vectors(entries):
    if connection.vendor != "postgresql":
        return
    for language, config in TEXT_SEARCH_CONFIG.items():
        entries.filter(text_language=language).update(
            search_vector=SearchVector(F("title"), config=Value(config), weight="A")
            + SearchVector(F("body"), config=Value(config), weight="B")
            + SearchVector(F("keywords"), config=Value(config), weight="C")
        )
