"""JSON-LD for search engines: safe to embed in a page."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# What json.dumps leaves that could end a <script> element or start a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A <script type="application/ld+json"> element: data, never executed, safe to embed."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
