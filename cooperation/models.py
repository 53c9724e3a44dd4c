"""National institutions of the member countries and the focal points who answer for them."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.storage import PrivateStorage
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
    # Fictitious institutions of the demo content: public figures say they are a demonstration.
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


def _institution_field(related_name):
    return models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("institution"),
    )


def _programme_field(related_name):
    return models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("programme"),
    )


def _sender_field(related_name):
    """The focal point who sent a row; the row stays when the focal point is deleted."""
    return models.ForeignKey(
        "FocalPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("focal point"),
    )


def _staff_member_field(verbose_name):
    """The staff member who did something to a row (accepted, recorded, changed it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class FocalPointQuerySet(models.QuerySet):
    def counting(self):
        """Focal points whose answers count: e-mail confirmed AND accepted by staff."""
        return self.filter(confirmed_at__isnull=False, accepted_at__isnull=False)

    def awaiting_acceptance(self):
        return self.filter(confirmed_at__isnull=False, accepted_at__isnull=True)


class FocalPoint(models.Model):
    """The person who answers for an institution; they sign in only through e-mailed links."""

    institution = _institution_field("focal_points")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Bumped when a link is used to confirm: older confirmation links stop working.
    link_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = _staff_member_field(_("accepted by"))

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


class QuestionnaireQuestion(models.Model):
    """A general question of a programme's questionnaire: content that staff edit per programme."""

    programme = _programme_field("questionnaire_questions")
    text = models.TextField(_("question"), max_length=1000)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("questionnaire question")
        verbose_name_plural = _("questionnaire questions")

    def __str__(self):
        return self.text[:80]


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class SentByFocalPointQuerySet(models.QuerySet):
    def counting(self):
        """Rows whose focal point (who last sent them) is confirmed and accepted."""
        return self.filter(
            focal_point__confirmed_at__isnull=False, focal_point__accepted_at__isnull=False
        )


class SentByFocalPoint(models.Model):
    """What an institution sends about a programme through its focal point: questionnaire
    answers, Terms of Reference requests. It counts only while that focal point counts."""

    objects = SentByFocalPointQuerySet.as_manager()

    class Meta:
        abstract = True


class QuestionnaireAnswer(SentByFocalPoint):
    """An institution's current answers to a programme's questionnaire (one per pair)."""

    institution = _institution_field("questionnaire_answers")
    programme = _programme_field("questionnaire_answers")
    # Who last sent them: the answers count only while this focal point does.
    focal_point = _sender_field("questionnaire_answers")
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "programme"], name="cooperation_answer_once_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.institution} – {self.programme}"


def _answer_field(related_name):
    return models.ForeignKey(
        QuestionnaireAnswer,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("questionnaire answer"),
    )


class SubjectAnswer(models.Model):
    """For one main subject: does the institution need training in it, can it provide some?"""

    answer = _answer_field("subjects")
    subject = models.ForeignKey(
        "programmes.MainSubject",
        on_delete=models.CASCADE,
        related_name="questionnaire_answers",
        verbose_name=_("main subject"),
    )
    needs_training = models.BooleanField(_("needs training"), default=False)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    can_provide = models.BooleanField(_("can provide training or experts"), default=False)
    offer = models.TextField(_("what it can offer"), max_length=2000, blank=True)

    class Meta:
        ordering = ["answer", "subject__order", "subject_id"]
        verbose_name = _("answer on a main subject")
        verbose_name_plural = _("answers on main subjects")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "subject"], name="cooperation_subject_answer_once"
            )
        ]

    def __str__(self):
        return str(self.subject)


class QuestionAnswer(models.Model):
    answer = _answer_field("questions")
    question = models.ForeignKey(
        QuestionnaireQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    text = models.TextField(_("answer"), max_length=4000, blank=True)

    class Meta:
        ordering = ["answer", "question__order", "question_id"]
        verbose_name = _("answer to a general question")
        verbose_name_plural = _("answers to general questions")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "question"], name="cooperation_question_answer_once"
            )
        ]

    def __str__(self):
        return str(self.question)


class QuestionnaireRevision(models.Model):
    """The answers as they were sent, each time: the history staff can read back."""

    answer = _answer_field("revisions")
    focal_point = _sender_field("+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # Set when staff typed these answers in from a file the institution uploaded.
    recorded_by = _staff_member_field(_("recorded by"))
    completed_file = models.ForeignKey(
        "CompletedFile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("recorded from the file"),
    )
    # Subject and question texts are copied in: the history reads the same after staff edit them.
    snapshot = models.JSONField(_("answers as sent"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision of an answer")
        verbose_name_plural = _("revisions of answers")

    def __str__(self):
        return f"{self.answer} ({self.created_at:%Y-%m-%d %H:%M})"


class TorRequest(SentByFocalPoint):
    """Terms of Reference sent online: an institution asks for an activity of a programme."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        MATCHED = "matched", _("Matched with a provider")
        SCHEDULED = "scheduled", _("Scheduled")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", _("Declined")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    institution = _institution_field("tor_requests")
    programme = _programme_field("tor_requests")
    focal_point = _sender_field("tor_requests")
    kind = models.ForeignKey(
        "programmes.DocumentKind",
        on_delete=models.PROTECT,
        limit_choices_to={"category": "tor"},
        related_name="+",
        verbose_name=_("kind of activity"),
    )
    subjects = models.ManyToManyField(
        "programmes.MainSubject", related_name="tor_requests", verbose_name=_("main subjects")
    )
    objectives = models.TextField(_("objectives"), max_length=4000)
    desired_period = models.CharField(_("desired period"), max_length=200)
    participants = models.PositiveSmallIntegerField(_("number of participants"))
    participant_profile = models.TextField(_("profile of the participants"), max_length=2000)
    language = models.CharField(
        _("language of the activity"), max_length=2, choices=Language.choices
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Terms of Reference request")
        verbose_name_plural = _("Terms of Reference requests")

    def __str__(self):
        return f"{self.kind} – {self.institution} ({self.created_at:%Y-%m-%d})"


class TorStateChange(models.Model):
    """Each state a request went through, when, and who decided."""

    request = models.ForeignKey(
        TorRequest, on_delete=models.CASCADE, related_name="changes", verbose_name=_("request")
    )
    state = models.CharField(_("state"), max_length=20, choices=TorRequest.State.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = _staff_member_field(_("changed by"))

    class Meta:
        ordering = ["request", "changed_at", "id"]
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")

    def __str__(self):
        return self.get_state_display()


private_files = PrivateStorage()


def private_storage():
    """Completed files never live under MEDIA_ROOT: the "private" storage has no public URL."""
    return private_files


def completed_file_upload_to(instance, filename):
    # A random name: the stored path reveals nothing and cannot collide or be guessed.
    return f"cooperation/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class CompletedFile(models.Model):
    """A questionnaire or Terms of Reference filled in offline and uploaded by a focal point.

    Staff read it (downloaded through a permission-checked view) and record its answers.
    """

    institution = _institution_field("completed_files")
    programme = _programme_field("completed_files")
    kind = models.ForeignKey(
        "programmes.DocumentKind",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    focal_point = _sender_field("completed_files")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=completed_file_upload_to, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    recorded = models.BooleanField(_("answers recorded by staff"), default=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("completed file")
        verbose_name_plural = _("completed files")
        permissions = [("download_completedfile", _("Can download completed files"))]

    def __str__(self):
        return self.file_name
