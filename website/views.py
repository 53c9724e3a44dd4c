"""Pages that draw on several content apps: the home page, the statistics page (what the
programmes achieved) and the contact page."""

from itertools import groupby

from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_safe
from django_countries.fields import Country

from activities.figures import achieved_figures, reached_countries
from activities.models import Activity, Photo
from cooperation.needs import requests_per_year
from core.charts import horizontal_bar_chart
from core.collation import collation_key
from core.fragments import cached_fragment
from core.i18n import translated_fields, translated_value
from core.pagecache import public_page
from matching.flows import flow_figures, flows_chart
from programmes.models import Programme


def yearly_figures(activities):
    """(year, activities, participants) for each year with a dated activity, oldest first."""
    return list(
        activities.filter(start_date__isnull=False)
        .annotate(year=ExtractYear("start_date"))
        .values_list("year")
        .annotate(total=Count("id"), participants=Sum("participants"))
        .order_by("year")
    )


def programme_figures(activities):
    """(programme, activities, participants) per programme, the most active first.

    The names come from the Programme objects themselves: values() across a relation would
    skip modeltranslation's fallback to English.
    """
    counts = list(
        activities.values_list("programme_id")
        .annotate(total=Count("id"), participants=Sum("participants"))
        .order_by("-total", "programme_id")
    )
    programmes = Programme.objects.only("acronym", *translated_fields("name"), "name").in_bulk(
        [programme_id for programme_id, _total, _participants in counts]
    )
    return [
        (programmes[programme_id], total, participants or 0)
        for programme_id, total, participants in counts
    ]


def country_figures(activities):
    """(Country, number of activities that reached it), by number then name (UCA order)."""
    reached = reached_countries(activities)
    countries = [(Country(code), count) for code, count in reached.items()]
    return sorted(countries, key=lambda item: (-item[1], collation_key(str(item[0].name))))


def programme_label(programme):
    return programme.acronym or translated_value(programme, "name")[0]


@require_safe
@public_page(daily=True)
def statistics(request):
    """The figures depend only on the content, the language and the day: their HTML is a
    fragment kept while the content generation is current (core.fragments)."""
    body = cached_fragment(
        "website.statistics", [timezone.localdate().isoformat()], _statistics_body
    )
    return render(request, "website/statistics.html", {"body": body})


def _statistics_body():
    # Achievements only: what has taken place. Planned and undated activities are counted apart.
    published = Activity.objects.published()
    activities = published.past()
    upcoming = published.upcoming().count()
    totals = activities.aggregate(
        activities=Count("id"),
        participants=Sum("participants"),
        widest_reach=Max("countries_count"),
    )
    years = yearly_figures(activities)
    programmes = programme_figures(activities)
    countries = country_figures(activities)
    rtl = get_language_bidi()
    tor_years = requests_per_year()
    flows = flow_figures(activities)
    received = sum(row[1] for row in tor_years)
    context = {
        "flows": flows,
        "flows_chart": flows_chart(flows, rtl=rtl),
        # Of the requests received, how many were implemented (none received: no share).
        "implemented_share": round(100 * sum(row[2] for row in tor_years) / received)
        if received
        else None,
        "requests_received_by_year": horizontal_bar_chart(
            [(year, received) for year, received, _implemented in tor_years],
            rtl=rtl,
            label_width=80,
        ),
        "requests_implemented_by_year": horizontal_bar_chart(
            [(year, implemented) for year, _received, implemented in tor_years],
            rtl=rtl,
            label_width=80,
        ),
        "total_activities": totals["activities"],
        "total_participants": totals["participants"] or 0,
        # Some activities record only how many countries took part, not which: the figure is
        # the larger of the distinct countries listed and the largest such count (a floor).
        "total_countries": max(len(countries), totals["widest_reach"] or 0),
        "countries_partly_known": (totals["widest_reach"] or 0) > len(countries),
        "total_programmes": len(programmes),
        "activities_by_year": horizontal_bar_chart(
            [(year, total) for year, total, _participants in years], rtl=rtl, label_width=80
        ),
        "participants_by_year": horizontal_bar_chart(
            # Years whose activities recorded no participant numbers are left out, not shown as 0.
            [(year, people) for year, _total, people in years if people is not None],
            rtl=rtl,
            label_width=80,
        ),
        "activities_by_programme": horizontal_bar_chart(
            [(programme_label(programme), total) for programme, total, _p in programmes], rtl=rtl
        ),
        "countries_chart": horizontal_bar_chart(
            [(country.name, count) for country, count in countries], rtl=rtl
        ),
        "countries": countries,
        "upcoming_activities": upcoming,
    }
    return render_to_string("website/statistics_body.html", context)


HOME_UPCOMING = 3
HOME_LATEST = 3


@require_safe
@public_page(daily=True)
def home(request):
    """What is happening: upcoming and latest activities, key figures, programmes by sector.

    Six queries whatever the amount of content, when the body is written; none for it while
    it comes from the fragment cache (core/fragments.py).
    """

    def content():  # only when the page's body is written, not when it comes from the cache
        activities = Activity.objects.published().for_table()
        upcoming = activities.upcoming().order_by(F("start_date").asc(nulls_last=True), "id")
        latest = (
            activities.past()
            .newest_first()
            .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("order", "id")))
        )
        programmes = list(Programme.objects.for_catalogue())
        return {
            "upcoming": list(upcoming[:HOME_UPCOMING]),
            "latest": list(latest[:HOME_LATEST]),
            "figures": {**achieved_figures(), "programmes": len(programmes)},
            "sectors": [
                (sector, list(items))
                for sector, items in groupby(programmes, key=lambda programme: programme.sector)
            ],
        }

    return render(request, "website/home.html", {"fragment_query": "", "fragment_context": content})


@require_safe
@public_page()
def contact(request):
    """SESRIC's address and the contact of each programme that has one (one query)."""
    programmes = Programme.objects.for_catalogue().filter(
        Q(contact_name_en__gt="") | Q(contact_email__gt="") | Q(contact_phone__gt="")
    )
    return render(
        request,
        "website/contact.html",
        {
            "programmes": list(programmes),
            "street_address": [
                line for line in settings.SESRIC_STREET_ADDRESS.splitlines() if line.strip()
            ],
            "sesric_email": settings.SESRIC_EMAIL,
            "sesric_telephone": settings.SESRIC_TELEPHONE,
        },
    )
