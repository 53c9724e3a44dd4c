"""E-mails of the roster, each in the language its reader uses."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .groups import ROSTER_MANAGERS
from .tokens import CONFIRM, UPDATE, make_token


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _days():
    return max(1, settings.EXPERTS_LINK_MAX_AGE // 86400)


def send_confirmation(expert, request):
    """The double opt-in message: a signed link to a page whose button confirms."""
    with translation.override(expert.language):
        link = _absolute(
            request, reverse("experts:confirm", kwargs={"token": make_token(expert, CONFIRM)})
        )
        context = {"expert": expert, "link": link, "days": _days()}
        send_mail(
            _("Confirm your registration in the Roster of Experts"),
            render_to_string("experts/email/confirm.txt", context),
            None,
            [expert.email],
        )


def send_update_link(expert, request, language):
    """Someone registered again with an address already on the roster: tell its owner only."""
    with translation.override(language):
        link = _absolute(
            request, reverse("experts:update", kwargs={"token": make_token(expert, UPDATE)})
        )
        context = {"expert": expert, "link": link, "days": _days()}
        send_mail(
            _("Your entry in the Roster of Experts"),
            render_to_string("experts/email/update.txt", context),
            None,
            [expert.email],
        )


def roster_manager_addresses():
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ROSTER_MANAGERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_roster_managers(expert, request):
    """One message per newly confirmed expert; it holds no personal data beyond the name."""
    recipients = roster_manager_addresses()
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = _absolute(request, reverse("admin:experts_expert_change", args=[expert.pk]))
        context = {"expert": expert, "link": link}
        send_mail(
            _("New expert to review: %(name)s") % {"name": expert},
            render_to_string("experts/email/new_expert.txt", context),
            None,
            recipients,
        )
