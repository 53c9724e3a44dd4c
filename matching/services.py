"""Matching a request, turning it into an activity, and telling the focal point each time.

Each step is one transaction: the rows written and the state change (with its queued e-mail,
cooperation.services.change_tor_state) commit together or not at all.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Activity, Kind
from cooperation.models import TorRequest
from cooperation.services import change_tor_state

from .models import ActivityExpert, RequestMatch

MATCHABLE_STATES = (
    TorRequest.State.RECEIVED,
    TorRequest.State.UNDER_REVIEW,
    TorRequest.State.MATCHED,
)

# The request's kind (a Terms of Reference document kind) suggests the activity's kind.
KIND_BY_DOCUMENT = {
    "tor-training-courses": Kind.TRAINING_COURSE,
    "tor-training-workshops": Kind.TRAINING_WORKSHOP,
    "tor-study-visits": Kind.STUDY_VISIT,
}


class NotAllowedNow(Exception):
    """The request is not in a state that allows this step (e.g. changed meanwhile)."""


def suggested_kind(tor_request):
    return KIND_BY_DOCUMENT.get(tor_request.kind.slug, Kind.TRAINING_COURSE)


def match(tor_request, user, *, countries, institutions, experts, suggested_experts):
    """Record the provider(s) and experts chosen; the request becomes "matched"."""
    with transaction.atomic():
        locked = TorRequest.objects.select_for_update().get(pk=tor_request.pk)
        if locked.state not in MATCHABLE_STATES:
            raise NotAllowedNow
        provider_countries = sorted(
            {*countries, *(str(institution.country) for institution in institutions)}
        )
        request_match, _created = RequestMatch.objects.update_or_create(
            request=locked,
            defaults={
                "provider_countries": provider_countries,
                "matched_at": timezone.now(),
                "matched_by": user,
            },
        )
        request_match.provider_institutions.set(institutions)
        request_match.experts.set(experts)
        request_match.suggested_experts.set(suggested_experts)
        change_tor_state(locked, TorRequest.State.MATCHED, user)
    tor_request.state = locked.state
    return request_match


def _free_slug(title, tor_request):
    base = slugify(title)[:90].strip("-") or "activity"
    slug = f"{base}-{tor_request.pk}"
    taken = set(Activity.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    number = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def create_activity(tor_request, user, data):
    """A draft activity carrying the match; the request becomes "scheduled"."""
    with transaction.atomic():
        locked = TorRequest.objects.select_for_update().get(pk=tor_request.pk)
        request_match = RequestMatch.objects.filter(request=locked).first()
        if locked.state != TorRequest.State.MATCHED or request_match is None:
            raise NotAllowedNow
        activity = Activity(
            programme_id=locked.programme_id,
            kind=data["kind"],
            title_en=data["title"],
            summary_en=data["summary"],
            slug=_free_slug(data["title"], locked),
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            is_virtual=locked.mode == TorRequest.Mode.ONLINE,
            member_countries=data["beneficiary_countries"],
            provider_countries=data["provider_countries"],
        )
        activity.full_clean(exclude=["slug"])
        activity.save()
        ActivityExpert.objects.bulk_create(
            ActivityExpert(activity=activity, expert=expert, role=ActivityExpert.Role.TRAINER)
            for expert in data["experts"]
        )
        request_match.activity = activity
        request_match.save(update_fields=["activity"])
        change_tor_state(locked, TorRequest.State.SCHEDULED, user)
    tor_request.state = locked.state
    return activity


def implement_past_activities(today=None):
    """Scheduled requests whose published activity is over become "implemented".

    Returns how many changed. Run daily (matching.tasks / manage.py mark_implemented_requests).
    """
    today = today or timezone.localdate()
    due = TorRequest.objects.filter(
        state=TorRequest.State.SCHEDULED,
        match__activity__is_published=True,
        match__activity__in=Activity.objects.past(today),
    )
    changed = 0
    for tor_request in due:
        changed += change_tor_state(tor_request, TorRequest.State.IMPLEMENTED, None)
    return changed
