"""Checks on typed text that no printable-looking input should get past."""

import unicodedata

# Zero-width non-joiner and joiner shape Persian, Urdu and Indic names: the only format
# characters a name may hold.
ALLOWED_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
# Accents stacked on one letter: Vietnamese and vocalised Arabic need up to three.
MAX_COMBINING_MARKS = 3


def invisible_characters(value: str, allowed: str = "") -> list[str]:
    """Control, format (bidi overrides, isolates, zero-width), private-use and unassigned ones."""
    found = []
    for character in value:
        if character in allowed or character in ALLOWED_FORMAT_CHARACTERS:
            continue
        if unicodedata.category(character) in {"Cc", "Cf", "Co", "Cs", "Cn"}:
            found.append(character)
    return found


def longest_mark_run(value: str) -> int:
    """The most combining marks in a row (on one base letter)."""
    longest = run = 0
    for character in value:
        run = run + 1 if unicodedata.category(character) in {"Mn", "Mc", "Me"} else 0
        longest = max(longest, run)
    return longest
