from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable page in one language: the text a reader of that language sees.

    Entries are derived from programmes, activities and documents (see indexing.py) and can be
    rebuilt at any time with `manage.py rebuild_search_index`.
    """

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programmes")
        ACTIVITY = "activity", _("Activities")
        DOCUMENT = "document", _("Documents")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=5)
    # The language the text is really in: "en" where a translation is missing.
    text_language = models.CharField(max_length=5)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    # normalise(title + body): accent- and case-free, for trigram matching and SQLite.
    normalised = models.TextField(blank=True)
    # Filled on PostgreSQL only, with the text search configuration of text_language.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique_per_language"
            )
        ]
        indexes = [models.Index(fields=["language", "kind"])]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.kind} {self.object_id} [{self.language}]"

    def get_kind_display(self):
        # Django's own flattens the choices on every call: ~250 function calls per result.
        return str(KIND_LABELS.get(self.kind, self.kind))


KIND_LABELS = dict(SearchEntry.Kind.choices)
