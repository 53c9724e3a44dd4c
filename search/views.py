from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from django.views.decorators.http import require_safe

from core.i18n import LANGUAGE_NAMES_LOCAL
from core.pagecache import public_page

from .models import SearchEntry
from .query import highlight, other_languages_with_results, search
from .text import MAX_QUERY_LENGTH, clean_query

RESULTS_PER_PAGE = 20


# Free text makes many distinct pages: they live five minutes (see README "Page cache").
@require_safe
@public_page(params=["q", "type", "page"], timeout=5 * 60)
def results(request):
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    kind = request.GET.get("type", "")
    if kind not in SearchEntry.Kind.values:
        kind = ""
    context = {
        "search_query": query,
        "query_was_shortened": len(raw_query.strip()) > MAX_QUERY_LENGTH,
        "kind": kind,
        "kinds": SearchEntry.Kind.choices,
    }
    if query:
        outcome = search(query, get_language())
        entries = outcome.entries.filter(kind=kind) if kind else outcome.entries
        page = Paginator(entries, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for entry in page.object_list:
            entry.title_html, entry.snippet_html = highlight(entry, query)
        context |= {
            "page": page,
            "counts": [
                (value, label, outcome.counts.get(value, 0))
                for value, label in SearchEntry.Kind.choices
            ],
            "total": sum(outcome.counts.values()),
        }
        if not outcome.counts:
            context["elsewhere"] = _elsewhere(query)
    return render(request, "search/results.html", context)


def _elsewhere(query):
    """Links to the same search in the other languages that have results for it."""
    links = []
    codes = [code for code, _name in settings.LANGUAGES]
    for code, total in other_languages_with_results(query, get_language(), codes):
        with translation.override(code):
            url = f"{reverse('search:results')}?{urlencode({'q': query})}"
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES_LOCAL.get(code, code),
                "direction": "rtl" if get_language_info(code)["bidi"] else "ltr",
                "url": url,
                "total": total,
            }
        )
    return links
