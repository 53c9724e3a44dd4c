import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.freshness import bulk_updated
from core.i18n import translated_fields
from core.links import cached_reverse
from programmes.models import Organisation, Programme

from . import images
from .sanitise import clean_html

PHOTO_DIRECTORY = "activities/photos"


class Kind(models.TextChoices):
    TRAINING_COURSE = "training-course", _("Training course")
    TRAINING_WORKSHOP = "training-workshop", _("Training workshop")
    STUDY_VISIT = "study-visit", _("Study visit")
    WEBINAR = "webinar", _("Webinar")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    EXPERT_MISSION = "expert-mission", _("Expert mission")


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def newest_first(self):
        # Planned activities without a date yet come first, then the latest editions.
        return self.order_by(F("start_date").desc(nulls_first=True), "-id")

    def upcoming(self, today=None):
        """Not over yet, or planned without a date ("to be announced")."""
        today = today or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True)
            | Q(end_date__gte=today)
            | Q(end_date__isnull=True, start_date__gte=today)
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today))

    def unpublish(self):
        """Withdraw these activities in one UPDATE; what derives from them is told (search
        entries, cached pages: core.freshness.bulk_updated)."""
        pks = list(self.filter(is_published=True).values_list("pk", flat=True))
        updated = Activity.objects.filter(pk__in=pks).update(
            is_published=False, updated_at=timezone.now()
        )
        bulk_updated.send(sender=Activity, pks=pks)
        return updated

    def visible(self, drafts=False):
        """Published activities; with ``drafts``, unpublished ones too (staff preview)."""
        return self.all() if drafts else self.published()

    def for_page_head(self, drafts=False):
        """One activity with only what its page shows outside its fragments (title, summary,
        trail, draft state): the whole row is read when a fragment is written. The fewer
        columns, the cheaper the query is to build and read."""
        return self.visible(drafts).only(
            "slug",
            "is_published",
            "title",
            *translated_fields("title"),
            "summary",
            *translated_fields("summary"),
        )

    def for_table(self):
        """What a list of activities shows: no article body, no partner or photo rows."""
        return self.select_related("programme").defer(*translated_fields("body"), "body")


KIND_LABELS = dict(Kind.choices)


