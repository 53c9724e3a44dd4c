from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from accounts.audit import Action, record
from core.delivery import StoredFileMissing, attachment_response
from core.exports import resource_export_response
from programmes.models import DocumentKind

from . import services
from .forms import QuestionnaireForm, TorRequestForm
from .models import (
    CompletedFile,
    FocalPoint,
    Institution,
    QuestionAnswer,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireRevision,
    SubjectAnswer,
    TorRequest,
    TorStateChange,
)
from .resources import FocalPointResource, SubjectAnswerResource, TorRequestResource


def export_actions(resource_class, name, rows=lambda queryset: queryset):
    """Admin actions downloading the selected rows as CSV or Excel (django-import-export),
    never all in memory: CSV streamed, Excel written row by row to a temporary file
    (core.exports.resource_export_response)."""

    def export(file_format):
        def action(modeladmin, request, queryset):
            exported = rows(queryset)
            record(
                request,
                Action.COOPERATION_EXPORT,
                f"{name} {file_format}: "
                + ", ".join(f"#{pk}" for pk in queryset.values_list("pk", flat=True)),
                rows=exported.count(),
            )
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            return resource_export_response(
                resource_class(),
                exported,
                file_format,
                f"{name}-{stamp}.{file_format}",
                title=str(modeladmin.model._meta.verbose_name_plural),
            )

        label = (
            _("Export the selected as CSV")
            if file_format == "csv"
            else _("Export the selected as Excel")
        )
        action.__name__ = f"export_{file_format}"
        return admin.action(description=label, permissions=["view"])(action)

    return [export("csv"), export("xlsx")]


class CountsFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("unconfirmed", _("E-mail not yet confirmed")),
            ("awaiting", _("Awaiting acceptance")),
            ("accepted", _("Accepted")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unconfirmed":
            return queryset.filter(confirmed_at__isnull=True)
        if self.value() == "awaiting":
            return queryset.awaiting_acceptance()
        if self.value() == "accepted":
            return queryset.counting()
        return queryset


@admin.register(Institution)
class InstitutionAdmin(TabbedTranslationAdmin):
    """Content editors see institutions, never the people who answer for them."""

    list_display = ("name", "country", "kind", "created_at")
    list_filter = ("kind", "country")
    search_fields = ("name_en", "name_ar", "name_fr")


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "institution",
        "country",
        "language",
        "created_at",
        "confirmed_at",
        "accepted_at",
    )
    list_filter = (CountsFilter, "institution__country", "institution__kind", "language")
    search_fields = ("name", "email", "institution__name_en", "institution__name_ar")
    list_select_related = ("institution",)
    readonly_fields = ("created_at", "confirmed_at", "accepted_at", "accepted_by")
    fields = ("institution", "name", "position", "email", "language", *readonly_fields)
    raw_id_fields = ("institution",)
    actions = [
        "accept",
        *export_actions(
            FocalPointResource,
            "focal-points",
            lambda queryset: queryset.select_related("institution"),
        ),
    ]

    def has_add_permission(self, request):
        return False  # focal points register themselves and confirm their address

    @admin.display(description=_("country"), ordering="institution__country")
    def country(self, focal_point):
        return focal_point.institution.country.name

    @admin.action(description=_("Accept the selected focal points"), permissions=["change"])
    def accept(self, request, queryset):
        count = services.accept(queryset, request.user)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d focal point accepted.", "%(count)d focal points accepted.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("Focal points not confirmed or already accepted were left as they were."),
                messages.WARNING,
            )


