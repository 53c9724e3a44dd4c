from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from core.admin_guards import (
    HidesRelationsAdminMixin,
    KeepsRelationsAdminMixin,
    KeepsRelationsFormSet,
)
from core.admin_mixins import (
    MissingTranslationFilter,
    MissingTranslationsAdminMixin,
    SiteAdminMixin,
    TranslatedFieldDirectionMixin,
    UploadProgressAdminMixin,
    UploadProgressFieldsMixin,
)
from core.i18n import translated_fields
from core.imports import ArchiveImportMixin

from .models import Document, DocumentKind, MainSubject, Organisation, Programme, Sector
from .resources import ProgrammeResource


def download_counts(document):
    """ "12 / 3 / 5": the downloads in each language, in the order of the column title."""
    return " / ".join(str(getattr(document, f"downloads_{code}")) for code in Document.LANGUAGES)


def _language_name(code):
    return str(get_language_info(code)["name_translated"])


class KeepsExpertSubjectsFormSet(KeepsRelationsFormSet):
    kept_relations = ("experts",)
    kept_message = _(
        "Experts of the roster chose the main subject “%(name)s”, so it cannot be deleted. "
        "Rename it instead, or ask a roster manager to change those experts' choices first."
    )


class MainSubjectInline(TranslatedFieldDirectionMixin, TranslationTabularInline):
    model = MainSubject
    formset = KeepsExpertSubjectsFormSet
    extra = 0
    fields = ("name", "order")


def document_file_help():
    return _(
        "PDF, DOCX, XLSX or DOC, at most %(size)s. Files with macros, scripts, embedded "
        "objects, an external template or a password are refused. A DOC (Word 97–2003) file "
        "can only be checked for macros and embedded objects: prefer DOCX or PDF."
    ) % {"size": filesizeformat(settings.PROGRAMME_DOCUMENT_MAX_SIZE)}


