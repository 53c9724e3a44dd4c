import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core import kept_uploads
from core.text import MAX_COMBINING_MARKS, invisible_characters, longest_mark_run
from core.widgets import FixedChoices, use_fast_widgets
from programmes.models import MainSubject, Programme

from .cv import validate_cv
from .models import PROFILE_FIELDS, WORKING_LANGUAGES, Expert, ExpertLanguage, normalise_email

SUMMARY_MIN = 50
SUMMARY_MAX = 2000
PHONE_SEPARATORS = str.maketrans("", "", " -.()/\u00a0")
PHONE_TYPED_MAX = 32
CV_ACCEPT = ",".join(
    [
        ".pdf",
        ".docx",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
)


KEPT_CV = "experts.cv"


def _has_letter(value):
    return any(character.isalpha() for character in value)


class NormalisedEmailField(forms.EmailField):
    """Normalised before it is validated: a full-width or Unicode domain is checked as stored."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))


def _refuse_hidden_characters(value, allowed=""):
    if invisible_characters(value, allowed):
        raise ValidationError(
            _(
                "Remove the invisible characters (such as direction or zero-width marks) "
                "from this field."
            ),
            code="invisible_characters",
        )
    if longest_mark_run(value) > MAX_COMBINING_MARKS:
        raise ValidationError(
            ngettext_lazy(
                "Use at most %(count)d accent on one letter.",
                "Use at most %(count)d accents on one letter.",
                MAX_COMBINING_MARKS,
            )
            % {"count": MAX_COMBINING_MARKS},
            code="stacked_marks",
        )


# The <select>s whose choices depend only on the language (core.widgets.use_fast_widgets).
FIXED_CHOICES = ("title", "nationality", "country_of_residence", "sector", "highest_degree")
_COUNTRY_CHOICES = {}


def _country_choices():
    """Every country, sorted in the active language, after "Choose a country": built once per
    process and language (django-countries translates and sorts the 250 names each time)."""
    language = get_language()
    if language not in _COUNTRY_CHOICES:
        countries = list(Expert._meta.get_field("nationality").formfield().choices)[1:]
        _COUNTRY_CHOICES[language] = FixedChoices([("", _("Choose a country")), *countries])
    return _COUNTRY_CHOICES[language]


class ExpertForm(forms.ModelForm):
    """Registration and, with update=True, the changes an expert makes through an e-mailed link."""

    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes you can serve"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one programme.")},
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Main subjects"),
        queryset=MainSubject.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cv = forms.FileField(
        label=_("CV"),
        widget=forms.FileInput(attrs={"accept": CV_ACCEPT}),
        error_messages={"required": _("Attach your CV as a PDF or Word (.docx) document.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that SESRIC processes the data in this form to manage the Roster of "
            "Experts, as the privacy notice above describes."
        ),
        error_messages={"required": _("Your consent is needed to add you to the roster.")},
    )
    # The honeypot: hidden from people (and from assistive technology), filled by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The signed reference to a CV kept from a refused submission (core.kept_uploads).
    kept_cv = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Expert
        fields = list(PROFILE_FIELDS)
        field_classes = {"email": NormalisedEmailField}
        widgets = {
            "title": forms.Select(attrs={"autocomplete": "honorific-prefix"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}
            ),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "years_of_experience": forms.NumberInput(attrs={"min": 0, "max": 70}),
            "summary": forms.Textarea(attrs={"rows": 8, "maxlength": SUMMARY_MAX}),
        }
        help_texts = {
            "phone": _("International format with the country code, e.g. +90 312 468 6172."),
        }
        error_messages = {
            "given_name": {"required": _("Enter your given name.")},
            "family_name": {"required": _("Enter your family name.")},
            "nationality": {"required": _("Choose your nationality.")},
            "country_of_residence": {"required": _("Choose the country where you live.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "phone": {"required": _("Enter your phone number.")},
            "position": {"required": _("Enter your current position.")},
            "organisation": {"required": _("Enter the organisation you work for.")},
            "sector": {"required": _("Choose the sector you work in.")},
            "years_of_experience": {
                "required": _("Enter your years of professional experience."),
                "invalid": _("Enter a whole number of years."),
            },
            "highest_degree": {"required": _("Choose your highest degree.")},
            "summary": {"required": _("Describe your expertise.")},
        }

    def __init__(self, *args, update=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.update = update
        if self.is_bound:  # only checking a submission reads them (the checklists are views')
            self.fields["programmes"].queryset = Programme.objects.active()
            self.fields["subjects"].queryset = MainSubject.objects.filter(programme__is_active=True)
        self.fields["title"].required = False
        # Typed numbers may carry spaces, dashes and brackets; the 16-character limit of the
        # stored number applies after clean_phone() removed them.
        phone = self.fields["phone"]
        phone.max_length = PHONE_TYPED_MAX
        phone.validators = [v for v in phone.validators if not isinstance(v, MaxLengthValidator)]
        phone.validators.append(MaxLengthValidator(PHONE_TYPED_MAX))
        phone.widget.attrs["maxlength"] = PHONE_TYPED_MAX
        self.fields["nationality"].choices = _country_choices()
        self.fields["country_of_residence"].choices = self.fields["nationality"].choices
        # Formatted here, per form, in the language of the request: `ngettext_lazy(...) % {...}`
        # in Meta would be translated once, at import, in English.
        self.fields["summary"].help_text = ngettext(
            "What you can teach or advise on, in at least %(min)d and at most %(count)d character.",
            "What you can teach or advise on, in at least %(min)d and at most %(count)d "
            "characters.",
            SUMMARY_MAX,
        ) % {"count": SUMMARY_MAX, "min": SUMMARY_MIN}
        self._add_client_checks()
        use_fast_widgets(self, fixed=FIXED_CHOICES)
        if update:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("To use another address, register again with it.")
            self.fields["cv"].required = False
            self.fields["cv"].help_text = _("Leave empty to keep the CV you sent before.")
        cv_limits = _("CV: PDF or Word (.docx), at most %(size)d MB.") % {"size": _max_mb()}
        # Stated up front, above the form: what would get it refused.
        self.limits = [self.fields["summary"].help_text, cv_limits]
        self.fields["cv"].help_text = self.fields["cv"].help_text or _(
            "PDF or Word (.docx), at most %(size)d MB."
        ) % {"size": _max_mb()}
        self.kept = None
        if self.is_bound:
            self.kept = kept_uploads.find(self.data.get(self.add_prefix("kept_cv"), ""), KEPT_CV)
            if self.kept:
                self.fields["cv"].required = False
                self.fields["cv"].help_text = _("Choose a file only to replace the one kept.")

    def _add_client_checks(self):
        """What experts/js/expert-form.js checks before sending, with its messages."""
        self.fields["summary"].widget.attrs.update(
            {
                "data-min-length": SUMMARY_MIN,
                "data-too-short": _too_short_message(),
                # A label and a number: no plural form needed in any language.
                "data-counter": _("Characters typed: %(count)s"),
            }
        )
        self.fields["cv"].widget.attrs.update(
            {
                "data-max-bytes": settings.EXPERTS_CV_MAX_SIZE,
                "data-extensions": ".pdf,.docx",
                "data-too-big": _("This file is larger than %(size)d MB: send a smaller one.")
                % {"size": _max_mb()},
                "data-wrong-type": _("Send your CV as a PDF or Word (.docx) document."),
            }
        )

    def upload_to_keep(self):
        """A newly sent CV that passed its checks, on a form about to be refused; or None."""
        upload = self.cleaned_data.get("cv") if hasattr(self, "cleaned_data") else None
        if not upload or getattr(self, "cv_is_kept", False):
            return None
        return upload

    def keep_upload(self):
        """After a refusal: keep the CV, so that it need not be sent again."""
        upload = self.upload_to_keep()
        if upload is not None:
            self.kept = kept_uploads.keep(upload, KEPT_CV)
            self.data = self.data.copy()
            self.data[self.add_prefix("kept_cv")] = self.kept.token
        return self.kept

    def discard_kept(self):
        """The kept CV was copied into the entry (or is no longer wanted)."""
        if self.kept is not None:
            self.kept.discard()
            self.kept = None

    def _get_validation_exclusions(self):
        # Never tell a visitor that an address is registered: the unique constraint on the
        # e-mail is enforced by the database and answered by e-mail (services.register).
        exclusions = super()._get_validation_exclusions()
        exclusions.add("email")
        return exclusions

    @property
    def honeypot_filled(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean_given_name(self):
        return self._clean_name("given_name")

    def clean_family_name(self):
        return self._clean_name("family_name")

    def _clean_name(self, name):
        value = unicodedata.normalize("NFC", " ".join(self.cleaned_data[name].split()))
        _refuse_hidden_characters(value)
        if not _has_letter(value) or any(character in value for character in "<>@/\\:;{}"):
            raise ValidationError(_("Enter a name made of letters."), code="invalid_name")
        return value

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_phone(self):
        value = self.cleaned_data["phone"].translate(PHONE_SEPARATORS)
        if value.startswith("00"):
            value = "+" + value[2:]
        return value

    def clean_position(self):
        return self._clean_text("position")

    def clean_organisation(self):
        return self._clean_text("organisation")

    def _clean_text(self, name):
        value = unicodedata.normalize("NFC", " ".join(self.cleaned_data[name].split()))
        _refuse_hidden_characters(value)
        if not _has_letter(value):
            raise ValidationError(_("Enter words, not only numbers or signs."), code="no_letters")
        return value

    def clean_summary(self):
        value = unicodedata.normalize("NFC", self.cleaned_data["summary"].strip())
        _refuse_hidden_characters(value, allowed="\n\r\t")
        if len(value) < SUMMARY_MIN:
            raise ValidationError(_too_short_message(), code="too_short")
        return value

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        self.cv_is_kept = not upload and self.kept is not None
        if self.cv_is_kept:
            upload = self.kept.open()  # checked again: the rules may have changed meanwhile
        if upload:
            validate_cv(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        programmes = set(cleaned.get("programmes") or [])
        foreign = [s for s in cleaned.get("subjects") or [] if s.programme not in programmes]
        if programmes and foreign:
            self.add_error(
                "subjects",
                _("Choose only subjects of the programmes you selected."),
            )
        return cleaned


def _too_short_message():
    return ngettext(
        "Write at least %(count)d character about your expertise.",
        "Write at least %(count)d characters about your expertise.",
        SUMMARY_MIN,
    ) % {"count": SUMMARY_MIN}


def _max_mb():
    return max(1, settings.EXPERTS_CV_MAX_SIZE // (1024 * 1024))


class LanguageForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_widgets(self, fixed=("language", "level"))

    # Shared by every row's copy of the fields (FixedChoices are not copied).
    language = forms.ChoiceField(
        label=_("Language"),
        choices=FixedChoices([("", "---------"), *WORKING_LANGUAGES]),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=FixedChoices([("", "---------"), *ExpertLanguage.Level.choices]),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("language") and not cleaned.get("level"):
            self.add_error("level", _("Choose your level in this language."))
        if cleaned.get("level") and not cleaned.get("language"):
            self.add_error("language", _("Choose the language for this level."))
        return cleaned


class BaseLanguageFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row may stay empty; the formset requires at least one filled row.
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        return super()._construct_form(i, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            language = form.cleaned_data.get("language")
            if not language:
                continue
            if language in seen:
                raise ValidationError(
                    _("Each language can be listed only once."), code="duplicate_language"
                )
            seen.add(language)
        if not seen:
            raise ValidationError(_("Give at least one language you work in."), code="no_language")

    @property
    def chosen(self):
        return [
            (form.cleaned_data["language"], form.cleaned_data["level"])
            for form in self.forms
            if form.cleaned_data.get("language")
        ]


LANGUAGE_ROWS = 4
MAX_LANGUAGES = 8


def language_formset(data=None, initial=None):
    initial = initial or []
    rows = max(LANGUAGE_ROWS, len(initial) + 1)
    formset_class = forms.formset_factory(
        LanguageForm,
        formset=BaseLanguageFormSet,
        extra=min(rows, MAX_LANGUAGES) - len(initial),
        max_num=MAX_LANGUAGES,
        validate_max=True,
        absolute_max=MAX_LANGUAGES,
    )
    return formset_class(data=data, initial=initial or None, prefix="languages")


class LinkRequestForm(forms.Form):
    """An expert comes back: the address a fresh update link is sent to, if it is registered."""

    email = NormalisedEmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
    )
    website = ExpertForm.base_fields["website"]

    @property
    def honeypot_filled(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class ReasonForm(forms.Form):
    """The reason given with a decision, which the expert reads in the e-mail."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason: the expert will read it.")},
        help_text=_("The experts receive it by e-mail, in the words you write."),
    )

    def clean_reason(self):
        return _clean_reason(self.cleaned_data["reason"])


def _clean_reason(value):
    value = unicodedata.normalize("NFC", value.strip())
    _refuse_hidden_characters(value, allowed="\n\r\t")
    return value


class ReviewForm(forms.Form):
    """A roster manager's decision on one entry, from the expert's page in the admin."""

    NEEDS_REASON = (Expert.Status.REJECTED, Expert.Status.INACTIVE)

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Expert.Status.APPROVED, _("Approve")),
            (Expert.Status.REJECTED, _("Reject")),
            (Expert.Status.INACTIVE, _("Set inactive")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required to reject or set inactive. The expert receives it by e-mail, "
            "in the words you write."
        ),
    )

    def clean_reason(self):
        return _clean_reason(self.cleaned_data["reason"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in self.NEEDS_REASON and not cleaned.get("reason"):
            self.add_error("reason", _("Give the reason: the expert will read it."))
        return cleaned
