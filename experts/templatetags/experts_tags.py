"""The long checklists of the roster form (programmes, and the subjects of each), written in
Python: as template loops they cost a few dozen function calls per attribute of each of the
hundred or so boxes, most of the page's time."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

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
