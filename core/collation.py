"""Names in the order their readers expect, in every language of the site.

Python side: the Unicode Collation Algorithm of pyuca (pure Python), the very collator
django-countries builds at import once pyuca is installed. Database side: PostgreSQL's ICU
collation of the active language ("ar-x-icu", "fr-x-icu"...), which puts Arabic and accented
Latin letters where readers look for them; SQLite has no such collation, so callers sort
there in Python.
"""

from django.db import connection
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django_countries import collator

# PostgreSQL's ICU collations of the site's languages; "und" is the root (plain UCA) order.
ICU_COLLATIONS = {"en": "en-x-icu", "ar": "ar-x-icu", "fr": "fr-x-icu"}
ICU_ROOT = "und-x-icu"


def collation_key(text) -> tuple:
    return collator.sort_key(str(text or ""))


def sorted_by_name(items, name=str) -> list:
    """`items` in UCA order of `name(item)` (ties keep their order)."""
    return sorted(items, key=lambda item: collation_key(name(item)))


def database_collates() -> bool:
    """Whether the database can sort names by UCA itself (PostgreSQL built with ICU)."""
    return connection.vendor == "postgresql"


def collated(expression):
    """An order_by() term sorting `expression` in the active language's order where the
    database can (PostgreSQL); elsewhere the plain expression: sort with sorted_by_name()."""
    if not database_collates():
        return expression
    language = (get_language() or "en").split("-")[0]
    return Collate(expression, ICU_COLLATIONS.get(language, ICU_ROOT))
