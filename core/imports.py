"""Bringing the archive in: spreadsheets (CSV or Excel) imported in the admin.

django-import-export does the work (upload, preview, confirm); this module makes it safe and
plain for staff:

* **Who**: only staff who may add the model (``has_import_permission``); a row that would
  change an existing entry also needs the change permission.
* **What is read**: a CSV (UTF-8) or XLSX file of at most ``ARCHIVE_IMPORT_MAX_SIZE`` bytes and
  ``ARCHIVE_IMPORT_MAX_ROWS`` rows, checked by its content (an XLSX goes through
  ``core.uploads.OfficeUploadValidator``: no macros, bounded unpacking); the format follows
  from the file's content, not from a choice that could contradict it.
* **Between preview and confirm** the file waits in the private storage (shared by every app
  server, never served) under ``imports/``; the confirm form names it by a random id only.
* **All or nothing**: the preview runs in a transaction that is rolled back; the confirmed
  import runs in one transaction that is rolled back if any row has an error, and then the page
  shows the errors again instead of a success message.
* **Freshness**: rows are saved one by one with ``save()`` (``use_bulk`` stays off), so the
  search index and the page cache hear of every imported row through their signals
  (core/freshness.py, search/signals.py); many-to-many columns send ``m2m_changed``.
* **Errors per row** are ValidationErrors with translated messages, shown in the admin's
  language; unknown columns are an error (a misspelt ``titel_fr`` would otherwise be ignored).

Resources (programmes/resources.py, activities/resources.py) subclass ``ArchiveResource`` and
declare their columns with the helpers below (``translated_columns``, ``NaturalKeyWidget``,
``NaturalKeysWidget``, ``CountryCodeWidget``, ``CountryCodesWidget``) and a ``template_row()``
for the downloadable template; the admin mixin is ``ArchiveImportMixin``. A new column is one
entry in the resource's ``Meta.fields`` (plus a declared field when it needs a widget).
"""

import re
import uuid
from difflib import SequenceMatcher

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export import resources, widgets
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from modeltranslation.translator import translator
from tablib import Dataset

from .exports import escape_formula, spreadsheet_response
from .uploads import OfficeUploadValidator

LIST_SEPARATOR = ";"


