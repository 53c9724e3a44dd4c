"""Names in the order their readers expect, in every language of the site.

Python side: the Unicode Collation Algorithm of pyuca (pure Python), the very collator
django-countries builds at import once pyuca is installed. Database side: PostgreSQL's ICU
collations, the same order, so that a list sorts alike on either side and on either database
(SQLite has no such collation: callers sort there in Python). The root order ("und-x-icu")
puts accented Latin letters beside their base letter. For Arabic, the root order treats alef
with hamza above or below (أ، إ) and alef wasla (ٱ) as letters of their own, so that a list
read "…أيسلندا، إريتريا، إيطاليا، اثيوبيا…": an Arabic reader files them all under alef. CLDR's
Arabic tailoring does (the database's "sesric_arabic" collation, ICU locale
"ar-u-kr-latn-arab": Arabic tailoring, Latin script kept first as in pyuca), and so does
collation_key(), which folds those forms into plain alef before applying the UCA (the same
order as the database for every country name; tests/test_collation.py). Alef madda (آ) stays
first, as in ICU.
"""

from django.db import connection
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django_countries import collator

ICU_ROOT = "und-x-icu"
# ICU's Arabic order with Latin kept before Arabic, as pyuca does (core/migrations/0001).
ICU_ARABIC = "sesric_arabic"
# Alef with hamza above, with hamza below, alef wasla: filed under alef.
_ALEF_FOLDING = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا"})


def collation_key(text) -> tuple:
    text = str(text or "")
    # The unfolded key breaks ties, so that the order stays total.
    return (collator.sort_key(text.translate(_ALEF_FOLDING)), collator.sort_key(text))


def database_collates() -> bool:
    """Whether the database can sort names by UCA itself (PostgreSQL built with ICU)."""
    return connection.vendor == "postgresql"


def database_collation() -> str:
    """The ICU collation for the active language: Arabic's own, else the root order."""
    return ICU_ARABIC if (get_language() or "").startswith("ar") else ICU_ROOT


def collated(expression):
    """An order_by() term sorting `expression` in the active language's order where the
    database can (PostgreSQL); elsewhere the plain expression: sort with collation_key() in
    Python."""
    if not database_collates():
        return expression
    return Collate(expression, database_collation())


def _country_sort_key(item) -> tuple:
    return collation_key(item[1])


def sort_countries_as_readers_do():
    """django-countries sorts its lists (the choices of every CountryField) with its module's
    sort_key: make it this module's, hamza forms of alef folded. Called once, from CoreConfig."""
    import django_countries

    django_countries.sort_key = _country_sort_key
