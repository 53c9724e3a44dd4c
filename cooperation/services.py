"""What happens to a focal point, apart from the HTTP around it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from . import mail
from .models import FocalPoint, Institution


def register(data):
    """A new institution and its unconfirmed focal point, or a fresh link to a known address.

    Both outcomes look the same to the visitor: whether an address is known is never told.
    """
    existing = FocalPoint.objects.filter(email=data["email"]).first()
    if existing is not None:
        send_fresh_link(existing)
        return
    try:
        with transaction.atomic():
            institution = Institution.objects.create(
                country=data["country"], name=data["institution"], kind=data["kind"]
            )
            focal_point = FocalPoint.objects.create(
                institution=institution,
                name=data["name"],
                position=data["position"],
                email=data["email"],
                language=get_language(),
            )
            mail.send_confirmation(focal_point)
    except IntegrityError:
        # The same address registered at the same moment: its owner gets a link, nothing more.
        existing = FocalPoint.objects.filter(email=data["email"]).first()
        if existing is not None:
            send_fresh_link(existing)


def send_fresh_link(focal_point):
    """A confirmed focal point gets a link to their space, an unconfirmed one a new confirmation."""
    if focal_point.is_confirmed:
        mail.send_space_link(focal_point, get_language())
    else:
        mail.send_confirmation(focal_point)


def confirm(focal_point):
    with transaction.atomic():
        updated = FocalPoint.objects.filter(pk=focal_point.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), link_version=F("link_version") + 1
        )
        if updated:
            mail.notify_cooperation_managers(focal_point)


def accept(queryset, user):
    """Staff accept confirmed focal points; returns how many were accepted."""
    with transaction.atomic():
        chosen = list(queryset.awaiting_acceptance().select_for_update())
        FocalPoint.objects.filter(pk__in=[row.pk for row in chosen]).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        for focal_point in chosen:
            mail.send_accepted(focal_point)
    return len(chosen)
