"""The collation the database sorts Arabic names with (core.collation.ICU_ARABIC).

ICU's Arabic tailoring files alef with hamza (أ، إ) and alef wasla under alef, as readers expect;
it also puts Arabic script before Latin, which the Python side (pyuca) does not: "kr-latn-arab"
keeps Latin first, so that a list sorts alike in the database and in Python. PostgreSQL only
(SQLite sorts in Python).
"""

from django.db import migrations

CREATE = (
    "CREATE COLLATION IF NOT EXISTS sesric_arabic "
    "(provider = icu, locale = 'ar-u-kr-latn-arab')"
)
DROP = "DROP COLLATION IF EXISTS sesric_arabic"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
