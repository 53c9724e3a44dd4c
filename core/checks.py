from django.conf import settings
from django.core import checks
from django_countries import countries


@checks.register
def oic_member_states(app_configs, **kwargs):
    """The member-state list is reference data: 57 distinct, known ISO codes."""
    codes = list(getattr(settings, "OIC_MEMBER_STATES", ()))
    unknown = sorted(code for code in codes if code not in countries)
    if len(codes) != 57 or len(set(codes)) != 57 or unknown:
        return [
            checks.Error(
                f"OIC_MEMBER_STATES must list the 57 member states once each by ISO code "
                f"({len(set(codes))} distinct, unknown: {unknown or 'none'}).",
                id="core.E001",
            )
        ]
    return []
