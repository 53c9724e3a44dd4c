"""Every message of the project's catalogues reads, at run time, as that catalogue translates it.

Django merges every installed app's catalogue and the first app that translates a message wins:
a library's translation (import_export's "Format" as a file format) or another project app's
(the same msgid translated two ways) would silently replace ours.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


def project_apps():
    """The apps of this repository (not the libraries installed in its virtual environment)."""
    root = Path(settings.BASE_DIR)
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(root) and "site-packages" not in config.path
    ]


def project_catalogues(language):
    folders = [Path(config.path) / "locale" for config in project_apps()]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    for folder in folders:
        mo = folder / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                yield folder, gettext.GNUTranslations(handle)._catalog


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_each_project_message_reads_as_its_catalogue_translates_it(language):
    catalogues = list(project_catalogues(language))
    assert len(catalogues) >= 8
    merged = trans_real.translation(language)._catalog
    overridden = []
    for folder, catalogue in catalogues:
        for key, msgstr in catalogue.items():
            if key == "" or not msgstr:
                continue
            if merged[key] != msgstr:
                overridden.append((str(folder.parent.name), key, msgstr, merged[key]))
    assert overridden == []


def test_an_activitys_format_is_not_a_file_format():
    """import_export translates "Format" too (تنسيق, a file format): ours comes first."""
    with translation.override("ar"):
        assert translation.gettext("Format") == "طريقة الانعقاد"
    labels = [config.label for config in apps.get_app_configs()]
    assert labels.index("activities") < labels.index("import_export")


MARKUP = re.compile(r"<[^>]*>|%\([^)]*\)[sdif]|\{\{[^}]*\}\}|\{[a-z_]*\}")


def test_french_takes_the_typographic_apostrophe():
    """French text uses ’ (not ') everywhere but inside HTML tags and placeholders."""
    straight = [
        (folder.parent.name, msgstr)
        for folder, catalogue in project_catalogues("fr")
        for key, msgstr in catalogue.items()
        if key and "'" in MARKUP.sub("", msgstr)
    ]
    assert straight == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "error"),
    [("fr", "Année\u00a0: "), ("ar", "السنة: "), ("en", "Year: ")],
)
def test_form_errors_are_introduced_as_each_language_writes_it(client, language, error):
    page = client.get(f"/{language}/activities/?year=abc").content.decode()
    errors = page[page.index('class="errorlist"') :]
    assert f"<li>{error}" in errors[: errors.index("</ul>")]
