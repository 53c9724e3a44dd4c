"""Needs and capacities per main subject, at country level, from accepted focal points only."""

import functools
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django_countries.fields import Country

from core.charts import horizontal_bar_chart
from core.collation import collation_key

from .models import SubjectAnswer, TorRequest


@dataclass
class SubjectFigures:
    subject: object
    needing: set = field(default_factory=set)
    offering: set = field(default_factory=set)

    @property
    def offering_countries(self):
        """In the reading order of the active language ("Égypte, Malaisie")."""
        return sorted(
            (Country(code) for code in self.offering), key=lambda c: collation_key(c.name)
        )

    @property
    def offering_names(self):
        """The names of `offering_countries`, in the same order (remembered per language)."""
        language = get_language()
        return [
            name for _key, name in sorted(_country_name(code, language) for code in self.offering)
        ]


@functools.lru_cache(maxsize=1024)
def _country_name(code, _language):
    name = str(Country(code).name)
    return collation_key(name), name


@dataclass(frozen=True)
class NeedsAndCapacities:
    subjects: list
    is_demo: bool

    @property
    def has_answers(self):
        return any(row.needing or row.offering for row in self.subjects)

    def chart(self, rtl):
        return horizontal_bar_chart(
            [(row.subject.name, len(row.needing)) for row in self.subjects], rtl=rtl
        )


def needs_and_capacities(programme):
    """Per main subject of `programme`: the countries needing it and those offering it.

    Two queries, however many answers: the subjects, then one row per distinct
    (subject, country, need, offer) among answers whose focal point is confirmed and accepted.
    """
    figures = {subject.pk: SubjectFigures(subject) for subject in programme.subjects.all()}
    rows = (
        SubjectAnswer.objects.filter(
            subject__programme=programme,
            answer__programme=programme,
            answer__focal_point__confirmed_at__isnull=False,
            answer__focal_point__accepted_at__isnull=False,
        )
        .values_list(
            "subject_id",
            "answer__institution__country",
            "needs_training",
            "can_provide",
            "answer__institution__is_demo",
        )
        .distinct()
    )
    is_demo = False
    for subject_id, country, needs, offers, demo in rows:
        row = figures.get(subject_id)
        if row is None:
            continue
        is_demo = is_demo or demo
        if needs:
            row.needing.add(country)
        if offers:
            row.offering.add(country)
    return NeedsAndCapacities(list(figures.values()), is_demo)


def requests_per_year():
    """(year, received, implemented) of counted Terms of Reference requests, oldest first."""
    rows = (
        TorRequest.objects.counting()
        .annotate(year=ExtractYear("created_at"))
        .values("year")
        .annotate(
            received=Count("id"),
            implemented=Count("id", filter=Q(state=TorRequest.State.IMPLEMENTED)),
        )
        .order_by("year")
    )
    return [(row["year"], row["received"], row["implemented"]) for row in rows]
