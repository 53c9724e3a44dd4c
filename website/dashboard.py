"""The admin index's "what is missing" panel: untranslated content, documents lacking a
language, experts awaiting review. One query per model, whatever the amount of content."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language_info

from activities.models import Activity, Photo
from core.translations import untranslated_counts
from experts.models import Expert
from programmes.models import Document, DocumentKind, MainSubject, Organisation, Programme, Sector

TRANSLATED_MODELS = (Programme, Activity, Photo, MainSubject, Sector, DocumentKind, Organisation)


def _can_view(user, model):
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _language_name(code):
    return str(get_language_info(code)["name_translated"])


def _row(model, counts, parameter):
    url = _changelist(model)
    return {
        "name": model._meta.verbose_name_plural,
        "counts": [
            {
                "language": _language_name(code),
                "count": count,
                "url": f"{url}?{parameter}={code}",
            }
            for code, count in counts.items()
        ],
    }


def dashboard(user):
    untranslated = [
        _row(model, untranslated_counts(model), "untranslated")
        for model in TRANSLATED_MODELS
        if _can_view(user, model)
    ]
    documents = None
    if _can_view(user, Document):
        counts = Document.objects.aggregate(
            **{code: Count("pk", filter=Q(**{f"file_{code}": ""})) for code in Document.LANGUAGES}
        )
        documents = [_row(Document, counts, "missing")]
    experts = None
    if _can_view(user, Expert):
        experts = {
            "count": Expert.objects.filter(status=Expert.Status.PENDING).count(),
            "url": f"{_changelist(Expert)}?status__exact={Expert.Status.PENDING}",
        }
    return {
        "untranslated": untranslated,
        "documents": documents,
        "experts": experts,
    }
