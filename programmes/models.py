import contextlib
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.collation import collated, collation_key, database_collates
from core.files import delete_files_on_commit
from core.i18n import (
    LANGUAGE_NAMES_LOCAL,
    language_codes,
    language_name_in_text,
    localised_name,
    translated_fields,
)
from core.links import cached_reverse

from .validators import document_format, validate_document_file

# URL segments under /programmes/ that a programme slug must not take.
RESERVED_SLUGS = {"downloads"}

# An address of the owner's former site: "cbp-dip.php". Its Arabic and French pages add
# "-ar" or "-fr" before ".php"; the site derives those, so staff record the English one only.
LEGACY_PATH = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*\.php")
LEGACY_LANGUAGE_SUFFIXES = ("ar", "fr")


def validate_legacy_path(value):
    if not LEGACY_PATH.fullmatch(value):
        raise ValidationError(
            _("Enter the page name of the former site only, e.g. cbp-dip.php."), code="invalid"
        )
    stem = value.rsplit(".", 1)[0]
    if any(stem.lower().endswith(f"-{code}") for code in LEGACY_LANGUAGE_SUFFIXES):
        raise ValidationError(
            _("Enter the English address (without -ar or -fr): the others are derived from it."),
            code="language_suffix",
        )


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            # Translators: slug is the address part a staff member typed, e.g. "downloads".
            _("“%(slug)s” is used by the site itself; choose another slug."),
            code="reserved",
            params={"slug": value},
        )


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

    def in_sector(self, sector):
        return self.filter(sector=sector) if sector is not None else self

    def for_catalogue(self):
        """Active programmes with their sector, by sector, then display order, then name."""
        return (
            self.active()
            .select_related("sector")
            .annotate(localised_name=localised_name())
            .order_by(
                "sector__order", "sector__slug", "order", collated(F("localised_name")), "slug"
            )
        )

    def visible(self, drafts=False):
        """Active programmes; with ``drafts``, inactive ones too (staff preview)."""
        return self.all() if drafts else self.active()

    def for_page(self, drafts=False):
        """One programme with everything its page shows, in a fixed number of queries."""
        return self.visible(drafts).select_related("sector").prefetch_related(*page_prefetches())

    def for_page_head(self, drafts=False):
        """One programme with only what its page shows outside its body (title, summary,
        trail, draft state): the body comes from the fragment cache, or from for_page() when
        it is written. The fewer columns, the cheaper the query is to build and read."""
        return self.visible(drafts).only(
            "slug",
            "is_active",
            "acronym",
            "name",
            *translated_fields("name"),
            "summary",
            *translated_fields("summary"),
        )


def page_prefetches():
    """What a programme's page body shows of related rows, for prefetch_related(_objects)."""
    return (
        "subjects",
        models.Prefetch(
            "partners",
            queryset=Organisation.objects.annotate(localised_name=localised_name()).order_by(
                "acronym", collated(F("localised_name"))
            ),
        ),
        models.Prefetch("documents", queryset=Document.objects.for_listing()),
    )


