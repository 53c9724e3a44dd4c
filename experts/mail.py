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


def link_days():
    return max(1, settings.EXPERTS_LINK_MAX_AGE // 86400)


def _link_message(expert, language, purpose, subject, template, **extra):
    """A signed link for the expert, in a message in the given language."""
    with translation.override(language):
        token = make_token(expert, purpose)
        # Each purpose is named after the page its link opens (experts:confirm, experts:update).
        link = absolute_url(reverse(f"experts:{purpose}", kwargs={"token": token}))
        context = {
            "expert": expert,
            "link": link,
            "days": link_days(),
            # Where a fresh link can be asked for once this one has expired.
            "link_request": absolute_url(reverse("experts:request_link")),
            **extra,
        }
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


# Why an update link is sent: a registration with a known address, or a request for a link.
REGISTERED_AGAIN = "registered_again"
REQUESTED = "requested"


@mail_builder
def update_link(expert_id, language, reason=REGISTERED_AGAIN):
    """A fresh update link for the owner of an entry, and for nobody else.

    `expert_id` is None when a link was asked for an address that is not on the roster: the
    request queued a task all the same (same work, same timing), which sends nothing.
    """
    expert = Expert.objects.filter(pk=expert_id, erased_at__isnull=True).first()
    if expert is None:
        return []
    return _link_message(
        expert,
        language,
        UPDATE,
        gettext_noop("Your entry in the Roster of Experts"),
        "experts/email/update.txt",
        requested=reason == REQUESTED,
    )


def send_confirmation(expert):
    queue_mail("experts.mail.confirmation", expert_id=expert.pk)


def send_update_link(expert, language, reason=REGISTERED_AGAIN):
    """Queue the link; with `expert` None, queue a task that sends nothing (see update_link)."""
    queue_mail(
        "experts.mail.update_link",
        expert_id=expert and expert.pk,
        language=language,
        reason=reason,
    )


@mail_builder
def decision(decision_id):
    """A roster manager decided on the entry: the expert hears it in their language, with the
    reason given and an update link (to update the entry, take a copy or leave the roster)."""
    from .models import ExpertDecision

    row = ExpertDecision.objects.select_related("expert").filter(pk=decision_id).first()
    if row is None or row.expert.erased_at or row.expert.status != row.status:
        return []  # erased, or decided otherwise meanwhile: the later message tells
    subjects = {
        Expert.Status.APPROVED: gettext_noop("Your entry in the Roster of Experts is approved"),
        Expert.Status.REJECTED: gettext_noop("Your registration in the Roster of Experts"),
        Expert.Status.INACTIVE: gettext_noop("Your entry in the Roster of Experts is inactive"),
    }
    return _link_message(
        row.expert,
        row.expert.language,
        UPDATE,
        subjects[row.status],
        "experts/email/decision.txt",
        decision=row,
        retention_days=settings.EXPERTS_RETIRED_RETENTION_DAYS,
    )


def send_decision(decision):
    queue_mail("experts.mail.decision", decision_id=decision.pk)


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
