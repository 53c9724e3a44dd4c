"""Country choices for staff: the OIC member states (settings.OIC_MEMBER_STATES) first, each
list sorted in the active language by the Unicode Collation Algorithm (core.collation)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .collation import collation_key


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
