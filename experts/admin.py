import json

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldError, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_export

from accounts.audit import Action, record
from core.admin_filters import DROPDOWN_FILTER_JS, ChoicesDropdownFilter, RelatedOnlyDropdownFilter
from core.delivery import StoredFileMissing, attachment_response
from core.exports import resource_export_response

from . import services
from .forms import ReasonForm, ReviewForm
from .models import (
    EXPERTISE_FIELDS,
    IDENTITY_FIELDS,
    PROFESSION_FIELDS,
    RECORD_FIELDS,
    WORKING_LANGUAGES,
    Expert,
    ExpertDecision,
    ExpertLanguage,
)
from .personal_data import personal_data
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
        "nationality_name",
        "country_of_residence_name",
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
    actions = ["approve", "reject", "set_inactive", "export_personal_data"]
    change_form_template = "admin/experts/expert/change_form.html"

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
        """Never the whole roster in memory: CSV is streamed row by row, in chunks of the
        database; Excel is written row by row to a temporary file (openpyxl's write-only mode),
        then sent from it."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        audit_export(request, Action.ROSTER_EXPORT, file_format.get_title(), queryset)
        if not isinstance(file_format, (CSV, XLSX)):
            return super()._do_file_export(file_format, request, queryset, export_form)
        resource = self.choose_export_resource_class(export_form, request)(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        fields = self.get_export_resource_fields_from_form(export_form)
        response = resource_export_response(
            resource,
            queryset,
            "xlsx" if isinstance(file_format, XLSX) else "csv",
            self.get_export_filename(request, queryset, file_format),
            title=str(Expert._meta.verbose_name_plural),
            fields=fields,
        )
        post_export.send(sender=None, model=self.model)
        return response

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("reviewed_by")
            .prefetch_related("programmes", "subjects__programme", "languages")
        )

    # Countries by name directly: the admin's own display of a choices field flattened the
    # 250 country choices for each cell, 100,000 function calls for a page of 100 experts.
    @admin.display(
        description=Expert._meta.get_field("nationality").verbose_name, ordering="nationality"
    )
    def nationality_name(self, expert):
        return expert.nationality.name or None  # None: the admin's "-"

    @admin.display(
        description=Expert._meta.get_field("country_of_residence").verbose_name,
        ordering="country_of_residence",
    )
    def country_of_residence_name(self, expert):
        return expert.country_of_residence.name or None

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
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="experts_expert_review",
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

    # Review: list actions and the decision form of the expert's page (services.decide) ----

    def _decide_from_list(self, request, queryset, status, message):
        reason = ""
        if status in ReviewForm.NEEDS_REASON:
            # A page of its own asks for the reason the experts will read (sent back to this
            # action with the selection); nothing is decided until it is given.
            form = ReasonForm(request.POST if "_decide" in request.POST else None)
            if not form.is_valid():
                return self._reason_page(request, queryset, status, form)
            reason = form.cleaned_data["reason"]
        decided, skipped = services.decide(
            queryset, status, request.user, reason=reason, source=ExpertDecision.Source.LIST
        )
        done = len(decided)
        self._report(request, message(done) % {"count": done}, skipped)
        return None

    def _reason_page(self, request, queryset, status, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Give the reason"),
            "experts": queryset.select_related(None).only(
                "pk", "given_name", "family_name", "erased_at"
            ),
            "status": Expert.Status(status).label,
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        status_code = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "admin/experts/expert/decide_selected.html", context, status=status_code
        )

    @admin.action(description=_("Approve the selected experts"), permissions=["change"])
    def approve(self, request, queryset):
        return self._decide_from_list(
            request,
            queryset,
            Expert.Status.APPROVED,
            lambda n: ngettext("%(count)d expert approved.", "%(count)d experts approved.", n),
        )

    @admin.action(description=_("Reject the selected experts"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide_from_list(
            request,
            queryset,
            Expert.Status.REJECTED,
            lambda n: ngettext("%(count)d expert rejected.", "%(count)d experts rejected.", n),
        )

    @admin.action(description=_("Set the selected experts inactive"), permissions=["change"])
    def set_inactive(self, request, queryset):
        return self._decide_from_list(
            request,
            queryset,
            Expert.Status.INACTIVE,
            lambda n: ngettext(
                "%(count)d expert set inactive.", "%(count)d experts set inactive.", n
            ),
        )

    def review_view(self, request, pk):
        """The decision form of the expert's page: POST decides; a refused form is shown again
        on a page of its own, with what was typed."""
        expert = self.get_object(request, str(pk))
        if expert is None:
            raise Http404(_("This expert does not exist."))
        if not self.has_change_permission(request, expert):
            raise PermissionDenied
        form = ReviewForm(request.POST) if request.method == "POST" else ReviewForm()
        if request.method == "POST" and form.is_valid():
            status = form.cleaned_data["decision"]
            decided, _skipped = services.decide(
                Expert.objects.filter(pk=expert.pk),
                status,
                request.user,
                reason=form.cleaned_data["reason"],
            )
            if decided:
                self.message_user(
                    request,
                    _("Decision recorded: %(status)s. The expert is told by e-mail.")
                    % {"status": Expert.Status(status).label},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request, self._no_decision_reason(expert, status), messages.WARNING
                )
            return redirect("admin:experts_expert_change", expert.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": expert,
            "review_form": form,
            "title": _("Review %(name)s") % {"name": expert},
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(request, "admin/experts/expert/review.html", context, status=status)

    def _no_decision_reason(self, expert, status):
        if not expert.is_confirmed:
            return _("No decision recorded: the e-mail address is not confirmed yet.")
        if expert.erased_at:
            return _("No decision recorded: this entry's personal data was erased.")
        return _("No decision recorded: the entry already has this status.")

    def review_context(self, request, expert):
        """The decision form and the history shown on the expert's page."""
        if expert is None:
            return {}
        return {
            "review_form": ReviewForm() if self.has_change_permission(request, expert) else None,
            "decisions": expert.decisions.select_related("decided_by"),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _report(self, request, message, skipped):
        self.message_user(request, message, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d expert skipped: not confirmed yet, or already in that status.",
                    "%(count)d experts skipped: not confirmed yet, or already in that status.",
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
        experts = queryset.prefetch_related("programmes", "subjects", "languages", "decisions")
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


@admin.register(ExpertDecision)
class ExpertDecisionAdmin(admin.ModelAdmin):
    """The review history: read by roster managers, written only by services.decide()."""

    list_display = (
        "decided_at",
        "expert_name",
        "previous_status",
        "status",
        "decided_by_name",
        "source",
    )
    list_filter = ("status", "source")
    list_select_related = ("expert",)
    search_fields = ("expert__given_name", "expert__family_name", "decided_by_name", "reason")
    date_hierarchy = "decided_at"
    fields = (
        "expert",
        "previous_status",
        "status",
        "reason",
        "decided_by",
        "decided_by_name",
        "decided_at",
        "source",
    )
    readonly_fields = fields

    @admin.display(description=_("expert"), ordering="expert__family_name")
    def expert_name(self, decision):
        return format_html("<bdi>{}</bdi>", decision.expert)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
