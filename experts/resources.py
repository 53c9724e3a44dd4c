"""The columns of the roster export (CSV and Excel) from the admin list.

Headers and choice values are written in the language of the roster manager who exports,
dates and times as ISO 8601 with their offset, and no cell can run as a spreadsheet formula.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from core.exports import escape_formula

from .models import IDENTITY_FIELDS, PROFESSION_FIELDS, Expert


class IsoDateTimeWidget(widgets.DateTimeWidget):
    """An aware date and time in ISO 8601, e.g. 2025-06-01T13:05:00+03:00, in every format.

    Excel cannot hold a time zone, so the value is written as text there too.
    """

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime):
            return ""
        return timezone.localtime(value).isoformat(timespec="seconds")


def _datetime(name):
    return fields.Field(attribute=name, column_name=name, widget=IsoDateTimeWidget())


def _choice_label(name):
    return fields.Field(attribute=f"get_{name}_display", column_name=name)


class ExpertResource(resources.ModelResource):
    title = _choice_label("title")
    nationality = fields.Field(attribute="nationality__name", column_name="nationality")
    country_of_residence = fields.Field(
        attribute="country_of_residence__name", column_name="country_of_residence"
    )
    sector = _choice_label("sector")
    highest_degree = _choice_label("highest_degree")
    programmes = fields.Field(column_name="programmes")
    subjects = fields.Field(column_name="subjects")
    languages = fields.Field(column_name="languages")
    status = _choice_label("status")
    created_at = _datetime("created_at")
    confirmed_at = _datetime("confirmed_at")
    reviewed_at = _datetime("reviewed_at")
    reviewed_by = fields.Field(attribute="reviewed_by__username", column_name="reviewed_by")

    class Meta:
        model = Expert
        fields = (
            "id",
            *IDENTITY_FIELDS,
            *PROFESSION_FIELDS,
            "programmes",
            "subjects",
            "languages",
            "summary",
            "status",
            "created_at",
            "confirmed_at",
            "reviewed_at",
            "reviewed_by",
            "consent_version",
        )
        export_order = fields

    @classmethod
    def header(cls, name):
        """The column's label in the active language: the model field's verbose name."""
        if name == "id":
            return "ID"
        if name == "languages":
            return capfirst(_("working languages"))
        return capfirst(Expert._meta.get_field(name).verbose_name)

    def get_export_headers(self, selected_fields=None):
        return [
            str(self.header(field.column_name)) for field in self.get_export_fields(selected_fields)
        ]

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_programmes(self, expert):
        return "; ".join(str(programme) for programme in expert.programmes.all())

    def dehydrate_subjects(self, expert):
        return "; ".join(subject.name for subject in expert.subjects.all())

    def dehydrate_languages(self, expert):
        return "; ".join(str(row) for row in expert.languages.all())
