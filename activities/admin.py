from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TabbedTranslationAdmin,
    TranslationStackedInline,
)

from core.admin_guards import HidesRelationsAdminMixin
from core.admin_mixins import (
    MissingTranslationsAdminMixin,
    PublicationAdminMixin,
    SiteAdminMixin,
    TranslatedFieldDirectionMixin,
    UploadProgressAdminMixin,
    UploadProgressFieldsMixin,
    UploadProgressWidgetMixin,
)
from core.countries import member_state_choices, member_states_first_choices
from core.i18n import translated_fields
from core.imports import ArchiveImportMixin

from . import images
from .editor import article_widget
from .models import Activity, Photo
from .resources import ActivityResource

MAX_FILES_AT_ONCE = 20


class MultipleFileInput(UploadProgressWidgetMixin, forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several images chosen at once (Django's documented multiple-upload pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActivityAdminForm(forms.ModelForm):
    new_photos = MultipleImageField(
        label=_("Add photos"),
        required=False,
        help_text=_("Choose several JPEG, PNG or WebP files at once; they go after the others."),
    )
    new_photos_alt_text = forms.CharField(
        label=_("Alternative text of the added photos (English)"),
        max_length=200,
        required=False,
        help_text=_(
            "Required with added photos; each gets it with its number. Refine it, and add the "
            "Arabic and French text, in the photos below."
        ),
    )

    class Meta:
        model = Activity
        # ModelAdmin passes the fields of its fieldsets; this only satisfies ModelForm.
        fields = "__all__"  # noqa: DJ007

    def clean_new_photos(self):
        files = self.cleaned_data.get("new_photos") or []
        if len(files) > MAX_FILES_AT_ONCE:
            raise ValidationError(
                ngettext(
                    "Add at most %(count)d photo at a time.",
                    "Add at most %(count)d photos at a time.",
                    MAX_FILES_AT_ONCE,
                ),
                params={"count": MAX_FILES_AT_ONCE},
            )
        errors = []
        for upload in files:
            try:
                images.validate_photo(upload)
            except ValidationError as error:
                errors.extend(
                    ValidationError(
                        _("%(name)s: %(error)s"), params={"name": upload.name, "error": message}
                    )
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        chosen = self.files.getlist(self.add_prefix("new_photos")) if self.files else []
        if chosen and not cleaned.get("new_photos_alt_text", "").strip():
            self.add_error(
                "new_photos_alt_text",
                _("Describe the added photos for people who cannot see them."),
            )
        return cleaned


class ActivityListForm(forms.ModelForm):
    """A row of the list: its "published" box is named after the activity, for screen readers
    (the list's column header is not the box's label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_published" in self.fields:
            self.fields["is_published"].widget.attrs["aria-label"] = _(
                "Published: %(activity)s"
            ) % {"activity": self.instance}


def thumbnail(photo):
    if not photo or not photo.thumbnail_url:
        return "–"
    return format_html(
        '<img class="admin-thumbnail" src="{}" alt="{}" width="96" height="{}">',
        photo.thumbnail_url,
        photo.alt_text,
        round(96 * photo.height / photo.width) if photo.width else 64,
    )


def processing_state(photo):
    """ "Processing" until the task queue has made the photo's sizes for the site, then
    "Ready"; core/static/core/processing-state.js asks again until it is ready."""
    if not photo or not photo.pk:
        return "–"
    ready = _("Ready: the page shows the sizes made for each screen.")
    if photo.renditions_ready:
        return format_html(
            '<span class="processing-state processing-state--ready">{}</span>', ready
        )
    return format_html(
        '<span class="processing-state" data-processing-state="{}" data-ready-text="{}">{}</span>',
        reverse("admin:activities_photo_state", args=[photo.pk]),
        ready,
        _(
            "Processing: the sizes for the site are being made; the page shows the original "
            "until then."
        ),
    )


class PhotoInline(
    UploadProgressFieldsMixin, TranslatedFieldDirectionMixin, TranslationStackedInline
):
    model = Photo
    extra = 0
    fields = ("preview", "renditions", "image", "alt_text", "caption", "order")
    readonly_fields = ("preview", "renditions")
    ordering = ("order", "id")

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("sizes for the site"))
    def renditions(self, photo):
        return processing_state(photo)


@admin.register(Activity)
class ActivityAdmin(
    ArchiveImportMixin,
    UploadProgressAdminMixin,
    MissingTranslationsAdminMixin,
    PublicationAdminMixin,
    SiteAdminMixin,
    HidesRelationsAdminMixin,
    TabbedDjangoJqueryTranslationAdmin,
):
    resource_classes = [ActivityResource]
    form = ActivityAdminForm
    inlines = [PhotoInline]
    list_display = (
        "list_thumbnail",
        "title",
        "programme",
        "kind",
        "start_date",
        "end_date",
        "is_virtual",
        "is_published",
    )
    list_display_links = ("title",)
    list_editable = ("is_published",)
    list_filter = ("is_published", "programme", "kind", "is_virtual", "start_date")
    list_select_related = ("programme",)
    date_hierarchy = "start_date"
    search_fields = (*translated_fields("title"), "theme_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ()
    filter_horizontal = ("partners",)
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("programme", "kind", "title", "theme", "edition", "slug")}),
        (
            _("When and where"),
            {"fields": ("start_date", "end_date", "is_virtual", "host_office", "city", "country")},
        ),
        (
            _("Reach"),
            {
                "fields": (
                    "partners",
                    "participants",
                    "countries_count",
                    "member_countries",
                    "provider_countries",
                )
            },
        ),
        (_("Text"), {"fields": ("summary", "body")}),
        (_("Photos"), {"fields": ("new_photos", "new_photos_alt_text")}),
        (_("Publication"), {"fields": ("legacy_id",)}),
    )

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ActivityListForm)
        return super().get_changelist_form(request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith("body_") and field is not None:
            # Keep the attributes modeltranslation's tabs and the direction rely on.
            field.widget = article_widget(attrs=field.widget.attrs)
        elif db_field.name == "member_countries":
            field.choices = member_state_choices()
            field.help_text = _("OIC member states only.")
        elif db_field.name == "provider_countries":
            field.choices = member_state_choices()
        elif db_field.name == "country":
            field.choices = [("", "---------"), *member_states_first_choices()]
        return field

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("order", "id")))
        )

    @admin.display(description=_("photo"))
    def list_thumbnail(self, activity):
        photos = list(activity.photos.all())
        return thumbnail(photos[0] if photos else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        files = form.cleaned_data.get("new_photos") or []
        if not files:
            return
        activity = form.instance
        alt_text = form.cleaned_data["new_photos_alt_text"].strip()
        start = max((photo.order for photo in activity.photos.all()), default=-1) + 1
        for offset, upload in enumerate(files):
            Photo.objects.create(
                activity=activity,
                image=upload,
                alt_text_en=f"{alt_text} ({offset + 1}/{len(files)})"
                if len(files) > 1
                else alt_text,
                order=start + offset,
            )
        messages.success(
            request,
            ngettext("%(count)d photo added.", "%(count)d photos added.", len(files))
            % {"count": len(files)},
        )

    @admin.action(description=_("Publish the selected activities"))
    def publish(self, request, queryset):
        for activity in queryset.filter(is_published=False):
            activity.is_published = True
            activity.save(update_fields=["is_published", "published_at", "updated_at"])

    @admin.action(description=_("Withdraw the selected activities from the site"))
    def unpublish(self, request, queryset):
        queryset.unpublish()


@admin.register(Photo)
class PhotoAdmin(
    UploadProgressAdminMixin,
    MissingTranslationsAdminMixin,
    SiteAdminMixin,
    HidesRelationsAdminMixin,
    TabbedTranslationAdmin,
):
    """Photos are added with their activity; this list finds captions left untranslated."""

    list_display = ("list_thumbnail", "alt_text", "caption", "activity", "state")
    list_display_links = ("alt_text",)
    list_select_related = ("activity",)
    list_filter = ("activity__programme",)
    search_fields = ("alt_text_en", "caption_en", "activity__title_en")
    fields = ("preview", "activity", "image", "alt_text", "caption", "order")
    readonly_fields = ("preview",)
    autocomplete_fields = ("activity",)

    @admin.display(description=_("photo"))
    def list_thumbnail(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("sizes for the site"), ordering="renditions_ready")
    def state(self, photo):
        return processing_state(photo)

    def get_urls(self):
        return [
            path(
                "<int:pk>/state/",
                self.admin_site.admin_view(self.photo_state),
                name="activities_photo_state",
            ),
            *super().get_urls(),
        ]

    def photo_state(self, request, pk):
        """Whether the photo's sizes for the site are made: {"ready": true|false}."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        photo = get_object_or_404(Photo.objects.only("pk", "renditions_ready"), pk=pk)
        response = JsonResponse({"ready": photo.renditions_ready})
        response["Cache-Control"] = "private, no-store"
        return response
