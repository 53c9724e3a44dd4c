"""Text normalisation shared by indexing and querying (both sides must agree)."""

import re
import unicodedata
from html import unescape

from django.utils.html import strip_tags

# Arabic short vowels and other marks (tashkeel) and the tatweel: writers use them
# inconsistently, so they never take part in matching.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SPACES = re.compile(r"\s+")
# White space to fold in displayed text; no-break spaces stay (French typography: « a » b :).
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
MAX_QUERY_LENGTH = 200


def normalise(text: str) -> str:
    """Lower-case, accents and Arabic vowel marks removed, white space folded."""
    text = _ARABIC_MARKS.sub("", text or "")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Alef forms (أ إ آ) are written as plain alef by many typists.
    without_accents = without_accents.translate(str.maketrans("أإآ", "ااا"))
    return _SPACES.sub(" ", without_accents).strip()


def plain_text(html: str) -> str:
    return _BREAKING_SPACES.sub(" ", unescape(strip_tags(html or ""))).strip()


def clean_query(raw: str) -> str:
    """What we search for: printable, trimmed, at most MAX_QUERY_LENGTH characters."""
    printable = "".join(char for char in raw or "" if char.isprintable())
    return _SPACES.sub(" ", printable).strip()[:MAX_QUERY_LENGTH]
