"""PostgreSQL only: the extensions, an accent-insensitive French configuration and the indexes
that keep search fast as content grows. Other databases use the simple fallback in query.py."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FORWARD_SQL = [
    "CREATE TEXT SEARCH CONFIGURATION sesric_french (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION sesric_french "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_normalised_trgm ON search_searchentry "
    "USING gin (normalised gin_trgm_ops)",
]
BACKWARD_SQL = [
    "DROP INDEX IF EXISTS search_entry_normalised_trgm",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS sesric_french",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(_run(FORWARD_SQL), _run(BACKWARD_SQL)),
    ]
