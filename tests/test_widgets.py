"""The fast widgets write the same HTML as Django's, without one template per option or
attribute."""

import copy
import re

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django_countries.fields import CountryField

from core.widgets import FastSelect, FixedChoices, use_fast_selects, use_fast_widgets

CHOICES = [
    ("", "---------"),
    ("a&b", 'Tom & "Jerry" <script>'),
    ("safe", mark_safe("<b>bold</b>")),
    ("Group <1>", [("g1", "In a group"), ("g2", "Also")]),
    (3, "Three"),
]


def normalised(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "a&b", "g2", 3])
def test_fast_select_renders_as_django_select(value):
    attrs = {"id": "id_x", "required": True, "disabled": False, "data-x": 'q"uote', "data-n": None}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    rendered = FastSelect(attrs=attrs, choices=CHOICES).render("x", value)
    assert normalised(rendered) == normalised(expected)
    assert "<script>" not in rendered


class CountryForm(forms.Form):
    country = CountryField().formfield()
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])


def test_every_select_of_a_form_is_made_fast_countries_included():
    plain, fast = CountryForm(initial={"country": "TR"}), use_fast_selects(CountryForm())
    fast.initial = {"country": "TR"}
    assert normalised(fast["country"]) == normalised(plain["country"])
    assert normalised(fast["several"]) == normalised(plain["several"])
    assert 'value="TR" selected' in str(fast["country"])
    # The class of the plain form's widgets is untouched.
    assert not isinstance(CountryForm().fields["country"].widget, FastSelect)


class InputsForm(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-x": 'q"uote <b>', "dir": "ltr"}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "max": 70}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}))
    agree = forms.BooleanField()
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}))
    secret = forms.CharField(widget=forms.PasswordInput, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": 'a "b" <c> & d', "number": "7", "hidden": "<x>", "agree": "on", "summary": "<p>"},
        {"text": "", "number": "x", "summary": "\nline & more", "secret": "s"},
    ],
)
def test_fast_inputs_render_as_django_inputs(data):
    plain, fast = InputsForm(data), use_fast_widgets(InputsForm(data))
    for name in plain.fields:
        assert str(fast[name]) == str(plain[name]), name
    assert "<b>" not in str(fast["text"]) and "<c>" not in str(fast["text"])


class FixedForm(forms.Form):
    country = CountryField().formfield()
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_widgets(self, fixed=("country", "kind"))


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_fixed_options_are_written_once_per_language_and_never_keep_a_selection(language):
    from django.utils import translation

    with translation.override(language):
        for _ in range(2):  # written, then from memory
            plain, fast = CountryForm(), FixedForm()
            assert normalised(fast["country"]) == normalised(plain["country"])
            assert str(fast["kind"]).count(" selected") == 1  # the empty choice, as Django
        chosen = FixedForm({"country": "TR", "kind": "b"})
        assert 'value="TR" selected' in str(chosen["country"])
        assert 'value="b" selected' in str(chosen["kind"])
        assert 'value="TR" selected' not in str(FixedForm()["country"])
        assert 'value="b" selected' not in str(FixedForm()["kind"])


def test_fixed_choices_are_shared_not_copied():
    choices = FixedChoices([("", "---------"), ("a", "A")])
    field = forms.ChoiceField(choices=choices)
    assert field.choices is choices
    assert copy.deepcopy(field).choices is choices
    assert field.valid_value("a") and not field.valid_value("z")
