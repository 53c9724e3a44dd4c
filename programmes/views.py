"""Catalogue, programme page, downloads page, and the file downloads themselves."""

import functools
import logging
from itertools import groupby

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.delivery import StoredFileMissing, attachment_response
from core.drafts import can_preview, mark_draft
from core.fragments import cached_fragment, query_key
from core.i18n import LANGUAGE_NAMES_LOCAL, language_codes, language_name_in_text
from core.pagecache import public_page

from .archives import archive_filename, download_filename, language_archive
from .download_counter import count_downloads
from .forms import CatalogueFilterForm, DownloadsFilterForm
from .models import Document, DocumentFile, DocumentKind, Programme, in_catalogue_order

logger = logging.getLogger(__name__)


CATALOGUE_PARAMS = ("sector",)


@require_safe
@public_page(params=CATALOGUE_PARAMS)
def index(request):
    """The catalogue, grouped by sector, optionally narrowed to one sector."""
    form = CatalogueFilterForm(request.GET or None)
    form.is_valid()  # an unknown sector is reported on the page and ignored
    sector = getattr(form, "cleaned_data", {}).get("sector")

    def groups():  # only when the list is written, not when it comes from the fragment cache
        programmes = in_catalogue_order(Programme.objects.for_catalogue().in_sector(sector))
        return {
            "groups": [
                (group_sector, list(items))
                for group_sector, items in groupby(programmes, key=lambda item: item.sector)
            ]
        }

    return render(
        request,
        "programmes/index.html",
        {
            "form": form,
            "sector": sector,
            "fragment_query": query_key(request, CATALOGUE_PARAMS),
            "fragment_context": groups,
        },
    )


@require_safe
@public_page()
def detail(request, slug):
    drafts = can_preview(request, Programme)
    programme = get_object_or_404(Programme.objects.for_page_head(drafts), slug=slug)

    @functools.cache
    def body():  # only when the body is written, not when it comes from the fragment cache
        whole = get_object_or_404(Programme.objects.for_page(drafts), pk=programme.pk)
        documents = list(whole.documents.all())
        by_category = {category: [] for category in DocumentKind.Category.values}
        for document in documents:
            by_category[document.kind.category].append(document)
        return {
            "programme": whole,
            "questionnaires": by_category[DocumentKind.Category.QUESTIONNAIRE],
            "terms_of_reference": by_category[DocumentKind.Category.TERMS_OF_REFERENCE],
            "other_documents": by_category[DocumentKind.Category.OTHER],
            "zip_links": [_ZipLink(whole, code) for code in _languages_of(documents)],
            "activities": implemented_activities(whole),
        }

    response = render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "is_draft": not programme.is_active,
            # A draft (staff preview) is never kept in the fragment cache.
            "fragment_key": programme.slug if programme.is_active else None,
            "fragment_context": body,
        },
    )
    return response if programme.is_active else mark_draft(response)


# The table links to all of a programme's activities in the activities index, so the page does
# not grow with every edition.
PROGRAMME_PAGE_ACTIVITIES = 20


def implemented_activities(programme):
    """The programme's newest published activities for its table, in one query.

    Reached through the reverse relation that the activities app declares, so that this
    app, below activities in the layers, does not import it."""
    activities = list(
        programme.activities.published().for_table().newest_first()[:PROGRAMME_PAGE_ACTIVITIES]
    )
    for activity in activities:
        # The programme is already at hand: no query per row for activity.programme.
        activity.programme = programme
    return activities


@require_safe
@public_page(params=["programme", "kind", "language"])
def downloads(request):
    """Every document of every active programme, filterable by programme, kind and language.

    Unfiltered, the list depends only on the content and the language: its HTML is a fragment
    kept while the content generation is current (core.fragments)."""
    form = DownloadsFilterForm(request.GET or None)  # unknown values are reported, ignored
    if form.is_bound:
        body = _downloads_body(form)
    else:
        body = cached_fragment("programmes.downloads", [], lambda: _downloads_body(form))
    return render(request, "programmes/downloads.html", {"body": body})


def _downloads_body(form):
    documents = form.filter(
        Document.objects.filter(programme__is_active=True).select_related("programme", "kind")
    ).order_by("programme__order", "programme__slug", "kind__order", "kind__slug")
    language = form.chosen_language
    rows = []
    for document in documents:
        files = document.files()
        if language:
            files = [entry for entry in files if entry.language == language]
        rows.append((document, files))
    return render_to_string(
        "programmes/downloads_body.html", {"form": form, "rows": rows, "filtered": form.active}
    )


@require_safe
@never_cache
def download(request, slug, kind, language):
    """One document in one language, counted exactly, or a 404 naming what does exist."""
    document = get_object_or_404(
        Document.objects.select_related("programme", "kind").filter(programme__is_active=True),
        programme__slug=slug,
        kind__slug=kind,
    )
    if language not in Document.LANGUAGES or not document.file(language):
        return _missing(request, document.programme, document, language, document.files())
    entry = DocumentFile(document, language)
    try:
        response = attachment_response(
            entry.field_file.storage,
            entry.field_file.name,
            alias="default",
            filename=download_filename(document, language),
            content_type=entry.content_type,
        )
    except StoredFileMissing:
        logger.error("Document file missing from storage: %s", entry.field_file.name)
        others = [other for other in document.files() if other.language != language]
        return _missing(request, document.programme, document, language, others, lost=True)
    if request.method == "GET":
        count_downloads(request, [document.pk], language)
    return response


@require_safe
@never_cache
def language_zip(request, slug, language):
    """Every document of a programme in one language, as one ZIP file."""
    programme = get_object_or_404(Programme.objects.active(), slug=slug)
    documents = list(programme.documents.for_listing())
    available = _languages_of(documents)
    if language not in available:
        links = [_ZipLink(programme, code) for code in language_codes() if code in available]
        return _missing(request, programme, None, language, links)
    archive = language_archive(documents, language)
    if archive is None:
        return _missing(request, programme, None, language, [], lost=True)
    if request.method == "GET":
        count_downloads(request, [document.pk for document in archive.documents], language)
    return FileResponse(
        archive.file,
        as_attachment=True,
        filename=archive_filename(programme, language),
        content_type="application/zip",
    )


class _ZipLink:
    """A language in which the programme's ZIP exists, shaped like a DocumentFile for templates."""

    def __init__(self, programme, language):
        self.language = language
        self.name_local = LANGUAGE_NAMES_LOCAL.get(language, language)
        self.url = reverse("programmes:zip", kwargs={"slug": programme.slug, "language": language})


def _languages_of(documents):
    present = {code for document in documents for code in document.available_languages()}
    return [code for code in language_codes() if code in present]


def _missing(request, programme, document, language, available, lost=False):
    """A translated 404 that says what was asked and which languages do exist."""
    known = language in LANGUAGE_NAMES_LOCAL
    return render(
        request,
        "programmes/document_missing.html",
        {
            "programme": programme,
            "document": document,
            "language_name": language_name_in_text(language) if known else "",
            "language_code": language if known else "",
            "known_language": known,
            "lost": lost,
            "available": [
                (entry, LANGUAGE_NAMES_LOCAL.get(entry.language, entry.language))
                for entry in available
            ],
        },
        status=404,
    )
