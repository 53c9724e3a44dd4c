import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.widgets import use_fast_selects
from programmes.models import Programme

from .models import Activity, Kind


class ActivityFilterForm(forms.Form):
    """The filters of the activities index; invalid values are reported and ignored."""

    MODE_CHOICES = [
        ("", _("Any format")),
        ("virtual", _("Virtual")),
        ("in-person", _("In person")),
    ]

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All programmes"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    provider = forms.ChoiceField(label=_("Provider country"), required=False)
    beneficiary = forms.ChoiceField(label=_("Beneficiary country"), required=False)
    mode = forms.ChoiceField(label=_("Format"), choices=MODE_CHOICES, required=False)

    def __init__(
        self,
        data=None,
        *,
        years=(),
        country_codes=(),
        provider_codes=(),
        beneficiary_codes=(),
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        use_fast_selects(self)
        self.fields["programme"].queryset = Programme.objects.filter(
            activities__is_published=True
        ).distinct()
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        # django-countries lists the countries in UCA order of the active language (pyuca).
        for name, codes in (
            ("country", country_codes),
            ("provider", provider_codes),
            ("beneficiary", beneficiary_codes),
        ):
            wanted = set(codes)
            self.fields[name].choices = [("", _("All countries"))] + [
                (code, label) for code, label in countries if code in wanted
            ]

    def filter(self, queryset):
        """Apply the filters that are valid; the others are left out (see `errors`)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        # After validation cleaned_data holds only the fields whose values were valid.
        data = self.cleaned_data
        if data.get("programme"):
            queryset = queryset.filter(programme=data["programme"])
        if data.get("year"):
            queryset = queryset.filter(start_date__year=data["year"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("country"):
            queryset = queryset.filter(country=data["country"])
        # Provider and beneficiary countries are comma-separated ISO codes in one column.
        if data.get("provider"):
            queryset = queryset.filter(provider_countries__regex=_listed(data["provider"]))
        if data.get("beneficiary"):
            queryset = queryset.filter(member_countries__regex=_listed(data["beneficiary"]))
        if data.get("mode") == "virtual":
            queryset = queryset.filter(is_virtual=True)
        elif data.get("mode") == "in-person":
            queryset = queryset.filter(is_virtual=False)
        return queryset

    @property
    def active(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _listed(code):
    """A regular expression matching `code` as one item of a comma-separated list."""
    return rf"(^|,){re.escape(code)}(,|$)"


def _codes(value):
    """The ISO codes of a multiple country column, as the database driver returns it."""
    if not value:
        return []
    if isinstance(value, str):
        return value.split(",")
    return [str(getattr(country, "code", country)) for country in value]


def filter_options():
    """Years and the venue, provider and beneficiary countries that published activities
    actually have (two small queries)."""
    published = Activity.objects.published().order_by()
    years = sorted(
        {d.year for d in published.filter(start_date__isnull=False).dates("start_date", "year")},
        reverse=True,
    )
    venues, providers, beneficiaries = set(), set(), set()
    for venue, provider, beneficiary in published.values_list(
        "country", "provider_countries", "member_countries"
    ).distinct():
        venues.add(venue)
        providers.update(_codes(provider))
        beneficiaries.update(_codes(beneficiary))
    return {
        "years": years,
        "country_codes": sorted(venues - {""}),
        "provider_codes": sorted(providers - {""}),
        "beneficiary_codes": sorted(beneficiaries - {""}),
    }
