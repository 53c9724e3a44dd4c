from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import KeysModelMultipleChoiceField
from core.text import invisible_characters, longest_mark_run, normalise_email
from core.uploads import OfficeUploadValidator
from programmes.models import DocumentKind

from .models import Institution, Priority, TorRequest


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


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label, answer):
    """A yes-or-no question showing the `answer` last sent (None: not answered yet)."""
    initial = None if answer is None else ("yes" if answer else "no")
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, initial=initial)


def _optional_text(label, *, max_length, rows, initial):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        initial=initial,
    )


class QuestionnaireForm(forms.Form):
    """A programme's questionnaire: four fields per main subject, one per general question."""

    def __init__(self, *args, subjects, questions, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = list(subjects)
        self.questions = list(questions)
        current = current or {"subjects": {}, "questions": {}}
        for subject in self.subjects:
            row = current["subjects"].get(subject.pk)
            self.fields[f"need_{subject.pk}"] = _yes_no(
                _("Does your institution need training in this subject?"),
                row and row.needs_training,
            )
            self.fields[f"priority_{subject.pk}"] = forms.ChoiceField(
                label=_("Priority"),
                choices=[("", "---------"), *Priority.choices],
                required=False,
                initial=row and row.priority,
            )
            self.fields[f"provide_{subject.pk}"] = _yes_no(
                _("Can your institution provide training or experts in it?"),
                row and row.can_provide,
            )
            self.fields[f"offer_{subject.pk}"] = _optional_text(
                _("What can it offer?"), max_length=2000, rows=3, initial=row and row.offer
            )
        for question in self.questions:
            row = current["questions"].get(question.pk)
            self.fields[f"question_{question.pk}"] = _optional_text(
                question.text, max_length=4000, rows=4, initial=row and row.text
            )

    def subject_rows(self):
        """(subject, need, priority, provide, offer) bound fields, for the template."""
        return [
            (
                subject,
                self[f"need_{subject.pk}"],
                self[f"priority_{subject.pk}"],
                self[f"provide_{subject.pk}"],
                self[f"offer_{subject.pk}"],
            )
            for subject in self.subjects
        ]

    def subject_groups(self):
        """(subject, [its four bound fields]), for the admin's form."""
        return [(subject, fields) for subject, *fields in self.subject_rows()]

    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    def clean(self):
        data = super().clean()
        for subject in self.subjects:
            pk = subject.pk
            if data.get(f"need_{pk}") == "yes" and not data.get(f"priority_{pk}"):
                self.add_error(f"priority_{pk}", _("Give the priority of this need."))
            if data.get(f"need_{pk}") == "no":
                data[f"priority_{pk}"] = ""
            if data.get(f"provide_{pk}") == "yes" and not data.get(f"offer_{pk}", "").strip():
                self.add_error(f"offer_{pk}", _("Say briefly what your institution can offer."))
            if data.get(f"provide_{pk}") == "no":
                data[f"offer_{pk}"] = ""
        for name, value in list(data.items()):
            if isinstance(value, str) and invisible_characters(value, allowed="\n\r\t"):
                self.add_error(name, _("Remove the invisible or stacked characters."))
        return data

    def subject_values(self):
        data = self.cleaned_data
        return {
            subject: {
                "needs_training": data[f"need_{subject.pk}"] == "yes",
                "priority": data[f"priority_{subject.pk}"],
                "can_provide": data[f"provide_{subject.pk}"] == "yes",
                "offer": data[f"offer_{subject.pk}"].strip(),
            }
            for subject in self.subjects
        }

    def question_values(self):
        return {q: self.cleaned_data[f"question_{q.pk}"].strip() for q in self.questions}


class TorRequestForm(forms.ModelForm):
    """Terms of Reference online: what the institution asks of a programme."""

    class Meta:
        model = TorRequest
        fields = (
            "kind",
            "subjects",
            "objectives",
            "desired_period",
            "participants",
            "participant_profile",
            "language",
            "mode",
        )
        widgets = {
            "subjects": forms.CheckboxSelectMultiple,
            "objectives": forms.Textarea(attrs={"rows": 5}),
            "participant_profile": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"desired_period": _("e.g. the second half of next year")}
        field_classes = {"subjects": KeysModelMultipleChoiceField}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = DocumentKind.objects.filter(
            category=DocumentKind.Category.TERMS_OF_REFERENCE
        )
        if programme.subjects.exists():
            self.fields["subjects"].queryset = programme.subjects.all()
        else:
            # A programme whose main subjects are not published yet: the request says its
            # subject in its objectives, rather than being impossible to send.
            del self.fields["subjects"]
        self.fields["participants"].min_value = 1
        self.fields["participants"].max_value = 500
        self.fields["participants"].validators += [
            MinValueValidator(1),
            MaxValueValidator(500),
        ]

    def clean(self):
        data = super().clean()
        for name in ("objectives", "desired_period", "participant_profile"):
            value = data.get(name)
            if isinstance(value, str) and invisible_characters(value, allowed="\n\r\t"):
                self.add_error(name, _("Remove the invisible or stacked characters."))
        return data


validate_completed_file = OfficeUploadValidator((".pdf", ".docx"), "COOPERATION_FILE")


class CompletedFileForm(forms.Form):
    """A questionnaire or Terms of Reference filled in offline, uploaded instead."""

    kind = forms.ModelChoiceField(
        label=_("Document"),
        queryset=DocumentKind.objects.filter(
            category__in=[
                DocumentKind.Category.QUESTIONNAIRE,
                DocumentKind.Category.TERMS_OF_REFERENCE,
            ]
        ),
    )
    file = forms.FileField(
        label=_("Completed file (PDF or DOCX)"), validators=[validate_completed_file]
    )
