"""The long checklists of the roster form (programmes, and the subjects of each), written in
Python: as template loops they cost a few dozen function calls per attribute of each of the
hundred or so boxes, most of the page's time."""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.i18n import translated_value

register = template.Library()


def _label(item):
    """The name, marked lang="en" dir="ltr" when it fell back to English (as {% tr %})."""
    text, fallback = translated_value(item, "name")
    text = escape(str(text))
    return f'<span lang="{fallback}" dir="ltr">{text}</span>' if fallback else text


def _box(name, prefix, pk, checked, label):
    return (
        f'<li><input type="checkbox" name="{name}" value="{pk}" id="id_{prefix}_{pk}"'
        f"{' checked' if checked else ''}>\n"
        f'          <label for="id_{prefix}_{pk}">{label}</label></li>'
    )


@register.simple_tag
def programme_boxes(programmes, name, selected):
    """A checkbox per programme: its name, then its acronym."""
    name = escape(name)
    boxes = []
    for programme in programmes:
        label = _label(programme)
        if programme.acronym:
            label = f"{label} (<bdi>{escape(programme.acronym)}</bdi>)"
        boxes.append(_box(name, "programmes", programme.pk, str(programme.pk) in selected, label))
    return mark_safe("\n".join(boxes))  # noqa: S308 - every text escaped above


@register.simple_tag
def subject_boxes(subjects, name, selected):
    """A checkbox per main subject of a programme."""
    name = escape(name)
    boxes = [
        _box(name, "subjects", item.pk, str(item.pk) in selected, _label(item)) for item in subjects
    ]
    return mark_safe("\n".join(boxes))  # noqa: S308 - every text escaped above


def _error_list(field, errors):
    if not errors:
        return ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="errorlist" id="{conditional_escape(field.auto_id)}_error">{items}</ul>'


@register.simple_tag
def language_rows(formset):
    """The working-language rows of the form, each language and level with its label (what a
    template loop wrote, the same HTML)."""
    parts = []
    for number, row in enumerate(formset, start=1):
        parts.append('\n      <li class="experts-languages__row">\n        ')
        for field in row:
            errors = field.errors
            parts.append(
                f'\n        <div class="field{" field--invalid" if errors else ""}">\n'
                f'          <label for="{conditional_escape(field.id_for_label)}">'
                f"{conditional_escape(field.label)} "
                f'<span class="visually-hidden">{number}</span></label>\n'
                f"          {_error_list(field, errors)}\n"
                f"          {field}\n"
                "        </div>\n        "
            )
        parts.append("\n      </li>\n      ")
    return mark_safe("".join(parts))  # noqa: S308 - every text escaped, widgets render safely


@register.simple_tag
def expert_field(field):
    """experts/includes/field.html written in Python, the same HTML (as an include, each of the
    form's fields cost a few hundred template calls)."""
    errors = field.errors
    auto_id = conditional_escape(field.auto_id)
    optional = (
        ""
        if field.field.required or field.field.disabled
        else f' <span class="experts-optional">{conditional_escape(gettext("(optional)"))}</span>'
    )
    help_text = (
        f'<p class="field__help" id="{auto_id}_helptext">{conditional_escape(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    error_list = _error_list(field, errors)
    return mark_safe(  # noqa: S308 - every text escaped above, the widget renders itself safely
        f'<div class="field{" field--invalid" if errors else ""}">\n'
        f'  <label for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(field.label)}{optional}</label>\n"
        f"  {help_text}\n"
        f"  {error_list}\n"
        f"  {field}\n"
        "</div>\n"
    )