class Activity(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(
        _("theme"), max_length=200, blank=True, help_text=_("For example Humanitarian Diplomacy.")
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("The edition number, e.g. 6.")
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("ASCII, the same in every language.")
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Leave empty while to be announced.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for a one-day activity.")
    )
    is_virtual = models.BooleanField(
        _("virtual"),
        default=False,
        help_text=_("Held online; city and country are then those of the hosting office."),
    )
    host_office = models.CharField(
        _("hosting office"),
        max_length=120,
        blank=True,
        help_text=_("For a virtual activity, who hosts it, e.g. SESRIC."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="activities", verbose_name=_("partners")
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    countries_count = models.PositiveSmallIntegerField(
        _("number of countries reached"),
        null=True,
        blank=True,
        help_text=_("When the list of countries below is not known."),
    )
    member_countries = CountryField(
        _("member countries reached"), multiple=True, blank=True, max_length=1000
    )
    # Who provided the expertise (SESRIC facilitates, a provider country teaches, the member
    # countries reached benefit). Left empty where the sources do not say: never invented.
    provider_countries = CountryField(
        _("provider countries"),
        multiple=True,
        blank=True,
        max_length=1000,
        help_text=_("The countries whose institutions or experts provided the training."),
    )
    summary = models.TextField(_("short summary"), max_length=600)
    body = models.TextField(
        _("article"),
        blank=True,
        help_text=_("Paragraphs, headings, lists and links; anything else is removed on save."),
    )
    legacy_id = models.PositiveIntegerField(
        _("id on the former site"),
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "The number after id= in this activity's address on the former site, e.g. 2652 "
            "for event-detail.php?id=2652. Visitors who ask for it (in any language) are "
            "sent here."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = [F("start_date").desc(nulls_first=True), "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["programme", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for field in ("body", *translated_fields("body")):
            setattr(self, field, clean_html(getattr(self, field, None)))
        if self.end_date == self.start_date:
            self.end_date = None
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("activities:detail", slug=self.slug)

    def get_kind_display(self):
        # Django's own flattens the choices on every call: ~250 function calls per row.
        return str(KIND_LABELS.get(self.kind, self.kind))

    def clean(self):
        super().clean()
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": _("Give the start date as well as the end date.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def year(self):
        return self.start_date.year if self.start_date else None

    @property
    def countries_reached(self):
        return len(self.member_countries) or self.countries_count


def photo_upload_to(instance, filename):
    return posixpath.join(PHOTO_DIRECTORY, filename)


class Photo(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("activity")
    )
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[images.validate_photo],
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed on upload."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set by the task that writes the srcset renditions (activities.tasks); until then the
    # pages show the cleaned original, which is stored with the row.
    renditions_ready = models.BooleanField(_("renditions ready"), default=False, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        new_image = bool(self.image) and not self.image._committed
        if new_image:
            self._store_processed_image()
        super().save(*args, **kwargs)
        if new_image:
            from .tasks import make_photo_renditions

            # In this transaction: the row and its task are committed together, or neither.
            make_photo_renditions.enqueue(self.pk)

    def _store_processed_image(self):
        """Replace the upload by its clean JPEG, named by the hash of its content (uploading,
        or loading the demo, twice never writes the same picture twice). The renditions are
        made by a task: the request decodes and encodes the picture once."""
        processed = images.process(self.image)
        name = photo_upload_to(self, f"{processed.digest}.jpg")
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(processed.content))
        self.image.name = name
        self.image._committed = True
        self.width, self.height = processed.width, processed.height
        self.renditions_ready = False

    def make_renditions(self):
        """Write the renditions that are missing and mark them ready; safe to run again."""
        if not self.image.name:
            return
        with default_storage.open(self.image.name, "rb") as original:
            content = original.read()
        for (width, ext), rendition in images.renditions(content).items():
            rendition_file = rendition_name(self.image.name, width, ext)
            if not default_storage.exists(rendition_file):
                default_storage.save(rendition_file, ContentFile(rendition))
        # Only if the row still shows this picture (it may have been replaced meanwhile).
        updated = Photo.objects.filter(pk=self.pk, image=self.image.name).update(
            renditions_ready=True
        )
        if updated:
            self.renditions_ready = True
            bulk_updated.send(sender=Photo, pks=[self.pk])  # cached pages show them now

    @property
    def widths(self):
        """The srcset widths, once the renditions exist; none before (the original is shown)."""
        return self._rendition_widths() if self.renditions_ready else []

    def _rendition_widths(self):
        return images.rendition_widths(self.width) if self.width else []

    def srcset(self, ext):
        return ", ".join(
            f"{default_storage.url(rendition_name(self.image.name, width, ext))} {width}w"
            for width in self.widths
        )

    @property
    def srcset_webp(self):
        return self.srcset("webp")

    @property
    def srcset_jpeg(self):
        return self.srcset("jpg")

    def rendition_url(self, width, ext="jpg"):
        return default_storage.url(rendition_name(self.image.name, width, ext))

    def _original_url(self):
        return self.image.url if self.image.name else ""

    @property
    def thumbnail_url(self):
        return self.rendition_url(self.widths[0]) if self.widths else self._original_url()

    @property
    def fallback_url(self):
        """The middle-sized JPEG: the `src` of the <img> and what the link opens without JS."""
        widths = self.widths
        if not widths:
            return self._original_url()
        return self.rendition_url(widths[min(1, len(widths) - 1)])

    @property
    def large_url(self):
        return self.rendition_url(self.widths[-1]) if self.widths else self._original_url()

    def stored_names(self):
        """The image and its renditions, as stored."""
        name = self.image.name
        if not name:
            return []
        # Every rendition the task makes or has made, ready or not (for sweep_uploads).
        return [name] + [
            rendition_name(name, width, ext)
            for width in self._rendition_widths()
            for ext in ("webp", "jpg")
        ]

    def names_still_used(self, names):
        """All of `names` while another photo uses the same picture (renditions included)."""
        if Photo.objects.filter(image=self.image.name).exclude(pk=self.pk).exists():
            return names
        return ()


def rendition_name(name, width, ext):
    stem, _ext = posixpath.splitext(name)
    return f"{stem}-{width}.{ext}"
