"""The content the site search covers."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from activities.models import Activity
from programmes.models import Document, Programme

from .indexing import Source, register


def _programme_fields(programme):
    title = [(programme, "name")]
    body = [
        (programme, "acronym"),
        (programme, "summary"),
        (programme, "description"),
        (programme.sector, "name"),
    ]
    body += [(subject, "name") for subject in programme.subjects.all()]
    return title, body


register(
    Source(
        kind="programme",
        model_label="programmes.Programme",
        queryset=lambda: (
            Programme.objects.active().select_related("sector").prefetch_related("subjects")
        ),
        fields=_programme_fields,
        url=lambda programme: programme.get_absolute_url(),
        depends_on={
            "programmes.Sector": lambda sector: sector.programmes.values_list("pk", flat=True),
            "programmes.MainSubject": lambda subject: [subject.programme_id],
        },
    )
)


@dataclass(frozen=True)
class _OtherPlaceNames:
    """The venue's city and country as the site's other languages write them, so that "Tchad",
    "تشاد" and "Chad" all find the N'Djamena course whatever the page's language: indexed as
    keywords, never shown in the snippet. Not a translated field: translated_value() takes it
    as it is."""

    names: str


def _place_names(activity):
    own = {str(activity.city or ""), str(activity.country.name or "")}
    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in (getattr(activity, f"city_{code}", ""), activity.country.name):
                name = str(name or "")
                if name and name not in own and name not in names:
                    names.append(name)
    return _OtherPlaceNames(" · ".join(names))


def _activity_fields(activity):
    title = [(activity, "title")]
    body = [
        (activity, "theme"),
        (activity, "summary"),
        (activity, "body"),
        (activity, "city"),
        (activity.country, "name"),
        (activity.programme, "acronym"),
        (activity.programme, "name"),
    ]
    body += [(partner, "name") for partner in activity.partners.all()]
    return title, body, [(_place_names(activity), "names")]


register(
    Source(
        kind="activity",
        model_label="activities.Activity",
        queryset=lambda: (
            Activity.objects.published().select_related("programme").prefetch_related("partners")
        ),
        fields=_activity_fields,
        url=lambda activity: activity.get_absolute_url(),
        depends_on={
            "programmes.Programme": lambda programme: programme.activities.values_list(
                "pk", flat=True
            ),
            "programmes.Organisation": lambda partner: partner.activities.values_list(
                "pk", flat=True
            ),
        },
    )
)


def _document_fields(document):
    title = [(document.kind, "name"), (document.programme, "name")]
    body = [(document.programme, "acronym"), (document.programme, "questionnaire_audience")]
    return title, body


register(
    Source(
        kind="document",
        model_label="programmes.Document",
        queryset=lambda: Document.objects.filter(programme__is_active=True).select_related(
            "kind", "programme"
        ),
        fields=_document_fields,
        url=lambda document: f"{document.programme.get_absolute_url()}#documents-heading",
        depends_on={
            "programmes.Programme": lambda programme: programme.documents.values_list(
                "pk", flat=True
            ),
            "programmes.DocumentKind": lambda kind: kind.documents.values_list("pk", flat=True),
        },
    )
)
