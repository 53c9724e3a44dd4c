"""Everything the roster holds on one person, as they read it: for a data access request
(admin action) and for the expert's own copy (update link)."""

from django_countries.fields import Country

from .models import PROFILE_FIELDS, Expert


def profile_value(expert, name):
    """A profile field as a person reads it: choices by label, countries and lists by name."""
    field = Expert._meta.get_field(name)
    if field.many_to_many:
        return [str(item.name) for item in getattr(expert, name).all()]
    value = getattr(expert, name)
    if isinstance(value, Country):
        return value.name
    if field.choices:
        return getattr(expert, f"get_{name}_display")()
    return value


def personal_data(expert):
    """Everything the roster holds on the person: the profile (PROFILE_FIELDS) and its record."""
    return {
        **{name: profile_value(expert, name) for name in PROFILE_FIELDS},
        "languages": [
            {"language": row.get_language_display(), "level": row.get_level_display()}
            for row in expert.languages.all()
        ],
        "cv_file_name": expert.cv_name,
        "language_of_registration": expert.language,
        "consent_version": expert.consent_version,
        "consent_given_at": expert.consent_given_at,
        "registered_at": expert.created_at,
        "confirmed_at": expert.confirmed_at,
        "status": expert.get_status_display(),
        "reviewed_at": expert.reviewed_at,
        "decisions": [
            {
                "decision": decision.get_status_display(),
                "decided_at": decision.decided_at,
                "reason": decision.reason,
            }
            for decision in expert.decisions.all()
        ],
    }
