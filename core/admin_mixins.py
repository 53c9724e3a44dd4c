"""What the site's admins share: the strict CSP nonce for form media, the direction of each
language's fields, the publication state and buttons of a page."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from js_asset import Media

from .translations import missing_fields, target_languages, untranslated_q

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def field_language(name):
    """The language of a modeltranslation field from its name (``title_ar`` -> ``ar``), or None."""
    prefix, sep, code = name.rpartition("_")
    return code if sep and prefix and code in LANGUAGE_CODES else None


class TranslatedFieldDirectionMixin:
    """Each translated input takes the direction and language of its language.

    Arabic typed in a left-to-right box looks backwards until saved; ``dir`` and ``lang`` also
    give screen readers and spell checkers the right language.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        code = field_language(db_field.name)
        if field is not None and code and hasattr(field.widget, "attrs"):
            field.widget.attrs["lang"] = code
            field.widget.attrs["dir"] = "rtl" if get_language_info(code)["bidi"] else "ltr"
            if code == LANGUAGE_CODES[0]:
                field.widget.attrs["data-side-by-side"] = json.dumps(side_by_side_texts())
        return field

    @property
    def media(self):
        return super().media + forms.Media(js=[SIDE_BY_SIDE_JS])


# Two languages side by side (core/static/core/side-by-side.js): beside modeltranslation's
# tabs, translators may see the English fields and those of one other language in two columns.
SIDE_BY_SIDE_JS = "core/side-by-side.js"


def side_by_side_texts():
    """The switch's texts in the admin's language; the script reads them from the English
    fields (the admin has no JavaScript catalogue of the site's own)."""
    return {
        "toggle": _("Show English and another language side by side"),
        "second": _("Other language"),
        "languages": {code: _language_name(code) for code in LANGUAGE_CODES},
    }


class CSPNonceMediaMixin:
    """Render the form media with the request's CSP nonce.

    The rich-text editor loads its modules through an import map, which can only be an inline
    ``<script type="importmap">``: the nonce lets exactly that script run, the policy keeps
    refusing any other inline script.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        nonce = getattr(request, "csp_nonce", None)
        if media is not None and nonce is not None:
            context["media"] = Media.from_media(media, nonce=str(nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class SiteAdminMixin(CSPNonceMediaMixin, TranslatedFieldDirectionMixin):
    """The site's admin behaviour; put it before the modeltranslation admin class."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["core/admin.css"]})


class PublicationAdminMixin:
    """The change form says whether the page is public and offers to publish or withdraw it.

    The buttons run the admin's own ``publish`` / ``unpublish`` actions on the saved object, so
    what follows a publication (search index, cached pages) is the same from both places.
    """

    published_field = "is_published"

    def is_public(self, obj):
        return obj is not None and obj.pk is not None and getattr(obj, self.published_field)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["is_public"] = self.is_public(obj)
        context["public_url"] = obj.get_absolute_url() if obj is not None and obj.pk else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _apply_publication(self, request, obj):
        if "_publish" in request.POST:
            action = self.publish
        elif "_unpublish" in request.POST:
            action = self.unpublish
        else:
            return None
        action(request, self.model._default_manager.filter(pk=obj.pk))
        obj.refresh_from_db()
        message = (
            _("“%(object)s” is now public.")
            if self.is_public(obj)
            else _("“%(object)s” is no longer on the site: only staff can see it.")
        )
        self.message_user(request, message % {"object": obj}, messages.SUCCESS)
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self._apply_publication(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._apply_publication(request, obj) or super().response_change(request, obj)


def _language_name(code):
    return str(get_language_info(code)["name_translated"])


class MissingTranslationFilter(SimpleListFilter):
    title = gettext_lazy("missing a translation")
    parameter_name = "untranslated"

    def lookups(self, request, model_admin):
        return [(code, _language_name(code)) for code in target_languages()]

    def queryset(self, request, queryset):
        if self.value() not in target_languages():
            return queryset
        return queryset.filter(untranslated_q(queryset.model, self.value()))


class MissingTranslationsAdminMixin:
    """A "missing translations" column and filter for a model translated with modeltranslation.

    The column reads the row's own fields: no query per row.
    """

    def get_list_display(self, request):
        return (*super().get_list_display(request), "missing_translations")

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), MissingTranslationFilter)

    @admin_display(description=gettext_lazy("missing translations"))
    def missing_translations(self, obj):
        missing = missing_fields(obj)
        if not missing:
            return _("none")
        return format_html_join(
            "",
            "<div><strong>{}</strong>: {}</div>",
            ((_language_name(code), ", ".join(names)) for code, names in missing.items()),
        )


# -- Upload progress (core/static/core/upload-progress.js) ----------------------------------

UPLOAD_PROGRESS_JS = "core/upload-progress.js"
PROCESSING_STATE_JS = "core/processing-state.js"
UPLOAD_PROGRESS_HEADER = "X-Upload-Progress"


def upload_progress_texts():
    """What the progress bar says, in the admin's language (read by the script)."""
    return {
        "label": _("Sending the files"),
        # Translators: percent, sent and total are numbers; sent and total in megabytes.
        "sending": _("Sending the files: %(percent)s%% (%(sent)s of %(total)s MB)."),
        "processing": _("Files sent. The site is checking and storing them…"),
        "done": _("Saved. Opening the page…"),
        "again": _("The form needs corrections: showing them…"),
        "failed": _(
            "The connection was lost before the files were sent. Nothing was saved: send the "
            "form again."
        ),
    }


class UploadProgressWidgetMixin:
    """A file input that the upload script watches; its texts are rendered per request."""

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-upload-progress": json.dumps(upload_progress_texts())}
        return super().get_context(name, value, attrs)


class ProgressAdminFileWidget(UploadProgressWidgetMixin, AdminFileWidget):
    pass


class UploadProgressFieldsMixin:
    """File fields of this admin (or inline) show the upload progress."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            isinstance(db_field, models.FileField)
            and field is not None
            and type(field.widget) is AdminFileWidget
        ):
            field.widget = ProgressAdminFileWidget(attrs=field.widget.attrs)
        return field


class UploadProgressAdminMixin(UploadProgressFieldsMixin):
    """The change form sends its files with a progress bar. A request from the script gets
    its redirect as JSON (``{"location": …}``) so that the script opens the next page; the
    session's messages wait for that page."""

    @property
    def media(self):
        return super().media + forms.Media(js=[UPLOAD_PROGRESS_JS, PROCESSING_STATE_JS])

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        if request.headers.get(UPLOAD_PROGRESS_HEADER) and response.status_code in (301, 302, 303):
            return JsonResponse({"location": response["Location"]})
        return response
