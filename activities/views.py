import functools

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.drafts import can_preview, mark_draft
from core.fragments import query_key
from core.i18n import translated_fields
from core.pagecache import public_page

from . import calendars
from .forms import ActivityFilterForm, filter_options
from .models import Activity

PAGE_SIZE = 20


INDEX_PARAMS = ("programme", "year", "kind", "country", "provider", "beneficiary", "mode", "page")


@require_safe
@public_page(params=INDEX_PARAMS, daily=True)
def index(request):
    """All published activities across programmes: upcoming first, then the past, paginated.

    The filters and lists are one fragment (core/fragments.py): queried and written only when
    the content changed, the day or the query string differs."""

    def lists():
        form = ActivityFilterForm(request.GET or None, **filter_options())
        activities = form.filter(Activity.objects.published().for_table())
        today = timezone.localdate()
        upcoming = list(activities.upcoming(today).order_by("start_date", "id"))
        page = Paginator(activities.past(today).newest_first(), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "form": form,
            "upcoming": upcoming,
            "page": page,
            "filter_query": query.urlencode(),
            "filters_invalid": form.is_bound and bool(form.errors),
        }

    return render(
        request,
        "activities/index.html",
        {"fragment_query": query_key(request, INDEX_PARAMS), "fragment_context": lists},
    )


@require_safe
@public_page()
def detail(request, slug):
    """An activity's page. Its head and body are fragments (core/fragments.py): the photos, the
    partners, the neighbouring editions and what the apps above add (named experts, whose
    changes bump the content generation) are read only when they are written."""
    drafts = can_preview(request, Activity)
    activity = get_object_or_404(Activity.objects.for_page_head(drafts), slug=slug)

    @functools.cache
    def body():
        whole = get_object_or_404(
            Activity.objects.visible(drafts)
            .select_related("programme")
            .prefetch_related("partners"),
            pk=activity.pk,
        )
        return {
            "activity": whole,
            "photos": list(whole.photos.all()),
            **_neighbours(whole),
            **_page_extras(whole),
        }

    response = render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "is_draft": not activity.is_published,
            # A draft (staff preview) is never kept in the fragment cache.
            "fragment_key": activity.slug if activity.is_published else None,
            "fragment_context": body,
        },
    )
    return mark_draft(response) if not activity.is_published else response


def _page_extras(activity):
    """What apps above this one add to the page (settings.ACTIVITY_PAGE_EXTRAS: dotted paths
    of functions of the activity returning context), so that this app imports none of them."""
    extras = {}
    for path in getattr(settings, "ACTIVITY_PAGE_EXTRAS", ()):
        extras.update(import_string(path)(activity))
    return extras


def _neighbours(activity):
    """The previous and next editions of the same programme, by date: one query on PostgreSQL
    (two elsewhere), of two rows however many editions the programme has."""
    if activity.start_date is None:
        return {"previous": None, "next": None}
    day, pk = activity.start_date, activity.pk
    siblings = (
        Activity.objects.published()
        .filter(programme_id=activity.programme_id, start_date__isnull=False)
        .only("slug", "title", *translated_fields("title"), "start_date")
    )
    earlier = siblings.filter(Q(start_date__lt=day) | Q(start_date=day, id__lt=pk))
    later = siblings.filter(Q(start_date__gt=day) | Q(start_date=day, id__gt=pk))
    earlier = earlier.order_by("-start_date", "-id")[:1]
    later = later.order_by("start_date", "id")[:1]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(earlier.union(later, all=True))
    else:
        rows = [*earlier, *later]
    key = (day, pk)
    return {
        "previous": next((row for row in rows if (row.start_date, row.pk) < key), None),
        "next": next((row for row in rows if (row.start_date, row.pk) > key), None),
    }


@require_safe
@public_page()
def activity_ics(request, slug):
    activity = get_object_or_404(
        Activity.objects.published().select_related("programme"), slug=slug
    )
    if activity.start_date is None:
        raise Http404("No date yet")
    return _ics_response(calendars.build([activity], request), f"{activity.slug}.ics")


@require_safe
@public_page(daily=True)
def upcoming_ics(request):
    activities = (
        Activity.objects.published()
        .upcoming()
        .filter(start_date__isnull=False)
        .select_related("programme")
        .order_by("start_date", "id")
    )
    return _ics_response(
        calendars.build(activities, request), f"sesric-activities-{get_language()}.ics"
    )


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
