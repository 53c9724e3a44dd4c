"""Programmes imported from a spreadsheet (core/imports.py explains the import).

One row per programme, found by its slug (a new slug creates a programme, a known one updates
it); the sector by its slug or English name, partners by acronym or English name separated by
";"; the texts in one column per language (``name_en``, ``name_ar``, ``name_fr``…).
"""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import ArchiveResource, NaturalKeysWidget, NaturalKeyWidget, translated_columns

from .models import Organisation, Programme, Sector

TEXT_FIELDS = ("name", "summary", "description", "questionnaire_audience", "contact_name")


def partners_field():
    """Partners by acronym or English name, separated by ";" (programmes and activities)."""
    return fields.Field(
        attribute="partners",
        column_name="partners",
        widget=NaturalKeysWidget(Organisation, ("acronym", "name_en")),
    )


class ProgrammeResource(ArchiveResource):
    sector = fields.Field(
        attribute="sector",
        column_name="sector",
        widget=NaturalKeyWidget(Sector, ("slug", "name_en")),
    )
    partners = partners_field()
    is_active = fields.Field(
        attribute="is_active", column_name="is_active", widget=widgets.BooleanWidget(), default=True
    )
    order = fields.Field(
        attribute="order", column_name="order", widget=widgets.IntegerWidget(), default=0
    )

    class Meta(ArchiveResource.Meta):
        model = Programme
        fields = (
            "slug",
            "acronym",
            "sector",
            "launch_year",
            *translated_columns(Programme, *TEXT_FIELDS),
            "contact_email",
            "contact_phone",
            "partners",
            "legacy_path",
            "is_active",
            "order",
        )
        import_order = fields

    @classmethod
    def template_row(cls):
        example = _("TEMPLATE – example row: replace it with a real programme")
        return {
            "slug": "template-example",
            "acronym": "TEMPLATE",
            "sector": "",
            "name_en": example,
            "summary_en": _("This row only shows how to fill the columns; delete it."),
            "is_active": "0",
            "order": "0",
        }
