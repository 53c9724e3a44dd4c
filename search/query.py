"""Searching the index: PostgreSQL full-text search with trigram typo tolerance, or a plain
substring match on other databases."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexing import TEXT_SEARCH_CONFIG
from .models import SearchEntry
from .text import normalise

# Private-use characters mark matches inside ts_headline output; the text is escaped first and
# only then are they turned into <mark> elements, so content can never inject markup.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = {"max_words": 35, "min_words": 15, "max_fragments": 2}


@dataclass
class SearchOutcome:
    entries: object  # a queryset of SearchEntry with `title_html` and `snippet_html`
    counts: dict


def search(query: str, language: str):
    """Entries matching `query` in `language`, best first, and their number per kind."""
    if connection.vendor == "postgresql":
        matches = _postgres_matches(query, language)
        return SearchOutcome(entries=matches, counts=_counts(matches))
    matches = _simple_matches(query, language)
    counts = _counts(matches)
    if not counts:
        # Nothing has every word: try their nearest spellings (two more queries, only then).
        matches = _near_matches(query, language)
        counts = _counts(matches)
    return SearchOutcome(entries=matches, counts=counts)


def _counts(matches):
    return dict(
        matches.order_by()
        .values_list("kind")
        .annotate(total=Count("id"))
        .values_list("kind", "total")
    )


def other_languages_with_results(query: str, language: str, languages) -> list:
    """(language, number of results) for each other language that has any: asked only when the
    page's language has none, to tell a reader who typed in another language where to look."""
    found = []
    for code in languages:
        if code == language:
            continue
        if connection.vendor == "postgresql":
            ts_query = _ts_query(query, code)
            condition = Q(search_vector=ts_query) | Q(
                normalised__trigram_word_similar=normalise(query)
            )
            total = SearchEntry.objects.filter(language=code).filter(condition).count()
        else:
            total = _simple_matches(query, code).count()
        if total:
            found.append((code, total))
    return found


def _ts_query(query, language):
    ts_query = SearchQuery(query, config=TEXT_SEARCH_CONFIG[language], search_type="websearch")
    if language != "en":
        # Text not yet translated is indexed in English; find it with English stemming too.
        ts_query |= SearchQuery(query, config=TEXT_SEARCH_CONFIG["en"], search_type="websearch")
    return ts_query


def _postgres_matches(query, language):
    ts_query = _ts_query(query, language)
    row_config = Case(
        *[
            When(text_language=code, then=Value(config))
            for code, config in TEXT_SEARCH_CONFIG.items()
        ]
    )
    normalised_query = normalise(query)
    return (
        SearchEntry.objects.filter(language=language)
        .filter(Q(search_vector=ts_query) | Q(normalised__trigram_word_similar=normalised_query))
        .annotate(
            rank=SearchRank(F("search_vector"), ts_query),
            similarity=TrigramWordSimilarity(normalised_query, "normalised"),
            title_headline=SearchHeadline(
                "title",
                ts_query,
                config=row_config,
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            ),
            body_headline=SearchHeadline(
                "body",
                ts_query,
                config=row_config,
                start_sel=_START,
                stop_sel=_STOP,
                **_HEADLINE_OPTIONS,
            ),
        )
        .order_by("-rank", "-similarity", "title")
    )


# The typo fallback without PostgreSQL reads at most this many titles: bounded work per search.
TYPO_FALLBACK_TITLES = 2000
TYPO_CUTOFF = 0.8


def _simple_matches(query, language):
    """Every word as a substring (accent- and case-free)."""
    condition = Q()
    for word in normalise(query).split():
        condition &= Q(normalised__contains=word)
    return SearchEntry.objects.filter(language=language).filter(condition).order_by("kind", "title")


def _near_matches(query, language):
    """Typo tolerance without PostgreSQL: each word, or one of its nearest spellings among the
    words of the titles (difflib), as pg_trgm's word similarity does on PostgreSQL."""
    entries = SearchEntry.objects.filter(language=language)
    titles = entries.values_list("title", flat=True)[:TYPO_FALLBACK_TITLES]
    vocabulary = {token for title in titles for token in re.findall(r"\w+", normalise(title))}
    condition = Q()
    for word in normalise(query).split():
        near = get_close_matches(word, vocabulary, n=5, cutoff=TYPO_CUTOFF) if len(word) > 3 else []
        either = Q(normalised__contains=word)
        for spelling in near:
            either |= Q(normalised__contains=spelling)
        condition &= either
    return entries.filter(condition).order_by("kind", "title")


def _marked(text):
    return mark_safe(  # noqa: S308 - escaped before the markers become tags
        escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


def highlight(entry, query):
    """Title and snippet of an entry as safe HTML with the matched words in <mark>."""
    title = getattr(entry, "title_headline", None)
    body = getattr(entry, "body_headline", None)
    if title is None:  # no database-side headline: mark words in Python
        title = _mark_words(entry.title, query)
        body = _mark_words(_excerpt(entry.body, query), query)
    elif _START not in title and _START not in body:
        # Found through trigram similarity (a typo): mark the nearest spellings.
        title, body = _mark_words(entry.title, query), _mark_words(body, query)
    return _marked(title), _marked(body)


def _excerpt(text, query, width=240):
    words = normalise(query).split()
    normalised = normalise(text)
    positions = [normalised.find(word) for word in words if normalised.find(word) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start : start + width]
    return ("… " if start else "") + excerpt + (" …" if start + width < len(text) else "")


def _mark_words(text, query):
    words = [word for word in normalise(query).split() if word]
    if not words:
        return text

    def mark(match):
        token = normalise(match.group(0))
        if any(word in token or _close(token, word) for word in words):
            return f"{_START}{match.group(0)}{_STOP}"
        return match.group(0)

    return re.sub(r"\w+", mark, text)


def _close(token, word):
    return len(word) > 3 and SequenceMatcher(None, token, word).ratio() >= 0.8
