"""The content the site search covers."""

from programmes.models import Programme

from .indexing import Source, register, register_dependent


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
    )
)
register_dependent(
    "programmes.MainSubject", "programmes.Programme", lambda subject: subject.programme
)
