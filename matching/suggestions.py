"""Ranked suggestions for a Terms of Reference request, each with the reasons it was made.

A fixed number of queries whatever the size of the roster or the number of institutions:
the request's subjects, the institutions' declared capacities, the ranked experts (ranked and
cut by the database), then their languages and subjects (two prefetches of the few kept).
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cooperation.models import SubjectAnswer
from experts.models import Expert, ExpertLanguage

from .models import Availability, unavailable_during

INSTITUTIONS_SHOWN = 10
EXPERTS_SHOWN = 12


@dataclass
class InstitutionSuggestion:
    institution: object
    subjects: list = field(default_factory=list)  # (subject, offer) declared as capacities
    answered_at: object = None

    @property
    def country(self):
        return self.institution.country


@dataclass
class ExpertSuggestion:
    expert: object
    subjects: list
    speaks_request_language: bool
    request_language_level: str
    in_programme: bool
    languages: list
    available: bool = True
    available_from: object = None
    available_until: object = None


@dataclass
class Suggestions:
    subjects: list
    institutions: list
    experts: list
    period: object = None


class Period(NamedTuple):
    """The dates the suggestions check availability against."""

    start: datetime.date
    end: datetime.date
    from_request: bool  # read from the request's desired period (else: today)


YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def desired_period(text, today=None):
    """The years named in a request's desired period (free text), or today when none is.

    "Second half of 2027" reads as 2027; "2027-2028" as both years whole.
    """
    today = today or timezone.localdate()
    years = sorted(int(year) for year in YEAR.findall(text or ""))
    if not years:
        return Period(today, today, from_request=False)
    start = max(datetime.date(years[0], 1, 1), today)
    end = datetime.date(years[-1], 12, 31)
    if end < start:
        return Period(today, today, from_request=False)
    return Period(start, end, from_request=True)


def suggest_institutions(tor_request, subjects):
    """Institutions whose counted answers declare a capacity in one of the subjects.

    Ranked by how many of the request's subjects they cover, then by how recently they
    answered. The requesting institution is left out.
    """
    rows = (
        SubjectAnswer.objects.filter(
            subject__in=[subject.pk for subject in subjects],
            can_provide=True,
            answer__focal_point__confirmed_at__isnull=False,
            answer__focal_point__accepted_at__isnull=False,
        )
        .exclude(answer__institution_id=tor_request.institution_id)
        .select_related("answer__institution")
    )
    by_id = {subject.pk: subject for subject in subjects}
    found = {}
    for row in rows:
        institution = row.answer.institution
        suggestion = found.setdefault(
            institution.pk, InstitutionSuggestion(institution, answered_at=row.answer.updated_at)
        )
        suggestion.subjects.append((by_id[row.subject_id], row.offer))
        suggestion.answered_at = max(suggestion.answered_at, row.answer.updated_at)
    ranked = sorted(
        found.values(),
        key=lambda item: (-len(item.subjects), -item.answered_at.timestamp(), item.institution.pk),
    )
    return ranked[:INSTITUTIONS_SHOWN]


def ranked_experts(tor_request, subject_ids, period=None):
    """Approved experts fitting the request's subjects or programme, best first (a queryset).

    After the request's language, experts available in the period come first (those who gave
    no dates count as available).
    """
    period = period or desired_period(tor_request.desired_period)
    through = Expert.subjects.through
    matched = (
        through.objects.filter(expert_id=OuterRef("pk"), mainsubject_id__in=subject_ids)
        .order_by()
        .values("expert_id")
        .annotate(count=Count("*"))
        .values("count")
    )
    in_programme = Expert.programmes.through.objects.filter(
        expert_id=OuterRef("pk"), programme_id=tor_request.programme_id
    )
    speaks = ExpertLanguage.objects.filter(expert_id=OuterRef("pk"), language=tor_request.language)
    unavailable = Availability.objects.filter(
        unavailable_during(period.start, period.end), expert_id=OuterRef("pk")
    )
    return (
        Expert.objects.filter(status=Expert.Status.APPROVED, erased_at__isnull=True)
        .annotate(
            subjects_matched=Coalesce(Subquery(matched, output_field=IntegerField()), Value(0)),
            in_programme=Exists(in_programme),
            speaks_request_language=Exists(speaks),
            unavailable=Exists(unavailable),
        )
        .filter(subjects_matched__gt=0)
        .select_related("availability")
        .order_by(
            "-speaks_request_language",
            "unavailable",
            "-subjects_matched",
            "-in_programme",
            "-years_of_experience",
            "pk",
        )
    )


def suggest_experts(tor_request, subjects, period):
    subject_ids = [subject.pk for subject in subjects]
    experts = list(ranked_experts(tor_request, subject_ids, period)[:EXPERTS_SHOWN])
    prefetch_related_objects(experts, "languages", "subjects")
    wanted = set(subject_ids)
    suggestions = []
    for expert in experts:
        languages = list(expert.languages.all())
        level = next(
            (row.get_level_display() for row in languages if row.language == tor_request.language),
            "",
        )
        suggestions.append(
            ExpertSuggestion(
                expert=expert,
                subjects=[subject for subject in expert.subjects.all() if subject.pk in wanted],
                speaks_request_language=expert.speaks_request_language,
                request_language_level=level,
                in_programme=expert.in_programme,
                languages=languages,
                available=not expert.unavailable,
                **_dates(expert),
            )
        )
    return suggestions


def _dates(expert):
    try:
        availability = expert.availability
    except Availability.DoesNotExist:
        return {}
    return {
        "available_from": availability.available_from,
        "available_until": availability.available_until,
    }


def suggest(tor_request, *, with_experts=True):
    """Everything the match page shows: institutions always, experts only when asked."""
    subjects = list(tor_request.subjects.all())
    period = desired_period(tor_request.desired_period)
    return Suggestions(
        subjects=subjects,
        institutions=suggest_institutions(tor_request, subjects) if subjects else [],
        experts=(
            suggest_experts(tor_request, subjects, period) if subjects and with_experts else []
        ),
        period=period,
    )
