"""The Roster of Experts (ROSCAB): registrations, their languages, and what staff decide."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.storage import PrivateStorage
from core.text import normalise_email

PHONE_VALIDATOR = RegexValidator(
    r"^\+[1-9][0-9]{6,14}$",
    _("Enter the number in international format, starting with + and the country code."),
)


private_cv_storage = PrivateStorage()


def private_storage():
    """CVs never live under MEDIA_ROOT: the "private" storage has no public URL."""
    return private_cv_storage


def cv_upload_to(instance, filename):
    # A random name: the stored path reveals nothing and cannot collide or be guessed.
    suffix = PurePath(filename).suffix.lower()
    return f"cvs/{uuid.uuid4().hex}{suffix}"


class ExpertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(status=Expert.Status.UNCONFIRMED)

    def unconfirmed_before(self, moment):
        return self.filter(status=Expert.Status.UNCONFIRMED, created_at__lt=moment)

    def retired_before(self, moment):
        """Rejected or inactive entries whose decision is older than `moment`, not yet erased."""
        return self.filter(
            status__in=(Expert.Status.REJECTED, Expert.Status.INACTIVE),
            reviewed_at__lt=moment,
            erased_at__isnull=True,
        )

    def for_admin_list(self):
        return self.select_related("reviewed_by").prefetch_related("languages")


# The expert's own profile, in the order forms, the admin and exports present it.
IDENTITY_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "nationality",
    "country_of_residence",
    "email",
    "phone",
)
PROFESSION_FIELDS = (
    "position",
    "organisation",
    "sector",
    "years_of_experience",
    "highest_degree",
)
EXPERTISE_FIELDS = ("programmes", "subjects", "summary")
PROFILE_FIELDS = IDENTITY_FIELDS + PROFESSION_FIELDS + EXPERTISE_FIELDS
# Staff review decisions, kept apart from the profile.
RECORD_FIELDS = (
    "status",
    "language",
    "consent_version",
    "consent_given_at",
    "created_at",
    "updated_at",
    "confirmed_at",
    "reviewed_at",
    "reviewed_by",
    "erased_at",
)


class Expert(models.Model):
    class Title(models.TextChoices):
        DR = "dr", _("Dr")
        PROF = "prof", _("Prof.")
        MR = "mr", _("Mr")
        MS = "ms", _("Ms")
        MRS = "mrs", _("Mrs")
        ENG = "eng", _("Eng.")

    class Sector(models.TextChoices):
        GOVERNMENT = "government", _("Government or public institution")
        INTERNATIONAL = "international", _("International organisation")
        ACADEMIA = "academia", _("University or research institute")
        PRIVATE = "private", _("Private sector")
        NGO = "ngo", _("Non-governmental organisation")
        INDEPENDENT = "independent", _("Independent consultant")

    class Degree(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")
        OTHER = "other", _("Other qualification")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive (no longer available)")

    # Identity
    # A context keeps "title" apart from the titles of programmes and activities (العنوان, titre).
    title = models.CharField(
        pgettext_lazy("honorific of a person", "title"),
        max_length=10,
        choices=Title.choices,
        blank=True,
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    nationality = CountryField(_("nationality"))
    country_of_residence = CountryField(_("country of residence"))
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(
        _("phone"),
        max_length=16,
        validators=[PHONE_VALIDATOR],
        help_text=_("e.g. +90 312 468 6172"),
    )
    # Profession
    position = models.CharField(_("current position"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of professional experience"), validators=[MaxValueValidator(70)]
    )
    highest_degree = models.CharField(_("highest degree"), max_length=20, choices=Degree.choices)
    # Expertise
    programmes = models.ManyToManyField(
        "programmes.Programme", related_name="experts", verbose_name=_("programmes")
    )
    subjects = models.ManyToManyField(
        "programmes.MainSubject",
        blank=True,
        related_name="experts",
        verbose_name=_("main subjects"),
    )
    summary = models.TextField(_("summary of expertise"), max_length=2000)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_upload_to, max_length=200)
    cv_name = models.CharField(_("CV file name"), max_length=200, blank=True)
    # Consent and confirmation
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given"))
    language = models.CharField(
        _("language of registration"), max_length=10, choices=settings.LANGUAGES
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    # Bumped on every change made through an e-mailed link: older links stop working.
    link_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Set when the person's data was erased but a record that names the entry had to stay
    # (experts.erasure): the row is then an empty shell.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        permissions = [("download_cv", _("Can download expert CVs"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="experts_expert_email_unique"),
        ]

    def __str__(self):
        if self.erased_at:
            return f"#{self.pk}"
        return f"{self.given_name} {self.family_name}"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.status != self.Status.UNCONFIRMED


class ExpertDecision(models.Model):
    """One review decision: who moved an entry to which status, when, and why.

    Written by experts.services.decide() for every decision, from the expert's page or from a
    list action; never changed afterwards (read-only in the admin).
    """

    class Source(models.TextChoices):
        PAGE = "page", _("the expert's page")
        LIST = "list", _("a list action")

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("expert")
    )
    status = models.CharField(_("decision"), max_length=20, choices=Expert.Status.choices)
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=Expert.Status.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # Kept as it was: the history still says who decided after the account is deleted.
    decided_by_name = models.CharField(_("decided by (user name)"), max_length=150)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now, db_index=True)
    source = models.CharField(_("made from"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self):
        return f"{self.expert}: {self.get_status_display()}"


# Languages an expert may work in (the official OIC languages first); names in experts/locale.
WORKING_LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("fr", _("French")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("bn", _("Bengali")),
    ("az", _("Azerbaijani")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("uz", _("Uzbek")),
    ("tg", _("Tajik")),
    ("tk", _("Turkmen")),
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("sw", _("Swahili")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("zh-hans", _("Simplified Chinese")),
]


class ExpertLanguage(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        WORKING = "working", _("Working knowledge")
        FLUENT = "fluent", _("Fluent")
        NATIVE = "native", _("Native")

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="languages", verbose_name=_("expert")
    )
    language = models.CharField(_("language"), max_length=10, choices=WORKING_LANGUAGES)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    class Meta:
        ordering = ["expert", "id"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "language"], name="experts_language_once_per_expert"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_level_display()})"
