"""Activities imported from a spreadsheet (core/imports.py explains the import).

One row per activity, found by its slug; the programme by its slug or acronym, partners by
acronym or English name separated by ";", the country by its ISO code, the member countries
reached by ISO codes separated by ";" (OIC member states only, as in the admin), dates as
YYYY-MM-DD, the kind by its code (``training-course``…), the texts in one column per language.
Photos are not imported: add them in the activity's page.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import (
    ArchiveResource,
    CountryCodesWidget,
    CountryCodeWidget,
    NaturalKeyWidget,
    translated_columns,
)
from programmes.models import Programme
from programmes.resources import partners_field

from .models import Activity

DATE_FORMAT = "%Y-%m-%d"


def member_states():
    return settings.OIC_MEMBER_STATES


class ActivityResource(ArchiveResource):
    programme = fields.Field(
        attribute="programme",
        column_name="programme",
        widget=NaturalKeyWidget(Programme, ("slug", "acronym")),
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=widgets.DateWidget(DATE_FORMAT)
    )
    end_date = fields.Field(
        attribute="end_date", column_name="end_date", widget=widgets.DateWidget(DATE_FORMAT)
    )
    is_virtual = fields.Field(
        attribute="is_virtual",
        column_name="is_virtual",
        widget=widgets.BooleanWidget(),
        default=False,
    )
    is_published = fields.Field(
        attribute="is_published",
        column_name="is_published",
        widget=widgets.BooleanWidget(),
        default=False,
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryCodeWidget())
    member_countries = fields.Field(
        attribute="member_countries",
        column_name="member_countries",
        widget=CountryCodesWidget(allowed=member_states),
    )
    partners = partners_field()

    class Meta(ArchiveResource.Meta):
        model = Activity
        fields = (
            "slug",
            "programme",
            "kind",
            "edition",
            *translated_columns(Activity, "title", "theme"),
            "start_date",
            "end_date",
            "is_virtual",
            *translated_columns(Activity, "host_office", "city"),
            "country",
            "partners",
            "participants",
            "countries_count",
            "member_countries",
            *translated_columns(Activity, "summary", "body"),
            "legacy_id",
            "is_published",
        )
        import_order = fields

    @classmethod
    def template_row(cls):
        programme = Programme.objects.order_by("order", "slug").values_list("slug", flat=True)
        return {
            "slug": "template-example",
            "programme": programme.first() or "",
            "kind": "training-course",
            "title_en": _("TEMPLATE – example row: replace it with a real activity"),
            "start_date": "2020-01-31",
            "end_date": "2020-02-02",
            "is_virtual": "0",
            "country": "TR",
            "member_countries": "TR;AZ",
            "summary_en": _("This row only shows how to fill the columns; delete it."),
            "is_published": "0",
        }
