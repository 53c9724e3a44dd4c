"""What every admin of the site shares: the strict CSP nonce for form media, the direction of
each language's fields."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from js_asset import Media

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def field_language(name):
    """The language of a modeltranslation field from its name (``title_ar`` -> ``ar``), or None."""
    prefix, sep, code = name.rpartition("_")
    return code if sep and prefix and code in LANGUAGE_CODES else None


class TranslatedFieldDirectionMixin:
    """Each translated input takes the direction and language of its language.

    Arabic typed in a left-to-right box looks backwards until saved; ``dir`` and ``lang`` also
    give screen readers and spell checkers the right language.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        code = field_language(db_field.name)
        if field is not None and code and hasattr(field.widget, "attrs"):
            field.widget.attrs["lang"] = code
            field.widget.attrs["dir"] = "rtl" if get_language_info(code)["bidi"] else "ltr"
        return field


class CSPNonceMediaMixin:
    """Render the form media with the request's CSP nonce.

    The rich-text editor loads its modules through an import map, which can only be an inline
    ``<script type="importmap">``: the nonce lets exactly that script run, the policy keeps
    refusing any other inline script.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        nonce = getattr(request, "csp_nonce", None)
        if media is not None and nonce is not None:
            context["media"] = Media.from_media(media, nonce=str(nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class SiteAdminMixin(CSPNonceMediaMixin, TranslatedFieldDirectionMixin):
    """The site's admin behaviour; put it before the modeltranslation admin class."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["core/admin.css"]})
