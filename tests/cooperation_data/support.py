"""Shared helpers for the cooperation tests: addresses, focal points, staff, requests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.models import FocalPoint, Institution, TorRequest


def url(name, language="en", **kwargs):
    """The address of the page `name` in `language` (its path arguments as keywords)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def make_focal_point(
    country,
    institution,
    *,
    name,
    email,
    language="ar",
    kind="ministry",
    accepted=False,
):
    """The focal point of a new institution, their address confirmed: their links work."""
    now = timezone.now()
    return FocalPoint.objects.create(
        institution=Institution.objects.create(country=country, name=institution, kind=kind),
        name=name,
        email=email,
        language=language,
        confirmed_at=now,
        accepted_at=now if accepted else None,
        link_version=1,
    )


def signed_in_staff(group, username="manager"):
    """A staff member of `group` and a client signed in as them: (client, user)."""
    user = get_user_model().objects.create_user(
        username, f"{username}@sesric.example", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client, user


def make_tor_request(focal_point, programme, kind, **fields):
    """A request of the focal point's institution, with placeholder answers (`fields` win)."""
    answers = {
        "objectives": "o",
        "desired_period": "p",
        "participants": 5,
        "participant_profile": "p",
        "language": "en",
        "mode": "online",
    }
    return TorRequest.objects.create(
        institution=focal_point.institution,
        programme=programme,
        focal_point=focal_point,
        kind=kind,
        **{**answers, **fields},
    )