class ExcelCSV(CSV):
    """A CSV as Excel saves it in any locale: separated by commas, or by semicolons where the
    comma is the decimal mark (French Excel)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        header = in_stream.split("\n", 1)[0]
        if header.count(";") > header.count(","):
            kwargs.setdefault("delimiter", ";")
        return super().create_dataset(in_stream, **kwargs)


FORMATS = {".csv": ExcelCSV, ".xlsx": XLSX}
STORAGE_FOLDER = "imports"
STORED_NAME = re.compile(r"[0-9a-f]{32}")


def _language_codes():
    return [code for code, _name in settings.LANGUAGES]


def translated_columns(model, *names):
    """``name_en``, ``name_ar``, ``name_fr``… for each translated field named (all if none)."""
    options = translator.get_options_for_model(model)
    names = names or sorted(options.all_fields)
    return tuple(f"{name}_{code}" for name in names for code in _language_codes())


# -- Widgets: foreign keys by their natural identifiers, with translated errors -------------


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key given by a natural identifier (a slug, an acronym or English name)."""

    def __init__(self, model, lookups=("slug",), **kwargs):
        self.lookups = tuple(lookups)
        super().__init__(model, field=self.lookups[0], **kwargs)

    def find(self, value):
        value = str(value).strip()
        for lookup in self.lookups:
            found = list(self.model._default_manager.filter(**{f"{lookup}__iexact": value})[:2])
            if len(found) == 1:
                return found[0]
        raise ValueError(
            # Translators: model is e.g. "programme", value what the spreadsheet says.
            _("No %(model)s is known as “%(value)s”.")
            % {"model": self.model._meta.verbose_name, "value": value}
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return self.find(value)


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related rows in one cell, separated by ";" (partners by acronym or name)."""

    def __init__(self, model, lookups, **kwargs):
        super().__init__(model, separator=LIST_SEPARATOR, field=lookups[0], **kwargs)
        self.single = NaturalKeyWidget(model, lookups)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        return [self.single.find(part) for part in str(value).split(self.separator) if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return self.separator.join(str(item) for item in value.all()) if value else ""


class CountryCodeWidget(widgets.Widget):
    """A country by its ISO 3166 code ("TR"); empty allowed."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip().upper()
        if code and code not in countries:
            raise ValueError(
                _("“%(value)s” is not an ISO country code (e.g. TR).") % {"value": code}
            )
        return code


class CountryCodesWidget(widgets.Widget):
    """Countries by ISO code separated by ";", among ``allowed`` (a callable) when given."""

    def __init__(self, allowed=None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = [part.strip().upper() for part in str(value or "").split(LIST_SEPARATOR)]
        codes = list(dict.fromkeys(code for code in codes if code))
        allowed = set(self.allowed()) if self.allowed else set(dict(countries))
        wrong = [code for code in codes if code not in allowed]
        if wrong:
            raise ValueError(
                _("Not accepted here: %(codes)s. Give ISO codes of OIC member states (e.g. TR).")
                % {"codes": ", ".join(wrong)}
            )
        return codes

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(str(code) for code in value or [])


# -- The resource base ----------------------------------------------------------------------


class ImportProblem(Exception):
    """What is wrong with the whole file (shown as its message, never as a traceback)."""


class ClassedDiff(resources.Diff):
    """The preview's changes marked with <ins>/<del> and classes: diff-match-patch's own HTML
    carries style attributes, which the strict CSP refuses."""

    def as_html(self):
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            before, after = force_str(before), force_str(after)
            if before != after and self.new:
                before = ""
            parts = []
            matcher = SequenceMatcher(None, before, after, autojunk=False)
            for operation, i1, i2, j1, j2 in matcher.get_opcodes():
                if operation == "equal":
                    parts.append(conditional_escape(after[j1:j2]))
                    continue
                if i2 > i1:
                    parts.append(format_html('<del class="import-diff">{}</del>', before[i1:i2]))
                if j2 > j1:
                    parts.append(format_html('<ins class="import-diff">{}</ins>', after[j1:j2]))
            cells.append(mark_safe("".join(str(part) for part in parts)))  # noqa: S308 - escaped
        return cells


class ArchiveResource(resources.ModelResource):
    """Rows saved one by one (signals reach the search index and the page cache), validated by
    the model's own ``full_clean``, in one transaction; English required where the model
    requires the text."""

    class Meta:
        import_id_fields = ("slug",)  # every imported model has one, the same in all languages
        use_transactions = True
        use_bulk = False  # bulk_create would send no post_save: freshness would not be told
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_diff_class(self):
        return ClassedDiff

    @classmethod
    def template_row(cls):
        """{column: value} of the template's example row (it says it is an example)."""
        raise NotImplementedError

    def column_names(self):
        return [field.column_name for field in self.get_import_fields()]

    def before_import(self, dataset, **kwargs):
        headers = [str(header or "").strip() for header in dataset.headers or []]
        known = set(self.column_names())
        unknown = [header for header in headers if header and header not in known]
        if unknown:
            raise ImportProblem(
                _(
                    "Unknown columns: %(columns)s. Use the column names of the template "
                    "(download it from this page)."
                )
                % {"columns": ", ".join(unknown)}
            )
        missing = [name for name in self.get_import_id_fields() if name not in headers]
        if missing:
            raise ImportProblem(
                _("The file has no “%(column)s” column: each row needs it.")
                % {"column": missing[0]}
            )
        dataset.headers = headers
        limit = settings.ARCHIVE_IMPORT_MAX_ROWS
        if len(dataset) > limit:
            raise ImportProblem(
                _("The file has %(count)d rows; import at most %(limit)d at a time.")
                % {"count": len(dataset), "limit": limit}
            )

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if not new and self.user is not None:
            opts = self._meta.model._meta
            if not self.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                raise ValidationError(
                    _("“%(object)s” already exists and you may not change it.")
                    % {"object": instance}
                )
        return instance, new

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many cells are only read when saved: check them now, with the others.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.column_name] = [str(error)]
        model = self._meta.model
        for name in translator.get_options_for_model(model).all_fields:
            column = f"{name}_en"
            required = not model._meta.get_field(name).blank
            if required and column in self.column_names() and not getattr(instance, column):
                errors.setdefault(column, []).append(_("Required in English."))
        if errors:
            raise ValidationError(errors)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


# -- Upload and storage ---------------------------------------------------------------------

workbook_validator = OfficeUploadValidator([".xlsx"], "ARCHIVE_IMPORT")


def check_csv(upload):
    """A CSV of at most the size limit, in UTF-8 (a byte-order mark allowed), with no NUL."""
    limit = settings.ARCHIVE_IMPORT_MAX_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("This file is empty."))
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("This CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")
        ) from error
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV file: it contains binary data."))


