"""Names in the order their readers expect, in every language of the site.

Python side: the Unicode Collation Algorithm of pyuca (pure Python), the very collator
django-countries builds at import once pyuca is installed. Database side: PostgreSQL's ICU
root collation "und-x-icu", the same UCA order, so that a list sorts alike on either side and
on either database (SQLite has no such collation: callers sort there in Python). The root order
puts accented Latin letters beside their base letter and Arabic in its alphabetical order;
CLDR's Arabic tailoring would also move Arabic script before Latin, which pyuca does not do.
"""

from django.db import connection
from django.db.models.functions import Collate
from django_countries import collator

ICU_ROOT = "und-x-icu"


def collation_key(text) -> tuple:
    return collator.sort_key(str(text or ""))


def database_collates() -> bool:
    """Whether the database can sort names by UCA itself (PostgreSQL built with ICU)."""
    return connection.vendor == "postgresql"


def collated(expression):
    """An order_by() term sorting `expression` in UCA order where the database can
    (PostgreSQL); elsewhere the plain expression: sort with collation_key() in Python."""
    if not database_collates():
        return expression
    return Collate(expression, ICU_ROOT)
