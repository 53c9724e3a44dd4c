from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("ASCII, the same in every language.")
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A partner organisation of programmes and activities (ICYF, a diplomatic academy, ...)."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["acronym", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class ProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("For example Diplomacy-CaB.")
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("ASCII, the same in every language.")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("sector")
    )
    summary = models.TextField(_("short summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    launch_year = models.PositiveSmallIntegerField(
        _("launch year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1978), MaxValueValidator(2100)],
    )
    questionnaire_audience = models.CharField(
        _("questionnaire audience"),
        max_length=255,
        blank=True,
        help_text=_("Who is asked to fill the questionnaire, e.g. Ministries of Foreign Affairs."),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("partners")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"slug": self.slug})


class MainSubject(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("main subject")
        verbose_name_plural = _("main subjects")

    def __str__(self):
        return self.name