class DocumentFileHelp:
    """What the file slots accept, said next to them (the checks are in core.uploads)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith("file_") and field is not None:
            field.help_text = document_file_help()
        return field


class DocumentInline(UploadProgressFieldsMixin, DocumentFileHelp, admin.StackedInline):
    """One block per document kind, with one file slot per language.

    Stacked, not tabular: three file widgets side by side made the page 1,600 px wide.
    """

    model = Document
    extra = 0
    fields = ("kind", *(f"file_{code}" for code in Document.LANGUAGES), "download_counts")
    readonly_fields = ("download_counts",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme", "kind")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "kind" and field is not None:
            # Every row (and the empty "add another" row) would query the kinds again: list
            # them once per request. Validation still checks a posted kind against the table.
            choices = getattr(request, "_programmes_kind_choices", None)
            if choices is None:
                choices = request._programmes_kind_choices = list(iter(field.choices))
            field.choices = choices
        return field

    @admin.display(description=_("downloads (en / ar / fr)"))
    def download_counts(self, document):
        if document.pk is None:
            return "–"
        return download_counts(document)


class MissingLanguagesFilter(admin.SimpleListFilter):
    title = _("missing a language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, _language_name(code)) for code in Document.LANGUAGES if code != "en"]

    def queryset(self, request, queryset):
        code = self.value()
        if code not in Document.LANGUAGES:
            return queryset
        untranslated = Q(**{f"name_{code}__isnull": True}) | Q(**{f"name_{code}": ""})
        untranslated |= Q(**{f"summary_{code}__isnull": True}) | Q(**{f"summary_{code}": ""})
        no_file = Q(**{f"documents__file_{code}": ""})
        return queryset.filter(untranslated | no_file).distinct()


@admin.register(Programme)
class ProgrammeAdmin(
    ArchiveImportMixin,
    UploadProgressAdminMixin,
    SiteAdminMixin,
    KeepsRelationsAdminMixin,
    TabbedTranslationAdmin,
):
    resource_classes = [ProgrammeResource]
    # Deleting would silently remove the experts' choices (see core/admin_guards.py).
    kept_relations = ("experts", "subjects__experts")
    kept_message = _(
        "Experts of the roster chose this programme or one of its main subjects. Deleting it "
        "would remove their choices: mark the programme inactive instead, or ask a roster "
        "manager to change those experts' choices first."
    )

    list_display = (
        "__str__",
        "name",
        "sector",
        "launch_year",
        "is_active",
        "order",
        "document_count",
        "missing_languages",
    )
    list_display_links = ("__str__", "name")
    list_editable = ("is_active", "order")
    list_filter = (
        "is_active",
        "sector",
        MissingLanguagesFilter,
        MissingTranslationFilter,
        "launch_year",
    )
    list_select_related = ("sector",)
    search_fields = ("acronym", "slug", *translated_fields("name"), "summary_en")
    prepopulated_fields = {"slug": ("acronym",)}
    filter_horizontal = ("partners",)
    inlines = [MainSubjectInline, DocumentInline]
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "sector", "launch_year")}),
        (_("Texts"), {"fields": ("summary", "description", "questionnaire_audience")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Partners and display"), {"fields": ("partners", "is_active", "order")}),
        (_("Former site"), {"fields": ("legacy_path",)}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is None or match.url_name != "programmes_programme_changelist":
            return queryset  # the change page reads its documents through the inline
        return queryset.prefetch_related("documents").annotate(
            document_total=Count("documents", distinct=True)
        )

    @admin.display(description=_("documents"), ordering="document_total")
    def document_count(self, programme):
        return programme.document_total

    @admin.display(description=_("missing languages"))
    def missing_languages(self, programme):
        """Per language: the empty text fields and how many documents lack that file."""
        texts = programme.missing_translations()
        lines = []
        for code in Document.LANGUAGES:
            parts = list(texts.get(code, []))
            files = sum(1 for document in programme.documents.all() if not document.file(code))
            if files:
                parts.append(
                    # Translators: the number of documents lacking a file in one language.
                    ngettext("%(count)d file", "%(count)d files", files) % {"count": files}
                )
            if parts:
                lines.append((_language_name(code), ", ".join(parts)))
        if not lines:
            return _("none")
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", lines)


class DocumentLanguageFilter(admin.SimpleListFilter):
    title = _("missing a language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, _language_name(code)) for code in Document.LANGUAGES]

    def queryset(self, request, queryset):
        code = self.value()
        if code not in Document.LANGUAGES:
            return queryset
        return queryset.filter(**{f"file_{code}": ""})


@admin.register(MainSubject)
class MainSubjectAdmin(
    MissingTranslationsAdminMixin, SiteAdminMixin, HidesRelationsAdminMixin, TabbedTranslationAdmin
):
    """Main subjects are edited with their programme; this list finds untranslated ones."""

    list_display = ("name", "programme", "order")
    list_select_related = ("programme",)
    list_filter = ("programme",)
    search_fields = ("name_en", "name_ar", "name_fr", "programme__acronym")
    fields = ("programme", "name", "order")


@admin.register(Document)
class DocumentAdmin(
    UploadProgressAdminMixin, HidesRelationsAdminMixin, DocumentFileHelp, admin.ModelAdmin
):
    list_display = ("programme", "kind", "languages", "missing", "total_downloads", "updated_at")
    list_filter = ("kind", DocumentLanguageFilter, "programme__sector", "programme")
    list_select_related = ("programme", "kind")
    search_fields = ("programme__acronym", "programme__name_en", "kind__name_en")
    fields = ("programme", "kind", *(f"file_{code}" for code in Document.LANGUAGES), "counts")
    readonly_fields = ("counts",)

    @admin.display(description=_("languages"))
    def languages(self, document):
        return ", ".join(_language_name(code) for code in document.available_languages()) or "–"

    @admin.display(description=_("missing languages"))
    def missing(self, document):
        return ", ".join(_language_name(code) for code in document.missing_languages()) or _("none")

    @admin.display(description=_("downloads"))
    def total_downloads(self, document):
        return document.total_downloads()

    @admin.display(description=_("downloads (en / ar / fr)"))
    def counts(self, document):
        if document.pk is None:
            return "–"
        return download_counts(document)


@admin.register(DocumentKind)
class DocumentKindAdmin(
    MissingTranslationsAdminMixin, SiteAdminMixin, HidesRelationsAdminMixin, TabbedTranslationAdmin
):
    list_display = ("name", "slug", "category", "order")
    list_editable = ("order",)
    list_filter = ("category",)
    search_fields = (*translated_fields("name"), "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Sector)
class SectorAdmin(
    MissingTranslationsAdminMixin, SiteAdminMixin, HidesRelationsAdminMixin, TabbedTranslationAdmin
):
    list_display = ("name", "slug", "order", "programme_count")
    list_editable = ("order",)
    search_fields = (*translated_fields("name"), "slug")
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_total=Count("programmes"))

    @admin.display(description=_("programmes"), ordering="programme_total")
    def programme_count(self, sector):
        return sector.programme_total


@admin.register(Organisation)
class OrganisationAdmin(
    MissingTranslationsAdminMixin, SiteAdminMixin, HidesRelationsAdminMixin, TabbedTranslationAdmin
):
    list_display = ("name", "acronym", "website")
    search_fields = (*translated_fields("name"), "acronym")