class ArchiveImportForm(ImportForm):
    """The file decides its format (by its extension, checked against its content)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = list(formats)
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        self.fields["import_file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["import_file"].help_text = gettext_lazy(
            "A CSV file (UTF-8) or an Excel workbook (.xlsx), at most %(size)s and %(rows)s "
            "rows. Nothing is saved before you confirm the preview."
        ) % {
            "size": filesizeformat(settings.ARCHIVE_IMPORT_MAX_SIZE),
            "rows": settings.ARCHIVE_IMPORT_MAX_ROWS,
        }

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in FORMATS:
            raise ValidationError(_("Import a .csv or .xlsx file."))
        if extension == ".xlsx":
            workbook_validator(upload)
        else:
            check_csv(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None:
            extension = "." + upload.name.rsplit(".", 1)[-1].lower()
            cleaned["format"] = str(self.formats.index(FORMATS[extension]))
        return cleaned


class ArchiveConfirmForm(ConfirmImportForm):
    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not STORED_NAME.fullmatch(name):
            raise ValidationError(_("This import has expired; upload the file again."))
        return name


class PrivateImportStorage:
    """The file between preview and confirm, in the private storage (every app server sees it,
    nobody can download it). An abandoned preview's file is removed by ``sweep_uploads``."""

    def __init__(self, name=None, encoding=None, read_mode="rb", **_kwargs):
        self.name = name
        self.encoding = encoding

    @property
    def path(self):
        return f"{STORAGE_FOLDER}/{self.name}"

    def save(self, data):
        self.name = self.name or uuid.uuid4().hex
        storages["private"].save(self.path, ContentFile(data))

    def read(self):
        with storages["private"].open(self.path, "rb") as stored:
            return stored.read()

    def remove(self):
        storages["private"].delete(self.path)


# -- The admin ------------------------------------------------------------------------------


class ArchiveImportMixin(ImportMixin):
    """Import from CSV or Excel in the admin (see the module's docstring)."""

    import_form_class = ArchiveImportForm
    confirm_form_class = ArchiveConfirmForm
    import_template_name = "admin/core/import.html"
    tmp_storage_class = PrivateImportStorage
    formats = [ExcelCSV, XLSX]
    from_encoding = "utf-8-sig"
    skip_import_confirm = False

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def write_to_tmp_storage(self, import_file, input_format):
        storage = self.get_tmp_storage_class()()
        import_file.seek(0)
        storage.save(import_file.read())
        return storage

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name")
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form, **kwargs)
        )
        return resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=file_name,
            user=request.user,
            retain_instance_in_row_result=True,
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back: nothing was imported. Show why, with a fresh form.
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                "title": _("Import"),
                "form": self.create_import_form(request),
                "opts": self.model._meta,
                "result": result,
                "nothing_imported": True,
                "import_error_display": ("message",),
            }
            context["media"] = self.media + context["form"].media
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def create_import_form(self, request):
        if request.method == "POST" and "import_file" not in request.FILES:
            # process_result after a failed confirmation: an empty form, not the confirm data.
            return self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            )
        return super().create_import_form(request)

    def get_import_context_data(self, **kwargs):
        info = self.opts.app_label, self.opts.model_name
        return {
            **super().get_import_context_data(**kwargs),
            "template_links": [
                (label, reverse(f"admin:{info[0]}_{info[1]}_import_template", args=[extension]))
                for extension, label in (("csv", "CSV"), ("xlsx", "Excel"))
            ],
            "list_separator": LIST_SEPARATOR,
        }

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template(self, request, extension):
        """The columns this import reads, with one example row that says it is an example."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in ("csv", "xlsx"):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class()
        columns = resource.column_names()
        example = resource_class.template_row()
        dataset = Dataset(headers=columns, title=str(_("Template")))
        dataset.append([example.get(column, "") for column in columns])
        return spreadsheet_response(dataset, extension, f"{self.opts.model_name}-import-template")