@admin.register(QuestionnaireQuestion)
class QuestionnaireQuestionAdmin(TabbedTranslationAdmin):
    """The general questions of each programme's questionnaire, in three languages."""

    list_display = ("__str__", "programme", "order", "is_active")
    list_filter = ("programme", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("text_en", "text_ar", "text_fr")


class ReadOnlyInline(admin.TabularInline):
    """Rows kept as they were sent or made: none to add or delete (subclasses set
    readonly_fields = fields)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SubjectAnswerInline(ReadOnlyInline):
    model = SubjectAnswer
    fields = ("subject", "needs_training", "priority", "can_provide", "offer")
    readonly_fields = fields


class QuestionAnswerInline(ReadOnlyInline):
    model = QuestionAnswer
    fields = ("question", "text")
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = QuestionnaireRevision
    fields = ("created_at", "focal_point", "source", "snapshot")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("focal_point")

    @admin.display(description=_("how they came"))
    def source(self, revision):
        """Sent online by the focal point, or recorded by staff from an uploaded file."""
        if "completed_file" not in revision.snapshot:
            return _("Sent online by the focal point")
        return _("Recorded by %(user)s from the uploaded file “%(file)s”") % {
            "user": revision.snapshot.get("recorded_by", "?"),
            "file": revision.snapshot["completed_file"],
        }


@admin.register(QuestionnaireAnswer)
class QuestionnaireAnswerAdmin(admin.ModelAdmin):
    list_display = ("institution", "country", "programme", "focal_point", "updated_at")
    list_filter = ("programme", "institution__country", "institution__kind")
    list_select_related = ("institution", "programme", "focal_point")
    search_fields = ("institution__name_en", "institution__name_ar", "institution__name_fr")
    date_hierarchy = "updated_at"
    fields = ("institution", "programme", "focal_point", "updated_at")
    readonly_fields = fields
    inlines = [SubjectAnswerInline, QuestionAnswerInline, RevisionInline]
    actions = export_actions(
        SubjectAnswerResource,
        "questionnaire-answers",
        lambda queryset: SubjectAnswer.objects.filter(answer__in=queryset).select_related(
            "answer__institution", "answer__programme", "subject"
        ),
    )

    def has_add_permission(self, request):
        return False  # answers come from focal points through their links

    @admin.display(description=_("country"), ordering="institution__country")
    def country(self, answer):
        return answer.institution.country.name


class TorStateChangeInline(ReadOnlyInline):
    model = TorStateChange
    fields = ("state", "changed_at", "changed_by")
    readonly_fields = fields


def _state_action(state):
    """An admin action moving the selected requests to `state` (each focal point is told)."""

    def action(modeladmin, request, queryset):
        changed = sum(
            services.change_tor_state(tor_request, state, request.user) for tor_request in queryset
        )
        modeladmin.message_user(
            request,
            ngettext("%(count)d request changed.", "%(count)d requests changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    label = TorRequest.State(state).label
    return admin.action(
        description=_("Move to the state: %(state)s") % {"state": label}, permissions=["change"]
    )(action)


@admin.register(TorRequest)
class TorRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "country", "programme", "kind", "state", "created_at")
    list_filter = ("state", "programme", "kind", "institution__country", "mode", "language")
    list_select_related = ("institution", "programme", "kind")
    search_fields = ("institution__name_en", "institution__name_ar", "objectives")
    date_hierarchy = "created_at"
    readonly_fields = ("institution", "programme", "focal_point", "state", "created_at")
    fields = (*readonly_fields, *TorRequestForm.Meta.fields)  # what the focal point sent
    filter_horizontal = ("subjects",)
    inlines = [TorStateChangeInline]
    actions = export_actions(
        TorRequestResource,
        "tor-requests",
        lambda queryset: queryset.select_related("institution", "programme", "kind"),
    )

    def has_add_permission(self, request):
        return False  # requests come from focal points, or staff record them from a file

    def get_actions(self, request):
        actions = super().get_actions(request)
        for state in TorRequest.State.values:
            name = f"move_to_{state}"
            function = _state_action(state)
            actions[name] = (function, name, function.short_description)
        return actions

    @admin.display(description=_("country"), ordering="institution__country")
    def country(self, tor_request):
        return tor_request.institution.country.name


@admin.register(CompletedFile)
class CompletedFileAdmin(admin.ModelAdmin):
    list_display = ("file_name", "institution", "programme", "kind", "uploaded_at", "recorded")
    list_filter = ("recorded", "programme", "kind", "institution__country")
    list_select_related = ("institution", "programme", "kind")
    readonly_fields = (
        "institution",
        "programme",
        "kind",
        "focal_point",
        "download_link",
        "uploaded_at",
        "record_link",
    )
    fields = (*readonly_fields, "recorded")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("answers"))
    def record_link(self, completed_file):
        if not completed_file.pk or not self._recordable(completed_file):
            return "–"
        url = reverse("admin:cooperation_completedfile_record", args=[completed_file.pk])
        return format_html('<a href="{}">{}</a>', url, _("Record the answers of this file"))

    @staticmethod
    def _recordable(completed_file):
        return completed_file.kind.category in RECORDED_FORMS

    @admin.display(description=_("file"))
    def download_link(self, completed_file):
        if not completed_file.pk:
            return "–"
        url = reverse("admin:cooperation_completedfile_download", args=[completed_file.pk])
        return format_html('<a href="{}">{}</a>', url, completed_file.file_name)

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download),
                name="cooperation_completedfile_download",
            ),
            path(
                "<int:pk>/record/",
                self.admin_site.admin_view(self.record),
                name="cooperation_completedfile_record",
            ),
            *super().get_urls(),
        ]

    def download(self, request, pk):
        """Files live in private storage: only this permission-checked view serves them."""
        if not request.user.has_perm("cooperation.download_completedfile"):
            raise PermissionDenied
        completed_file = get_object_or_404(CompletedFile, pk=pk)
        try:
            response = attachment_response(
                completed_file.file.storage,
                completed_file.file.name,
                alias="private",
                filename=completed_file.file_name,
            )
        except StoredFileMissing as error:
            raise Http404(_("The file is missing from storage.")) from error
        record(request, Action.FILE_DOWNLOAD, f"completed file #{completed_file.pk}", rows=1)
        response["Cache-Control"] = "private, no-store"
        return response

    def record(self, request, pk):
        """Staff read an uploaded questionnaire or Terms of Reference and type in what it says.

        A questionnaire's answers replace the institution's answers to the programme, with a
        revision saying who recorded them from which file (the form starts from the answers
        already stored); Terms of Reference become a request like one sent online.
        """
        completed_file = get_object_or_404(
            CompletedFile.objects.select_related("institution", "programme", "kind", "focal_point"),
            pk=pk,
        )
        if not self._recordable(completed_file):
            raise Http404(_("Only questionnaires and Terms of Reference are recorded here."))
        recorded = RECORDED_FORMS[completed_file.kind.category]
        if not (
            self.has_change_permission(request, completed_file)
            and request.user.has_perm(recorded.permission)
        ):
            raise PermissionDenied
        failed = False
        form = recorded.form(completed_file, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                saved = recorded.save(completed_file, form, request.user)
            except DatabaseError:
                failed = True  # nothing was saved: the form is shown again as typed
            else:
                self.message_user(request, recorded.done, messages.SUCCESS)
                return redirect(recorded.change_url, saved.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": recorded.title,
            "opts": self.model._meta,
            "original": completed_file,
            "completed_file": completed_file,
            "form": form,
            "is_questionnaire": recorded is RECORDED_FORMS[DocumentKind.Category.QUESTIONNAIRE],
            "failed": failed,
            "download_url": reverse(
                "admin:cooperation_completedfile_download", args=[completed_file.pk]
            ),
            "can_download": request.user.has_perm("cooperation.download_completedfile"),
        }
        return TemplateResponse(
            request,
            "admin/cooperation/completedfile/record.html",
            context,
            status=503 if failed else 200,
        )


def _questionnaire_form(completed_file, data):
    programme = completed_file.programme
    return QuestionnaireForm(
        data,
        subjects=programme.subjects.all(),
        questions=programme.questionnaire_questions.filter(is_active=True),
        current=services.current_answers(completed_file.institution, programme),
    )


def _tor_form(completed_file, data):
    # The kind of activity is the one whose Terms of Reference the institution filled in.
    return TorRequestForm(
        data, programme=completed_file.programme, initial={"kind": completed_file.kind_id}
    )


@dataclass(frozen=True)
class RecordedForm:
    """How staff record one category of uploaded document."""

    form: Callable
    save: Callable
    permission: str
    change_url: str
    title: str
    done: str


RECORDED_FORMS = {
    DocumentKind.Category.QUESTIONNAIRE: RecordedForm(
        _questionnaire_form,
        services.record_from_file,
        "cooperation.change_questionnaireanswer",
        "admin:cooperation_questionnaireanswer_change",
        _("Record the answers of a completed questionnaire"),
        _("The answers of the file are recorded as the institution's answers."),
    ),
    DocumentKind.Category.TERMS_OF_REFERENCE: RecordedForm(
        _tor_form,
        services.record_tor_from_file,
        "cooperation.add_torrequest",
        "admin:cooperation_torrequest_change",
        _("Record the request of completed Terms of Reference"),
        _("The Terms of Reference of the file are recorded as the institution's request."),
    ),
}
