"""E-mails of the roster, each in the language its reader uses."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.links import absolute_url

from .groups import ROSTER_MANAGERS
from .models import Expert
from .tokens import CONFIRM, UPDATE, make_token


def _absolute(request, path):
    # The configured site address, never the request's Host header (which the client chooses).
    return absolute_url(path)


def _days():
    return max(1, settings.EXPERTS_LINK_MAX_AGE // 86400)


def _send_link(expert, request, language, purpose, subject, template):
    """A signed link for the expert, in a message in the given language."""
    with translation.override(language):
        token = make_token(expert, purpose)
        # Each purpose is named after the page its link opens (experts:confirm, experts:update).
        link = _absolute(request, reverse(f"experts:{purpose}", kwargs={"token": token}))
        context = {"expert": expert, "link": link, "days": _days()}
        send_mail(_(subject), render_to_string(template, context), None, [expert.email])


def send_confirmation(expert, request):
    """The double opt-in message: a signed link to a page whose button confirms."""
    _send_link(
        expert,
        request,
        expert.language,
        CONFIRM,
        gettext_noop("Confirm your registration in the Roster of Experts"),
        "experts/email/confirm.txt",
    )


def send_update_link(expert, request, language):
    """Someone registered again with an address already on the roster: tell its owner only."""
    _send_link(
        expert,
        request,
        language,
        UPDATE,
        gettext_noop("Your entry in the Roster of Experts"),
        "experts/email/update.txt",
    )


def roster_manager_addresses():
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ROSTER_MANAGERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_roster_managers(expert, request, previous_status=None):
    """One message per entry to review; it holds no personal data beyond the name.

    previous_status is the decision (approved or rejected) an entry had before its owner
    changed it through an update link; without it the entry is newly confirmed.
    """
    recipients = roster_manager_addresses()
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = _absolute(request, reverse("admin:experts_expert_change", args=[expert.pk]))
        if previous_status is None:
            subject = _("New expert to review: %(name)s") % {"name": expert}
        else:
            subject = _("Changed expert entry to review: %(name)s") % {"name": expert}
        context = {
            "expert": expert,
            "link": link,
            "previous_status": previous_status and Expert.Status(previous_status).label,
        }
        send_mail(
            subject,
            render_to_string("experts/email/new_expert.txt", context),
            None,
            recipients,
        )
