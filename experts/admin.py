import csv
import json

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldError, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import Country
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_export

from accounts.audit import Action, record
from core.admin_filters import DROPDOWN_FILTER_JS, ChoicesDropdownFilter, RelatedOnlyDropdownFilter
from core.delivery import StoredFileMissing, attachment_response

from .models import (
    EXPERTISE_FIELDS,
    IDENTITY_FIELDS,
    PROFESSION_FIELDS,
    PROFILE_FIELDS,
    RECORD_FIELDS,
    WORKING_LANGUAGES,
    Expert,
    ExpertLanguage,
)
from .resources import ExpertResource


class ExcelCSV(CSV):
    """CSV that Excel opens as UTF-8: a byte-order mark (see to_encoding) and the charset."""

    CONTENT_TYPE = "text/csv; charset=utf-8"


class ExpertLanguageInline(admin.TabularInline):
    model = ExpertLanguage
    extra = 0


class LanguageFilter(admin.SimpleListFilter):
    title = _("working language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return WORKING_LANGUAGES

    def queryset(self, request, queryset):
        # Only known language codes reach the database: anything else (a typo, a NUL byte that
        # PostgreSQL refuses in text) leaves the list unfiltered instead of failing.
        if self.value() in dict(WORKING_LANGUAGES):
            return queryset.filter(languages__language=self.value()).distinct()
        return queryset


class ExpertExportForm(SelectableFieldsExportForm):
    """Column choices labelled as in the exported file, in the roster manager's language."""

    def _get_field_label(self, resource, field_name):
        header = getattr(resource, "header", None)
        return header(field_name) if header else super()._get_field_label(resource, field_name)


@admin.register(Expert)
class ExpertAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [ExpertResource]
    formats = [ExcelCSV, XLSX]
    # The BOM is how Excel tells UTF-8 ("Türkiye", Arabic names) from the local code page.
    to_encoding = "utf-8-sig"
    export_form_class = ExpertExportForm
    # The library's page uses inline handlers and style attributes, which the CSP refuses.
    export_template_name = "admin/experts/expert/export.html"
    list_display = (
        "name",
        "nationality",
        "country_of_residence",
        "organisation",
        "status",
        "created_at",
        "confirmed_at",
        "reviewed_by",
    )
    # Long lists as drop-downs: as links, the countries alone made the page 12,500 px tall.
    list_filter = (
        "status",
        ("nationality", ChoicesDropdownFilter),
        ("country_of_residence", ChoicesDropdownFilter),
        ("programmes", RelatedOnlyDropdownFilter),
        ("subjects", RelatedOnlyDropdownFilter),
        LanguageFilter,
        "sector",
        "highest_degree",
    )
    search_fields = ("given_name", "family_name", "email", "organisation", "position", "summary")

    class Media:
        js = (DROPDOWN_FILTER_JS,)
        css = {"all": ("core/admin.css",)}

    date_hierarchy = "created_at"
    inlines = [ExpertLanguageInline]
    filter_horizontal = ("programmes", "subjects")
    readonly_fields = ("cv_link", *RECORD_FIELDS)
    fieldsets = (
        (
            _("Identity"),
            {"fields": IDENTITY_FIELDS},
        ),
        (
            _("Profession"),
            {"fields": PROFESSION_FIELDS},
        ),
        (_("Expertise"), {"fields": (*EXPERTISE_FIELDS, "cv_link")}),
        (
            _("Record"),
            {"fields": RECORD_FIELDS},
        ),
    )
    actions = ["approve", "reject", "export_personal_data"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by")

    def has_add_permission(self, request):
        return False  # experts register themselves (and confirm their address)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def export_action(self, request):
        # The export filters by the changelist's query string: an unknown or malformed
        # parameter (`?format=0`, a typo) is the visitor's mistake, answered 400, not 500.
        try:
            return super().export_action(request)
        except (FieldError, IncorrectLookupParameters, ValidationError, ValueError) as error:
            raise BadRequest(_("This export address has unknown or invalid filters.")) from error

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """CSV is streamed row by row, in chunks of the database (not the whole roster in
        memory); Excel keeps django-import-export's in-memory workbook."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        audit_export(request, Action.ROSTER_EXPORT, file_format.get_title(), queryset)
        if not isinstance(file_format, CSV):
            return super()._do_file_export(file_format, request, queryset, export_form)
        resource = self.choose_export_resource_class(export_form, request)(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        rows = streamed_csv(
            resource,
            queryset,
            self.get_export_resource_fields_from_form(export_form),
            translation.get_language(),
        )
        response = StreamingHttpResponse(rows, content_type=file_format.get_content_type())
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        post_export.send(sender=None, model=self.model)
        return response

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("reviewed_by")
            .prefetch_related("programmes", "subjects__programme", "languages")
        )

    @admin.display(description=_("name"), ordering="family_name")
    def name(self, expert):
        # Isolated: an Arabic name, or stray direction marks, cannot reorder the row.
        return format_html("<bdi>{}</bdi>", expert)

    @admin.display(description=_("CV"))
    def cv_link(self, expert):
        if not expert.cv:
            return "-"
        url = reverse("admin:experts_expert_cv", args=[expert.pk])
        return format_html('<a href="{}">{}</a>', url, expert.cv_name or _("Download"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/cv/",
                self.admin_site.admin_view(self.download_cv),
                name="experts_expert_cv",
            ),
            *super().get_urls(),
        ]

    def download_cv(self, request, pk):
        """CVs live in private storage; only this permission-checked view hands them out."""
        if not request.user.has_perm("experts.download_cv"):
            raise PermissionDenied
        expert = get_object_or_404(Expert, pk=pk)
        if not expert.cv:
            raise Http404(_("This expert has no CV."))
        try:
            response = attachment_response(
                expert.cv.storage,
                expert.cv.name,
                alias="private",
                filename=expert.cv_name or "cv",
            )
        except StoredFileMissing as error:
            raise Http404(_("The CV file is missing from storage.")) from error
        record(request, Action.CV_DOWNLOAD, f"CV of expert #{expert.pk}", rows=1)
        response["Cache-Control"] = "private, no-store"
        return response

    def _review(self, request, queryset, status):
        now = timezone.now()
        eligible = queryset.exclude(status=Expert.Status.UNCONFIRMED)
        skipped = queryset.count() - eligible.count()
        done = eligible.update(status=status, reviewed_by=request.user, reviewed_at=now)
        return done, skipped

    @admin.action(description=_("Approve the selected experts"), permissions=["change"])
    def approve(self, request, queryset):
        done, skipped = self._review(request, queryset, Expert.Status.APPROVED)
        self._report(
            request,
            ngettext("%(count)d expert approved.", "%(count)d experts approved.", done)
            % {"count": done},
            skipped,
        )

    @admin.action(description=_("Reject the selected experts"), permissions=["change"])
    def reject(self, request, queryset):
        done, skipped = self._review(request, queryset, Expert.Status.REJECTED)
        self._report(
            request,
            ngettext("%(count)d expert rejected.", "%(count)d experts rejected.", done)
            % {"count": done},
            skipped,
        )

    def _report(self, request, message, skipped):
        self.message_user(request, message, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d expert skipped: the e-mail address is not confirmed yet.",
                    "%(count)d experts skipped: their e-mail addresses are not confirmed yet.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(
        description=_("Export personal data (JSON) for the selected experts"), permissions=["view"]
    )
    def export_personal_data(self, request, queryset):
        """Everything the roster holds on a person, for a data access request."""
        experts = queryset.prefetch_related("programmes", "subjects", "languages")
        data = [personal_data(expert) for expert in experts]
        record(
            request,
            Action.PERSONAL_DATA_EXPORT,
            "experts JSON: " + ", ".join(f"#{item.pk}" for item in experts),
            rows=len(data),
        )
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="experts-{stamp}.json"'
        response["Cache-Control"] = "private, no-store"
        return response


def audit_export(request, action, file_format, queryset):
    """The export in the audit log: its format, the list's filters and how many rows."""
    filters = request.GET.urlencode()
    what = f"experts {file_format}" + (f" ?{filters}" if filters else "")
    record(request, action, what, rows=queryset.count())


class _Echo:
    """A file-like object whose write() returns the line: csv.writer as a generator."""

    def write(self, value):
        return value


def streamed_csv(resource, queryset, export_fields, language):
    """The export as CSV lines, reading the queryset in chunks (resource.iter_queryset). The
    response is iterated after the view returned: the exporter's language is set again."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        # A byte order mark, so that spreadsheets read the file as UTF-8.
        yield "\ufeff" + writer.writerow(resource.get_export_headers(selected_fields=export_fields))
        for expert in resource.iter_queryset(queryset):
            yield writer.writerow(resource.export_resource(expert, selected_fields=export_fields))


def profile_value(expert, name):
    """A profile field as a person reads it: choices by label, countries and lists by name."""
    field = Expert._meta.get_field(name)
    if field.many_to_many:
        return [str(item.name) for item in getattr(expert, name).all()]
    value = getattr(expert, name)
    if isinstance(value, Country):
        return value.name
    if field.choices:
        return getattr(expert, f"get_{name}_display")()
    return value


def personal_data(expert):
    """Everything the roster holds on the person: the profile (PROFILE_FIELDS) and its record."""
    return {
        **{name: profile_value(expert, name) for name in PROFILE_FIELDS},
        "languages": [
            {"language": row.get_language_display(), "level": row.get_level_display()}
            for row in expert.languages.all()
        ],
        "cv_file_name": expert.cv_name,
        "language_of_registration": expert.language,
        "consent_version": expert.consent_version,
        "consent_given_at": expert.consent_given_at,
        "registered_at": expert.created_at,
        "confirmed_at": expert.confirmed_at,
        "status": expert.get_status_display(),
        "reviewed_at": expert.reviewed_at,
    }
