"""Which translations of a modeltranslation model are missing, in SQL and for one row.

A field is untranslated in a language when its English text exists and that language's is
empty (NULL or ""). English is the required language; what it lacks is a form error, not a
translation to do.
"""

from django.conf import settings
from django.db.models import Count, Q
from modeltranslation.translator import NotRegistered, translator

SOURCE_LANGUAGE = "en"


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def translatable_fields(model):
    try:
        return sorted(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def untranslated_q(model, code, prefix=""):
    """Rows with at least one English text that has no ``code`` translation."""
    condition = Q(pk__in=[])
    for field in translatable_fields(model):
        condition |= Q(**{f"{prefix}{field}_{SOURCE_LANGUAGE}__gt": ""}) & (
            Q(**{f"{prefix}{field}_{code}__isnull": True}) | Q(**{f"{prefix}{field}_{code}": ""})
        )
    return condition


def untranslated_counts(model, queryset=None):
    """{language: number of rows missing a translation in it}, in one query."""
    queryset = model._default_manager.all() if queryset is None else queryset
    return queryset.aggregate(
        **{code: Count("pk", filter=untranslated_q(model, code)) for code in target_languages()}
    )


def missing_fields(obj):
    """{language: [verbose names of the fields whose translation is missing]} for one row."""
    missing = {}
    for code in target_languages():
        names = [
            str(obj._meta.get_field(field).verbose_name)
            for field in translatable_fields(type(obj))
            if getattr(obj, f"{field}_{SOURCE_LANGUAGE}", None)
            and not getattr(obj, f"{field}_{code}", None)
        ]
        if names:
            missing[code] = names
    return missing
