import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from django.views.decorators.http import require_safe

from core.fragments import cached_fragment
from core.i18n import LANGUAGE_NAMES_LOCAL
from core.pagecache import public_page

from .models import SearchEntry
from .query import highlight, other_languages_with_results, search
from .text import MAX_QUERY_LENGTH, clean_query

RESULTS_PER_PAGE = 20


# Free text makes many distinct pages: they live five minutes (see README "Page cache").
RESULTS_SECONDS = 5 * 60
# Page numbers whose results are kept as fragments; other values are answered fresh.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


@require_safe
@public_page(params=["q", "type", "page"], timeout=RESULTS_SECONDS)
def results(request):
    """The results depend only on the words, the type, the page, the language and the
    content: their HTML is a fragment kept while the content generation is current
    (core.fragments), five minutes at most."""
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    kind = request.GET.get("type", "")
    if kind not in SearchEntry.Kind.values:
        kind = ""
    shortened = len(raw_query.strip()) > MAX_QUERY_LENGTH
    page_number = request.GET.get("page", "")

    def body():
        return _results_body(query, kind, shortened, page_number)

    if query and (not page_number or PAGE_NUMBER.fullmatch(page_number)):
        key = [query, kind, shortened, page_number or "1"]
        html = cached_fragment("search.results", key, body, timeout=RESULTS_SECONDS)
    else:
        html = body()
    return render(request, "search/results.html", {"search_query": query, "body": html})


def _results_body(query, kind, shortened, page_number):
    context = {
        "LANGUAGE_CODE": get_language(),
        "search_query": query,
        "query_was_shortened": shortened,
        "kind": kind,
        "kinds": SearchEntry.Kind.choices,
    }
    if query:
        outcome = search(query, get_language())
        entries = outcome.entries.filter(kind=kind) if kind else outcome.entries
        page = Paginator(entries, RESULTS_PER_PAGE).get_page(page_number or None)
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
    return render_to_string("search/results_body.html", context)


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
