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


def _column(attribute, label):
    return fields.Field(attribute=attribute, column_name=label)


class FocalPointResource(SafeResource):
    country = _column("institution__country__code", _("Country"))
    institution = _column("institution__name", _("Institution"))
    kind = _column("institution__get_kind_display", _("Kind of institution"))
    name = _column("name", _("Your name"))
    position = _column("position", _("position"))
    email = _column("email", _("e-mail address"))
    language = _column("language", _("language"))
    confirmed_at = _column("confirmed_at", _("e-mail confirmed"))
    accepted_at = _column("accepted_at", _("accepted"))

    class Meta:
        model = FocalPoint
        fields = (
            "country",
            "institution",
            "kind",
            "name",
            "position",
            "email",
            "language",
            "confirmed_at",
            "accepted_at",
        )


class SubjectAnswerResource(SafeResource):
    """One row per institution, programme and main subject: easy to pivot in a spreadsheet."""

    country = _column("answer__institution__country__code", _("Country"))
    institution = _column("answer__institution__name", _("Institution"))
    programme = _column("answer__programme", _("Programme"))
    subject = _column("subject__name", _("Main subject"))
    needs_training = _column("needs_training", _("needs training"))
    priority = _column("get_priority_display", _("priority"))
    can_provide = _column("can_provide", _("can provide training or experts"))
    offer = _column("offer", _("what it can offer"))
    updated_at = _column("answer__updated_at", _("last updated"))

    class Meta:
        model = SubjectAnswer
        fields = (
            "country",
            "institution",
            "programme",
            "subject",
            "needs_training",
            "priority",
            "can_provide",
            "offer",
            "updated_at",
        )


class TorRequestResource(SafeResource):
    received = _column("created_at", _("received"))
    country = _column("institution__country__code", _("Country"))
    institution = _column("institution__name", _("Institution"))
    programme = _column("programme", _("Programme"))
    kind = _column("kind__name", _("Kind of activity"))
    objectives = _column("objectives", _("objectives"))
    desired_period = _column("desired_period", _("desired period"))
    participants = _column("participants", _("number of participants"))
    participant_profile = _column("participant_profile", _("profile of the participants"))
    language = _column("get_language_display", _("language of the activity"))
    mode = _column("get_mode_display", _("mode"))
    state = _column("get_state_display", _("State"))

    class Meta:
        model = TorRequest
        fields = (
            "received",
            "country",
            "institution",
            "programme",
            "kind",
            "objectives",
            "desired_period",
            "participants",
            "participant_profile",
            "language",
            "mode",
            "state",
        )
