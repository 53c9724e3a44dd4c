"""FastSelect writes the same HTML as Django's Select, without one template per option."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django_countries.fields import CountryField

from core.widgets import FastSelect, use_fast_selects

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