def in_catalogue_order(programmes):
    """The catalogue's programmes in reading order even where the database cannot collate
    names (SQLite): re-sorted in Python by the same keys as for_catalogue()."""
    programmes = list(programmes)
    if database_collates():
        return programmes
    return sorted(
        programmes,
        key=lambda p: (
            p.sector.order,
            p.sector.slug,
            p.order,
            collation_key(p.localised_name),
            p.slug,
        ),
    )


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("For example Diplomacy-CaB.")
    )
    slug = models.SlugField(
        _("slug"),
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("ASCII, the same in every language."),
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
    contact_name = models.CharField(
        _("contact name"),
        max_length=160,
        blank=True,
        help_text=_("The person or team to write to about this programme."),
    )
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(
        _("contact telephone"),
        max_length=40,
        blank=True,
        help_text=_("International form, e.g. +90 312 000 0000."),
    )
    legacy_path = models.CharField(
        _("address on the former site"),
        max_length=100,
        blank=True,
        validators=[validate_legacy_path],
        help_text=_(
            "The page name of this programme on the former site, e.g. cbp-dip.php. "
            "Visitors and search engines that ask for it (or its -ar and -fr pages) are "
            "sent here."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_path"],
                condition=~Q(legacy_path=""),
                name="programmes_programme_legacy_path_unique",
                violation_error_message=_("Another programme already has this former address."),
            )
        ]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return cached_reverse("programmes:detail", slug=self.slug)

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    def missing_translations(self):
        """{language: [verbose names of text fields left empty]} for the non-default languages."""
        missing = {}
        fields = [("name", True), ("summary", True)]
        fields += [("description", bool(self.description_en))]
        fields += [("questionnaire_audience", bool(self.questionnaire_audience_en))]
        for code in language_codes():
            if code == "en":
                continue
            empty = [
                str(self._meta.get_field(field).verbose_name)
                for field, expected in fields
                if expected and not getattr(self, f"{field}_{code}")
            ]
            if empty:
                missing[code] = empty
        return missing


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


class DocumentKind(models.Model):
    """What a document is: the Questionnaire, Terms of Reference for study visits, ..."""

    class Category(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        TERMS_OF_REFERENCE = "tor", _("Terms of Reference")
        OTHER = "other", _("Other document")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_("ASCII, the same in every language; part of the download addresses."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")

    def __str__(self):
        return self.name


@deconstructible
class DocumentUploadTo:
    """programmes/documents/<programme>/<kind>-<language>.<ext>: readable and stable."""

    def __init__(self, language):
        self.language = language

    def __call__(self, instance, filename):
        extension = PurePath(filename).suffix.lower()
        return (
            f"programmes/documents/{instance.programme.slug}/"
            f"{instance.kind.slug}-{self.language}{extension}"
        )

    def __eq__(self, other):
        return isinstance(other, DocumentUploadTo) and other.language == self.language


class DocumentQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("kind").order_by("kind__order", "kind__slug")

    def in_language(self, language):
        return self.exclude(Q(**{f"file_{language}": ""}) | Q(**{f"file_{language}__isnull": True}))


def _file_field(verbose_name, language):
    return models.FileField(
        verbose_name,
        upload_to=DocumentUploadTo(language),
        validators=[validate_document_file],
        max_length=255,
        blank=True,
    )


class Document(models.Model):
    """One document of a programme, with one file per language.

    The per-language columns (file, size, download counter) are explicit: the site has three
    languages, the admin shows one file slot for each, and the counter of one language is one
    column that a single UPDATE ... SET n = n + 1 keeps exact under concurrent downloads.
    """

    LANGUAGES = ("en", "ar", "fr")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="documents", verbose_name=_("programme")
    )
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="documents", verbose_name=_("kind")
    )
    file_en = _file_field(_("file in English"), "en")
    file_ar = _file_field(_("file in Arabic"), "ar")
    file_fr = _file_field(_("file in French"), "fr")
    size_en = models.PositiveIntegerField(_("size in English"), default=0, editable=False)
    size_ar = models.PositiveIntegerField(_("size in Arabic"), default=0, editable=False)
    size_fr = models.PositiveIntegerField(_("size in French"), default=0, editable=False)
    downloads_en = models.PositiveIntegerField(_("downloads in English"), default=0, editable=False)
    downloads_ar = models.PositiveIntegerField(_("downloads in Arabic"), default=0, editable=False)
    downloads_fr = models.PositiveIntegerField(_("downloads in French"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "kind__order", "kind__slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"], name="programmes_document_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.programme} – {self.kind}"

    def save(self, *args, **kwargs):
        for code in self.LANGUAGES:
            field_file = self.file(code)
            if not field_file:
                setattr(self, f"size_{code}", 0)
            elif not getattr(field_file, "_committed", True) or not getattr(self, f"size_{code}"):
                # Missing from storage: the download view answers 404; keep what we knew.
                with contextlib.suppress(OSError):
                    setattr(self, f"size_{code}", field_file.size)
        previous = self._stored_names() if self.pk else {}
        super().save(*args, **kwargs)
        # A replaced or cleared file is removed from storage once the change is committed.
        current = {self.file(code).name for code in self.LANGUAGES if self.file(code)}
        self._delete_files_after_commit(set(previous.values()) - current)

    def delete(self, *args, **kwargs):
        names = set(self._stored_names().values())
        result = super().delete(*args, **kwargs)
        self._delete_files_after_commit(names)
        return result

    def _stored_names(self):
        fields = [f"file_{code}" for code in self.LANGUAGES]
        row = Document.objects.filter(pk=self.pk).values(*fields).first() or {}
        return {field: name for field, name in row.items() if name}

    def _delete_files_after_commit(self, names):
        delete_files_on_commit(self.file_en.storage, names, still_used=self._names_in_use)

    def _names_in_use(self, names):
        """Those of `names` that a document (this one or another) still refers to."""
        still_used = Q()
        for code in self.LANGUAGES:
            still_used |= Q(**{f"file_{code}__in": names})
        used = set()
        for row in Document.objects.filter(still_used).values_list(
            *(f"file_{code}" for code in self.LANGUAGES)
        ):
            used.update(row)
        return used

    def clean(self):
        super().clean()
        if not any(self.file(code) for code in self.LANGUAGES):
            raise ValidationError(
                _("Upload the document in at least one language."), code="no_file"
            )

    def file(self, language):
        return getattr(self, f"file_{language}")

    def files(self):
        """The languages this document exists in, as (code, DocumentFile) in site order."""
        return [
            DocumentFile(self, code)
            for code in language_codes()
            if code in self.LANGUAGES and self.file(code)
        ]

    def available_languages(self):
        return [entry.language for entry in self.files()]

    def missing_languages(self):
        return [code for code in language_codes() if not self.file(code)]

    def missing_language_names(self):
        """The missing languages, named in the language of the page."""
        return [language_name_in_text(code) for code in self.missing_languages()]

    def total_downloads(self):
        return sum(getattr(self, f"downloads_{code}") for code in self.LANGUAGES)


class DocumentFile:
    """One language of a document, as the templates and views use it."""

    def __init__(self, document, language):
        self.document = document
        self.language = language
        self.field_file = document.file(language)
        self.size = getattr(document, f"size_{language}")
        self.format_label, self.content_type = document_format(self.field_file.name)
        self.extension = PurePath(self.field_file.name).suffix.lower()

    @property
    def url(self):
        return reverse(
            "programmes:download",
            kwargs={
                "slug": self.document.programme.slug,
                "kind": self.document.kind.slug,
                "language": self.language,
            },
        )

    @property
    def name_local(self):
        return LANGUAGE_NAMES_LOCAL.get(self.language, self.language)

    @property
    def downloads(self):
        return getattr(self.document, f"downloads_{self.language}")
