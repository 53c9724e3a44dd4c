"""Country choices for staff: the OIC member states (settings.OIC_MEMBER_STATES) first, each
list sorted in the active language."""

import unicodedata

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries


def collation_key(name):
    """Sort key for a country name in any of the site's languages, without a collation library:
    accents and Arabic hamza carriers folded to their base letter, case ignored. In Arabic the
    base letters' code points follow the alphabet (ا ب ت … ه و ي)."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _sorted(codes):
    return sorted(
        ((code, countries.name(code)) for code in codes), key=lambda c: collation_key(c[1])
    )


def member_state_choices():
    return _sorted(settings.OIC_MEMBER_STATES)


def member_states_first_choices():
    """Members, then every other country, as two groups of a <select>."""
    members = set(settings.OIC_MEMBER_STATES)
    others = [code for code, _name in countries if code not in members]
    return [
        (_("OIC member states"), member_state_choices()),
        (_("Other countries"), _sorted(others)),
    ]
