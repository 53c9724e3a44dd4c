"""National institutions of the member countries and the focal points who answer for them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.text import normalise_email


class Institution(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Government agency")
        ACADEMY = "academy", _("Academy or training institute")
        OTHER = "other", _("Other public institution")

    country = CountryField(_("country"), db_index=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


class FocalPointQuerySet(models.QuerySet):
    def counting(self):
        """Focal points whose answers count: e-mail confirmed AND accepted by staff."""
        return self.filter(confirmed_at__isnull=False, accepted_at__isnull=False)

    def awaiting_acceptance(self):
        return self.filter(confirmed_at__isnull=False, accepted_at__isnull=True)


class FocalPoint(models.Model):
    """The person who answers for an institution; they sign in only through e-mailed links."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Bumped when a link is used to confirm: older confirmation links stop working.
    link_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="cooperation_focalpoint_email_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_accepted(self):
        return self.accepted_at is not None

    @property
    def counts(self):
        return self.is_confirmed and self.is_accepted
