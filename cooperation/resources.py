"""Columns of the cooperation exports (CSV and Excel) from the admin lists.

Headers are written in the language of the staff member who exports; no cell can run as a
spreadsheet formula (core.exports.escape_formula).
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from core.exports import escape_formula

from .models import FocalPoint, SubjectAnswer, TorRequest


class SafeResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None, **kwargs):
        return [str(field.column_name) for field in self.get_export_fields(selected_fields)]


def columns_resource(model, **columns):
    """A resource exporting exactly `columns`, in their order: name=(attribute, header)."""
    declared = {
        name: fields.Field(attribute=attribute, column_name=header)
        for name, (attribute, header) in columns.items()
    }
    meta = type("Meta", (), {"model": model, "fields": tuple(columns)})
    return type(
        f"{model.__name__}Resource",
        (SafeResource,),
        {"__module__": __name__, "Meta": meta, **declared},
    )


FocalPointResource = columns_resource(
    FocalPoint,
    country=("institution__country__code", _("Country")),
    institution=("institution__name", _("Institution")),
    kind=("institution__get_kind_display", _("Kind of institution")),
    name=("name", _("Your name")),
    position=("position", _("position")),
    email=("email", _("e-mail address")),
    language=("language", _("language")),
    confirmed_at=("confirmed_at", _("e-mail confirmed")),
    accepted_at=("accepted_at", _("accepted")),
)

# One row per institution, programme and main subject: easy to pivot in a spreadsheet.
SubjectAnswerResource = columns_resource(
    SubjectAnswer,
    country=("answer__institution__country__code", _("Country")),
    institution=("answer__institution__name", _("Institution")),
    programme=("answer__programme", _("Programme")),
    subject=("subject__name", _("Main subject")),
    needs_training=("needs_training", _("needs training")),
    priority=("get_priority_display", _("priority")),
    can_provide=("can_provide", _("can provide training or experts")),
    offer=("offer", _("what it can offer")),
    updated_at=("answer__updated_at", _("last updated")),
)

TorRequestResource = columns_resource(
    TorRequest,
    received=("created_at", _("received")),
    country=("institution__country__code", _("Country")),
    institution=("institution__name", _("Institution")),
    programme=("programme", _("Programme")),
    kind=("kind__name", _("Kind of activity")),
    objectives=("objectives", _("objectives")),
    desired_period=("desired_period", _("desired period")),
    participants=("participants", _("number of participants")),
    participant_profile=("participant_profile", _("profile of the participants")),
    language=("get_language_display", _("language of the activity")),
    mode=("get_mode_display", _("mode")),
    state=("get_state_display", _("State")),
)
