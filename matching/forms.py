from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Kind
from cooperation.models import Institution
from core.countries import member_state_choices
from experts.models import Expert

from .models import Availability


def dates_in_order(form, first, second, message):
    """The error on the second date field when both are given and it comes before the first."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(second)
    if start and end and end < start:
        form.add_error(second, message)


class MatchForm(forms.Form):
    """What a roster manager picks among the suggestions (or a provider country of their own)."""

    institutions = forms.ModelMultipleChoiceField(
        Institution.objects.all(),
        required=False,
        label=_("Provider institutions"),
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        choices=member_state_choices,
        required=False,
        label=_("Other provider countries"),
        help_text=_("The countries of the institutions chosen are added to these."),
    )
    experts = forms.ModelMultipleChoiceField(
        Expert.objects.filter(status=Expert.Status.APPROVED),
        required=False,
        label=_("Experts"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institutions") and not cleaned.get("countries"):
            raise forms.ValidationError(
                _("Choose at least one provider institution or provider country.")
            )
        return cleaned


class ActivityFromRequestForm(forms.Form):
    title = forms.CharField(label=_("Title (English)"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a one-day activity."),
    )
    summary = forms.CharField(
        label=_("Short summary (English)"), max_length=600, widget=forms.Textarea
    )
    provider_countries = forms.MultipleChoiceField(
        label=_("Provider countries"), choices=member_state_choices
    )
    beneficiary_countries = forms.MultipleChoiceField(
        label=_("Beneficiary countries (member countries reached)"), choices=member_state_choices
    )
    experts = forms.ModelMultipleChoiceField(
        Expert.objects.none(),
        required=False,
        label=_("Experts who will serve"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self, "start_date", "end_date", _("The end date cannot be before the start date.")
        )
        return cleaned


class AvailabilityForm(forms.ModelForm):
    """The dates an expert gives on their record page (both optional)."""

    class Meta:
        model = Availability
        fields = ("available_from", "available_until")
        widgets = {
            "available_from": forms.DateInput(attrs={"type": "date"}),
            "available_until": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "available_from": _("Leave empty if you can serve now."),
            "available_until": _("Leave empty if you have no end date."),
        }

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self,
            "available_from",
            "available_until",
            _("This date cannot be before the first one."),
        )
        return cleaned
