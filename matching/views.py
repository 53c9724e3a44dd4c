"""An expert's record, reached through their update link: activities served, consent to be
named on the public pages (given or withdrawn here)."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.freshness import content_changed
from experts.models import Expert
from experts.tokens import UPDATE, LinkError, LinkExpired, read_token

from .consent import NAMING_CONSENT_VERSION
from .forms import AvailabilityForm
from .models import ActivityExpert, Availability, NamingConsent


def _link_problem(request, error):
    expired = isinstance(error, LinkExpired)
    return render(request, "experts/link_invalid.html", {"expired": expired}, status=400)


def set_naming_consent(expert, give):
    """Give (with the current notice's version) or withdraw; public pages are refreshed."""
    with transaction.atomic():
        now = timezone.now()
        if give:
            NamingConsent.objects.update_or_create(
                expert=expert,
                defaults={
                    "consent_version": NAMING_CONSENT_VERSION,
                    "given_at": now,
                    "withdrawn_at": None,
                },
            )
        else:
            NamingConsent.objects.filter(expert=expert, withdrawn_at__isnull=True).update(
                withdrawn_at=now
            )
        content_changed()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def record(request, token):
    try:
        link = read_token(token, UPDATE)
    except LinkError as error:
        return _link_problem(request, error)
    expert = Expert.objects.filter(pk=link.row_id, link_version=link.version).first()
    if expert is None:
        return _link_problem(request, LinkError())
    availability = Availability.objects.filter(expert=expert).first() or Availability(expert=expert)
    availability_form = AvailabilityForm(instance=availability, prefix="availability")
    if request.method == "POST":
        if "availability" in request.POST:
            availability_form = AvailabilityForm(
                request.POST, instance=availability, prefix="availability"
            )
            if availability_form.is_valid():
                with transaction.atomic():
                    availability_form.save()
                return redirect(request.path)
        else:
            choice = request.POST.get("naming")
            if choice in ("give", "withdraw"):
                set_naming_consent(expert, choice == "give")
            return redirect(request.path)
    consent = NamingConsent.objects.filter(expert=expert).first()
    served = (
        ActivityExpert.objects.filter(expert=expert, activity__is_published=True)
        .select_related("activity__programme")
        .order_by("-activity__start_date", "-activity_id")
    )
    return render(
        request,
        "matching/record.html",
        {
            "expert": expert,
            "served": list(served),
            "consent": consent,
            "consent_given": consent is not None and consent.is_given,
            "consent_version": NAMING_CONSENT_VERSION,
            "update_url": reverse("experts:update", kwargs={"token": token}),
            "availability_form": availability_form,
        },
        status=400 if availability_form.errors else 200,
    )
