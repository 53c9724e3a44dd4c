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


ROWS_LOOP = """{% for row in languages %}
      <li class="experts-languages__row">
        {% for field in row %}
        <div class="field{% if field.errors %} field--invalid{% endif %}">
          <label for="{{ field.id_for_label }}">{{ field.label }} <span class="visually-hidden">{{ forloop.parentloop.counter }}</span></label>
          {% if field.errors %}<ul class="errorlist" id="{{ field.auto_id }}_error">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
          {{ field }}
        </div>
        {% endfor %}
      </li>
      {% endfor %}"""  # noqa: E501 - the loop experts/includes/expert_form.html had


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True])
def test_the_roster_form_fields_written_in_python_match_their_templates(bound):
    """experts_tags.expert_field and language_rows write what field.html and the rows' loop
    wrote, errors, help texts and optional marks included."""
    from django.template import Context, Template

    from experts.forms import ExpertForm, language_formset

    data = {"given_name": "<b>", "email": "bad", "languages-0-language": "ar"}
    data |= {"languages-TOTAL_FORMS": "4", "languages-INITIAL_FORMS": "0"}
    form = ExpertForm(data if bound else None)
    languages = language_formset(data if bound else None)
    if bound:
        assert not form.is_valid() and not languages.is_valid()
    include = Template('{% include "experts/includes/field.html" %}')
    tag = Template("{% load experts_tags %}{% expert_field field %}")
    for name in ("title", "given_name", "email", "summary", "cv", "nationality"):
        context = Context({"field": form[name]})
        assert tag.render(context) == include.render(context), name
    context = Context({"languages": languages})
    loop = Template(ROWS_LOOP).render(context)
    assert Template("{% load experts_tags %}{% language_rows languages %}").render(context) == loop
    assert ("field--invalid" in loop) is bound
