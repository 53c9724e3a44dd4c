"""Checks on typed text that no printable-looking input should get past."""

import contextlib
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


def normalise_email(value: str) -> str:
    """One spelling per mailbox: the form of an address the uniqueness check compares.

    Compatibility forms fold (full-width letters, ligatures: NFKC), invisible format
    characters (zero-width space, direction marks) go, case is ignored, and the domain is kept
    in its ASCII (IDNA, punycode) form, so "exämple.org" and "xn--exmple-cua.org" are one.
    """
    value = unicodedata.normalize("NFKC", value or "")
    value = "".join(c for c in value if unicodedata.category(c) != "Cf").strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return value.lower()
    domain = domain.lower().rstrip(".")
    # A domain IDNA cannot encode is left as it is: the e-mail validator refuses it.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local.lower()}@{domain}"
