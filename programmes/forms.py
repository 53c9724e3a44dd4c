from django import forms
from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.collation import collated
from core.i18n import LANGUAGE_NAMES_LOCAL, localised_name
from core.widgets import use_fast_selects

from .models import DocumentKind, Programme, Sector


class SlugChoiceField(forms.ModelChoiceField):
    """A choice among rows given by their ASCII slug (the same in every language)."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


class CatalogueFilterForm(forms.Form):
    sector = SlugChoiceField(
        Sector.objects.none(),
        label=_("Sector"),
        empty_label=_("All sectors"),
        error_messages={"invalid_choice": _("There is no such sector; all sectors are shown.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        self.fields["sector"].queryset = (
            Sector.objects.filter(programmes__is_active=True).distinct().order_by("order", "slug")
        )


class DownloadsFilterForm(forms.Form):
    programme = SlugChoiceField(
        Programme.objects.none(),
        label=_("Programme"),
        empty_label=_("All programmes"),
        error_messages={"invalid_choice": _("There is no such programme; all are shown.")},
    )
    kind = SlugChoiceField(
        DocumentKind.objects.none(),
        label=_("Document"),
        empty_label=_("All documents"),
        error_messages={"invalid_choice": _("There is no such document kind; all are shown.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        error_messages={"invalid_choice": _("This language is not offered; all are shown.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_selects(self)
        self.fields["programme"].queryset = (
            Programme.objects.active()
            .filter(documents__isnull=False)
            .distinct()
            .order_by("order", "slug")
        )
        self.fields["kind"].queryset = DocumentKind.objects.annotate(
            localised_name=localised_name()
        ).order_by("order", collated(F("localised_name")))
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, LANGUAGE_NAMES_LOCAL.get(code, code)) for code, _name in settings.LANGUAGES
        ]

    def filter(self, documents):
        """Apply the filters that are valid; the others are left out (see `errors`)."""
        if not self.is_bound:
            return documents
        self.is_valid()
        # After validation cleaned_data holds only the fields whose values were valid.
        data = self.cleaned_data
        if data.get("programme"):
            documents = documents.filter(programme=data["programme"])
        if data.get("kind"):
            documents = documents.filter(kind=data["kind"])
        if self.chosen_language:
            documents = documents.in_language(self.chosen_language)
        return documents

    @property
    def chosen_language(self):
        """The one language asked for and offered, or None for all of them."""
        return getattr(self, "cleaned_data", {}).get("language") or None

    @property
    def active(self):
        """Whether a valid filter narrows the list."""
        return any(getattr(self, "cleaned_data", {}).values())
