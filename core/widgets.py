"""Form widgets that render long choice lists quickly.

Django's Select renders each <option> through its own template include: the registration
form's two country lists, sector, degree and language rows made about 6,600 includes and most
of the page's time. FastSelect writes the options in Python, escaped as the template would.
"""

from html import escape

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Options of <select>s whose choices depend only on the language (use_fast_selects(fixed=...)),
# with nothing selected: written once per process, language and field.
_FIXED_OPTIONS = {}


def _escaped(value):
    """What the template's auto-escaping would output (safe strings stay as they are)."""
    return str(value) if hasattr(value, "__html__") else escape(str(value))


def _attributes(attrs):
    # As django/forms/widgets/attrs.html: True is a bare name, False is left out.
    return "".join(
        f" {name}" if value is True else f' {name}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(value, label, selected):
    # As django/forms/widgets/select_option.html, for widgets whose options inherit no attrs.
    return (
        f'<option value="{_escaped(value)}"{" selected" if selected else ""}>'
        f"{_escaped(label)}</option>"
    )


class FastOptionsMixin:
    """For any Select (Django's, django-countries' LazySelect): options written in Python,
    straight from the choices (Django's optgroups() first builds a dictionary per option)."""

    template_name = "core/widgets/select.html"

    def get_context(self, name, value, attrs):
        if self.option_inherits_attrs:  # options with attributes: Django's way, written here
            context = super().get_context(name, value, attrs)
            options_html = self._from_optgroups(context["widget"]["optgroups"])
        else:
            context = forms.Widget.get_context(self, name, value, attrs)
            if self.allow_multiple_selected:  # as Select.get_context()
                context["widget"]["attrs"]["multiple"] = True
            values = context["widget"]["value"]
            key = getattr(self, "fixed_options_key", None)
            if key and not any(values):  # nothing selected (or only the empty choice)
                key = (key, get_language(), tuple(values))
                options_html = _FIXED_OPTIONS.get(key)
                if options_html is None:
                    options_html = _FIXED_OPTIONS[key] = self._from_choices(values)
            else:
                options_html = self._from_choices(values)
        context["widget"]["options_html"] = mark_safe(options_html)  # noqa: S308 - escaped
        return context

    def _render(self, template_name, context, renderer=None):
        # As core/widgets/select.html, without a template: the <select> and its attributes.
        if template_name != FastOptionsMixin.template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        return mark_safe(  # noqa: S308 - name and attributes escaped, options escaped above
            f'<select name="{_escaped(widget["name"])}"{_attributes(widget["attrs"])}>'
            f"{widget['options_html']}</select>"
        )

    def _from_choices(self, values):
        # The selection rule of ChoiceWidget.optgroups(): one option unless multiple.
        values = set(values)
        parts = []
        has_selected = False
        multiple = self.allow_multiple_selected
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(f'<optgroup label="{_escaped(group_value)}">')
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                option_value = "" if option_value is None else option_value
                selected = (not has_selected or multiple) and str(option_value) in values
                has_selected |= selected
                parts.append(_option(option_value, label, selected))
            if grouped:
                parts.append("</optgroup>")
        return "".join(parts)

    @staticmethod
    def _from_optgroups(optgroups):
        parts = []
        for group_name, options, _index in optgroups:
            if group_name:
                parts.append(f'<optgroup label="{_escaped(group_name)}">')
            parts.extend(
                f'<option value="{_escaped("" if o["value"] is None else o["value"])}"'
                f"{_attributes(o['attrs'])}>{_escaped(o['label'])}</option>"
                for o in options
            )
            if group_name:
                parts.append("</optgroup>")
        return "".join(parts)


_DJANGO_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "hidden", "file", "checkbox", "password")
}
_DJANGO_TEXTAREA = "django/forms/widgets/textarea.html"


class FastInputMixin:
    """For <input>s and <textarea>s rendered by Django's own templates: the same HTML written
    in Python (Django includes input.html and attrs.html, with a lookup per attribute)."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name in _DJANGO_INPUTS:  # as django/forms/widgets/input.html
            value = widget["value"]
            value = "" if value is None else f' value="{_escaped(value)}"'
            return mark_safe(  # noqa: S308 - every part escaped
                f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
                f"{value}{_attributes(widget['attrs'])}>"
            )
        if template_name == _DJANGO_TEXTAREA:  # as django/forms/widgets/textarea.html
            value = _escaped(widget["value"]) if widget["value"] else ""
            return mark_safe(  # noqa: S308 - every part escaped
                f'<textarea name="{_escaped(widget["name"])}"{_attributes(widget["attrs"])}>\n'
                f"{value}</textarea>"
            )
        return super()._render(template_name, context, renderer)


class FixedChoices(BaseChoiceIterator):
    """Choices built once and assigned as they are: Django walks a plain list of choices again
    (normalize_choices) each time one is assigned to a field and its widget."""

    def __init__(self, choices):
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self  # never changed: each form's field may share it


class FastSelect(FastOptionsMixin, forms.Select):
    pass


_FAST_CLASSES = {forms.Select: FastSelect}


def _fast_class(widget_class, mixin=FastOptionsMixin):
    if widget_class not in _FAST_CLASSES:
        _FAST_CLASSES[widget_class] = type(
            f"Fast{widget_class.__name__}", (mixin, widget_class), {}
        )
    return _FAST_CLASSES[widget_class]


def use_fast_selects(form, fixed=()):
    """Give every <select> of `form` the fast rendering of its options (same HTML).

    fixed: the names of fields whose choices depend only on the language (never on the
    content, the form instance or the visitor): their options with nothing selected are
    written once per process and language.

    The form's fields are copies made for this form instance, so changing the class of their
    widget changes nothing elsewhere."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.Select) and not isinstance(widget, FastOptionsMixin):
            widget.__class__ = _fast_class(type(widget))
        if name in fixed:
            widget.fixed_options_key = f"{type(form).__module__}.{type(form).__qualname__}.{name}"
    return form


def use_fast_widgets(form, fixed=()):
    """use_fast_selects(), and the <input>s and <textarea>s of `form` written in Python too
    (same HTML) when they use Django's own templates."""
    use_fast_selects(form, fixed)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.widgets.Input, forms.Textarea)) and not isinstance(
            widget, (FastInputMixin, FastOptionsMixin)
        ):
            widget.__class__ = _fast_class(type(widget), FastInputMixin)
    return form
