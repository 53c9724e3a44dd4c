"""E-mails to focal points, each in the focal point's language (queued; built by the worker)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.links import absolute_url
from core.tasks import mail_builder, queue_mail

from .groups import COOPERATION_MANAGERS
from .models import FocalPoint, TorRequest
from .tokens import CONFIRM, SPACE, make_token


def _days():
    return max(1, settings.COOPERATION_LINK_MAX_AGE // 86400)


def _message(focal_point, language, purpose, subject, template):
    with translation.override(language):
        token = make_token(focal_point, purpose)
        link = absolute_url(reverse(f"cooperation:{purpose}", kwargs={"token": token}))
        context = {"focal_point": focal_point, "link": link, "days": _days()}
        body = render_to_string(template, context)
        return [EmailMessage(_(subject), body, None, [focal_point.email])]


@mail_builder
def confirmation(focal_point_id):
    focal_point = FocalPoint.objects.filter(pk=focal_point_id, confirmed_at__isnull=True).first()
    if focal_point is None:
        return []  # confirmed or deleted meanwhile
    return _message(
        focal_point,
        focal_point.language,
        CONFIRM,
        gettext_noop("Confirm your e-mail address"),
        "cooperation/email/confirm.txt",
    )


@mail_builder
def space_link(focal_point_id, language):
    focal_point = FocalPoint.objects.filter(pk=focal_point_id, confirmed_at__isnull=False).first()
    if focal_point is None:
        return []
    return _message(
        focal_point,
        language,
        SPACE,
        gettext_noop("Your link to the SESRIC Capacity Building Programmes"),
        "cooperation/email/space.txt",
    )


@mail_builder
def accepted(focal_point_id):
    focal_point = FocalPoint.objects.filter(pk=focal_point_id, accepted_at__isnull=False).first()
    if focal_point is None:
        return []
    return _message(
        focal_point,
        focal_point.language,
        SPACE,
        gettext_noop("Your institution's answers now count"),
        "cooperation/email/accepted.txt",
    )


@mail_builder
def cooperation_managers(focal_point_id):
    """One message per focal point to accept; no personal data beyond what the admin shows."""
    recipients = sorted(
        set(
            get_user_model()
            .objects.filter(is_active=True, groups__name=COOPERATION_MANAGERS)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    focal_point = FocalPoint.objects.filter(pk=focal_point_id).select_related("institution").first()
    if not recipients or focal_point is None:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("admin:cooperation_focalpoint_change", args=[focal_point.pk]))
        subject = _("New focal point to accept")
        body = render_to_string(
            "cooperation/email/new_focal_point.txt", {"focal_point": focal_point, "link": link}
        )
        return [EmailMessage(subject, body, None, recipients)]


def send_confirmation(focal_point):
    queue_mail("cooperation.mail.confirmation", focal_point_id=focal_point.pk)


def send_space_link(focal_point, language):
    queue_mail(
        "cooperation.mail.space_link",
        focal_point_id=focal_point.pk,
        language=language,
    )


def send_accepted(focal_point):
    queue_mail("cooperation.mail.accepted", focal_point_id=focal_point.pk)


def notify_cooperation_managers(focal_point):
    queue_mail("cooperation.mail.cooperation_managers", focal_point_id=focal_point.pk)


@mail_builder
def tor_state(tor_request_id):
    """The request's state as it is when the message is built, in the focal point's language."""
    tor_request = (
        TorRequest.objects.filter(pk=tor_request_id, focal_point__isnull=False)
        .select_related("focal_point", "programme", "kind")
        .first()
    )
    if tor_request is None:
        return []
    focal_point = tor_request.focal_point
    with translation.override(focal_point.language):
        token = make_token(focal_point, SPACE)
        link = absolute_url(reverse("cooperation:space", kwargs={"token": token}))
        context = {"tor_request": tor_request, "focal_point": focal_point, "link": link}
        body = render_to_string("cooperation/email/tor_state.txt", context)
        subject = _("Your request: %(state)s") % {"state": tor_request.get_state_display()}
        return [EmailMessage(subject, body, None, [focal_point.email])]


def send_tor_state(tor_request):
    queue_mail("cooperation.mail.tor_state", tor_request_id=tor_request.pk)
