"""Addresses of the owner's former site, answered with a permanent redirect to the same page.

The former site had one PHP page per programme ("cbp-dip.php"), one page per activity under a
numeric id shared by the three languages ("event-detail.php?id=2652"), and a yearly archive
("activities-archive.php?year=2015"). Arabic and French pages added "-ar" or "-fr" before
".php"; that suffix chooses the language of the page redirected to. Staff record each
programme's page name and each activity's id in the admin.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from activities.models import Activity
from core.views import page_not_found
from programmes.models import Programme

# "event-detail-ar" -> ("event-detail", "ar"); the former site had no other suffixes.
_LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:-(?P<language>ar|fr))?$")
# Ids and years are short numbers: anything longer is not an address the former site gave.
_NUMBER = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 1978, 2100


@require_safe
def old_page(request, name):
    """GET /<name>.php: a former page, sent to its new address in the language it was in."""
    match = _LANGUAGE_SUFFIX.match(name)
    stem, language = match["stem"], match["language"] or "en"
    with translation.override(language):
        try:
            return HttpResponsePermanentRedirect(_new_address(request, stem))
        except Http404:
            # Rendered here, not by the 404 handler: the page speaks the address's language.
            request.LANGUAGE_CODE = language
            return page_not_found(request)


def _new_address(request, stem):
    if stem == "event-detail":
        activity = get_object_or_404(
            Activity.objects.published().only("slug"), legacy_id=_number(request, "id")
        )
        return activity.get_absolute_url()
    if stem == "activities-archive":
        year = _number(request, "year")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404("No such year.")
        return f"{reverse('activities:index')}?{urlencode({'year': year})}"
    programme = get_object_or_404(
        Programme.objects.active().only("slug"), legacy_path=f"{stem}.php"
    )
    return programme.get_absolute_url()


def _number(request, parameter):
    value = request.GET.get(parameter, "")
    if not _NUMBER.fullmatch(value):
        raise Http404(f"No usable {parameter}.")
    return int(value)
