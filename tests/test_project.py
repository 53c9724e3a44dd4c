"""Whole-project invariants: deploy checks, migrations, translations, the demo loader."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "sesric_site.settings.production",
        "SECRET_KEY": "x7#kq" + "a-long-random-production-secret-for-the-test-0123456789" * 2,
        "ALLOWED_HOSTS": "cbp.example.org",
        "SITE_URL": "https://cbp.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/9",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "sesric_site.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_an_https_site_url():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "sesric_site.settings.production"
    env["SECRET_KEY"] = "x" * 60
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}")


@pytest.mark.django_db
def test_demo_loader_refuses_a_declared_loader_that_does_not_exist(monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("experts"), "demo_loader", "experts.demo.load", raising=False
    )
    with pytest.raises(ImportError, match="experts.demo"):
        call_command("loaddemo", stdout=StringIO())


def test_demo_loaders_come_in_installed_apps_order():
    from website.management.commands.loaddemo import demo_loaders

    assert [loader.__module__ for loader in demo_loaders()] == [
        "programmes.demo",
        "activities.demo",
        "cooperation.demo",
    ]


@pytest.mark.django_db
def test_demo_loader_can_run_twice_without_duplicating_anything():
    call_command("loaddemo", stdout=StringIO())
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    call_command("loaddemo", stdout=StringIO())
    assert {model._meta.label: model.objects.count() for model in apps.get_models()} == counts
    assert counts["programmes.Programme"] == 10


def _catalogues():
    return sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")) + sorted(
        ROOT.glob("*/locale/*/LC_MESSAGES/*.po")
    )


def test_translation_catalogues_exist_for_arabic_and_french():
    languages = {po.parts[-3] for po in _catalogues()}
    assert {"ar", "fr"} <= languages


@pytest.mark.parametrize("catalogue", _catalogues(), ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), result.stderr


def test_the_documents_have_a_column_per_language_of_the_site():
    """Document's per-language columns are explicit (see its docstring): adding a language to
    settings.LANGUAGES must add them too, everything else follows the settings."""
    from core.i18n import language_codes
    from programmes.models import Document

    assert list(Document.LANGUAGES) == language_codes()
    for code in language_codes():
        for prefix in ("file", "size", "downloads"):
            Document._meta.get_field(f"{prefix}_{code}")
