"""Form widgets that render long choice lists quickly.

Django's Select renders each <option> through its own template include: the registration
form's two country lists, sector, degree and language rows made about 6,600 includes and most
of the page's time. FastSelect writes the options in Python, escaped as the template would.
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _escaped(value):
    """What the template's auto-escaping would output (safe strings stay as they are)."""
    return str(value) if hasattr(value, "__html__") else escape(str(value))


def _attributes(attrs):
    # As django/forms/widgets/attrs.html: True is a bare name, False and None are left out.
    return "".join(
        f" {name}" if value is True else f' {name}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _option_html(option):
    value = "" if option["value"] is None else option["value"]
    return (
        f'<option value="{_escaped(value)}"{_attributes(option["attrs"])}>'
        f"{_escaped(option['label'])}</option>"
    )


class FastOptionsMixin:
    """For any Select (Django's, django-countries' LazySelect): options written in Python."""

    template_name = "core/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{_escaped(group_name)}">')
            parts.extend(_option_html(option) for option in options)
            if group_name:
                parts.append("</optgroup>")
        context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308 - escaped above
        return context


class FastSelect(FastOptionsMixin, forms.Select):
    pass


_FAST_CLASSES = {forms.Select: FastSelect}


def _fast_class(widget_class):
    if widget_class not in _FAST_CLASSES:
        _FAST_CLASSES[widget_class] = type(
            f"Fast{widget_class.__name__}", (FastOptionsMixin, widget_class), {}
        )
    return _FAST_CLASSES[widget_class]


def use_fast_selects(form):
    """Give every <select> of `form` the fast rendering of its options (same HTML).

    The form's fields are copies made for this form instance, so changing the class of their
    widget changes nothing elsewhere."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select) and not isinstance(widget, FastOptionsMixin):
            widget.__class__ = _fast_class(type(widget))
    return form
