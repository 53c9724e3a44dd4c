from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.text import invisible_characters, longest_mark_run, normalise_email

from .models import Institution


class HoneypotMixin(forms.Form):
    # Hidden from people (and from assistive technology), filled by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def honeypot_filled(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class EmailField(forms.EmailField):
    def to_python(self, value):
        return normalise_email(super().to_python(value))


def _clean_text(value):
    if invisible_characters(value) or longest_mark_run(value) > 3:
        raise forms.ValidationError(_("Remove the invisible or stacked characters."))
    return value


class RegistrationForm(HoneypotMixin):
    """An institution and the person who will answer for it."""

    country = forms.ChoiceField(label=_("Country"), choices=[])
    institution = forms.CharField(label=_("Name of the institution"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind of institution"), choices=Institution.Kind.choices)
    name = forms.CharField(label=_("Your name"), max_length=200)
    position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    email = EmailField(label=_("Your e-mail address"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the country names follow the language of the request.
        self.fields["country"].choices = [("", "---------"), *countries]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_institution(self):
        return _clean_text(self.cleaned_data["institution"])

    def clean_name(self):
        return _clean_text(self.cleaned_data["name"])

    def clean_position(self):
        return _clean_text(self.cleaned_data["position"])


class LinkRequestForm(HoneypotMixin):
    email = EmailField(label=_("Your e-mail address"), max_length=254)
