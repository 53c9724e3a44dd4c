"""E-mails of the roster, each in the language its reader uses.

Requests only queue them (core.tasks.queue_mail, in the request's transaction); the builders
below run in the worker, after the commit, and read the entry as it is then.
"""

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

from .groups import ROSTER_MANAGERS
from .models import Expert
from .tokens import CONFIRM, UPDATE, make_token

# Unicode first-strong isolate / pop directional isolate: a name typed in Arabic (or with
# stray direction marks) cannot reorder the rest of a plain-text subject line.
FSI, PDI = "\u2068", "\u2069"


def isolated(text) -> str:
    return f"{FSI}{text}{PDI}"


def _days():
    return max(1, settings.EXPERTS_LINK_MAX_AGE // 86400)


def _link_message(expert, language, purpose, subject, template):
    """A signed link for the expert, in a message in the given language."""
    with translation.override(language):
        token = make_token(expert, purpose)
        # Each purpose is named after the page its link opens (experts:confirm, experts:update).
        link = absolute_url(reverse(f"experts:{purpose}", kwargs={"token": token}))
        context = {"expert": expert, "link": link, "days": _days()}
        body = render_to_string(template, context)
        return [EmailMessage(_(subject), body, None, [expert.email])]


@mail_builder
def confirmation(expert_id):
    """The double opt-in message: a signed link to a page whose button confirms."""
    expert = Expert.objects.filter(pk=expert_id, status=Expert.Status.UNCONFIRMED).first()
    if expert is None:
        return []  # confirmed or deleted meanwhile
    return _link_message(
        expert,
        expert.language,
        CONFIRM,
        gettext_noop("Confirm your registration in the Roster of Experts"),
        "experts/email/confirm.txt",
    )


@mail_builder
def update_link(expert_id, language):
    """Someone registered again with an address already on the roster: tell its owner only."""
    expert = Expert.objects.filter(pk=expert_id).first()
    if expert is None:
        return []
    return _link_message(
        expert,
        language,
        UPDATE,
        gettext_noop("Your entry in the Roster of Experts"),
        "experts/email/update.txt",
    )


def send_confirmation(expert):
    queue_mail("experts.mail.confirmation", expert_id=expert.pk)


def send_update_link(expert, language):
    queue_mail(
        "experts.mail.update_link",
        expert_id=expert.pk,
        language=language,
    )


def roster_manager_addresses():
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ROSTER_MANAGERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


@mail_builder
def roster_managers(expert_id, previous_status=None):
    """One message per entry to review; it holds no personal data beyond the name.

    previous_status is the decision (approved or rejected) an entry had before its owner
    changed it through an update link; without it the entry is newly confirmed.
    """
    recipients = roster_manager_addresses()
    expert = Expert.objects.filter(pk=expert_id).first()
    if not recipients or expert is None:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("admin:experts_expert_change", args=[expert.pk]))
        if previous_status is None:
            subject = _("New expert to review: %(name)s") % {"name": isolated(expert)}
        else:
            subject = _("Changed expert entry to review: %(name)s") % {"name": isolated(expert)}
        context = {
            "expert": expert,
            "link": link,
            "previous_status": previous_status and Expert.Status(previous_status).label,
        }
        body = render_to_string("experts/email/new_expert.txt", context)
        return [EmailMessage(subject, body, None, recipients)]


def notify_roster_managers(expert, previous_status=None):
    queue_mail(
        "experts.mail.roster_managers",
        expert_id=expert.pk,
        previous_status=previous_status,
    )
