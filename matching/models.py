"""What connects a ministry's request, the roster and the activities SESRIC held.

The app sits above cooperation, activities and experts (which never import one another) and
owns the relations between them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ActivityExpert(models.Model):
    """A roster expert who served an activity, and in what role (seen by roster managers)."""

    class Role(models.TextChoices):
        LEAD_TRAINER = "lead_trainer", _("Lead trainer")
        TRAINER = "trainer", _("Trainer")
        RESOURCE_PERSON = "resource_person", _("Resource person")
        FACILITATOR = "facilitator", _("Facilitator")

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="experts_served",
        verbose_name=_("activity"),
    )
    # An expert erased from the roster takes their rows along.
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="activities_served",
        verbose_name=_("expert"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TRAINER)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("expert who served")
        verbose_name_plural = _("experts who served")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "expert"], name="matching_expert_once_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.expert} – {self.get_role_display()}"


class RequestMatch(models.Model):
    """The provider countries and experts chosen for a Terms of Reference request."""

    request = models.OneToOneField(
        "cooperation.TorRequest",
        on_delete=models.CASCADE,
        related_name="match",
        verbose_name=_("request"),
    )
    provider_countries = CountryField(_("provider countries"), multiple=True, max_length=1000)
    provider_institutions = models.ManyToManyField(
        "cooperation.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("provider institutions"),
    )
    experts = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="matches", verbose_name=_("experts chosen")
    )
    # The experts the suggestions listed when the match was made (what "suggested for" shows).
    suggested_experts = models.ManyToManyField(
        "experts.Expert",
        blank=True,
        related_name="suggested_for",
        verbose_name=_("experts suggested"),
    )
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_matched",
        verbose_name=_("activity"),
    )
    matched_at = models.DateTimeField(_("matched"), default=timezone.now)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matched by"),
    )

    class Meta:
        ordering = ["-matched_at"]
        verbose_name = _("match of a request")
        verbose_name_plural = _("matches of requests")

    def __str__(self):
        return str(self.request)


class NamingConsent(models.Model):
    """An expert's agreement to be named on the public pages of the activities they served.

    Given and withdrawn by the expert through their update link; the version of the text they
    agreed to is kept (matching.consent.NAMING_CONSENT_VERSION), like the roster's consent.
    """

    expert = models.OneToOneField(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="naming_consent",
        verbose_name=_("expert"),
    )
    consent_version = models.CharField(_("consent text version"), max_length=20)
    given_at = models.DateTimeField(_("consent given"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to be named publicly")
        verbose_name_plural = _("consents to be named publicly")

    def __str__(self):
        return str(self.expert)

    @property
    def is_given(self):
        return self.withdrawn_at is None


class Availability(models.Model):
    """The dates an expert gives for when they can serve (both optional, set via their link).

    Without a row, or with both dates empty, the expert is taken as available whenever they
    are not inactive on the roster.
    """

    expert = models.OneToOneField(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("expert"),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available_from__isnull=True)
                | models.Q(available_until__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="matching_availability_ordered",
            )
        ]

    def __str__(self):
        return str(self.expert)


def unavailable_during(start, end):
    """Availabilities that rule their expert out of the period from start to end (dates)."""
    return models.Q(available_from__gt=end) | models.Q(available_until__lt=start)
