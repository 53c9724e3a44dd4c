"""Remove stored files that nothing points to: run it daily, like purge_experts.

A file is removed from the public (`default`) or private storage when no file field of any
model names it (nor a name a model lists through `stored_names()`, e.g. photo renditions) and
it is older than UPLOAD_SWEEP_MIN_AGE (a day), so that an upload whose row is being written
right now is never touched. Kept uploads of refused forms go once KEPT_UPLOAD_MAX_AGE has passed.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from core import kept_uploads

SWEPT_STORAGES = ("default", "private")


def _walk(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from _walk(storage, f"{directory}/{sub}" if directory else sub)


def referenced_names() -> set[str]:
    """Every file name a row points to, in any storage."""
    names = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not fields:
            continue
        if hasattr(model, "stored_names"):
            for instance in model._default_manager.only("pk", *fields).iterator():
                names.update(instance.stored_names())
        for field in fields:
            names.update(
                model._default_manager.exclude(**{field: ""})
                .values_list(field, flat=True)
                .iterator()
            )
    return names


def orphans(now=None):
    """(storage alias, name) of old files no row refers to."""
    limit = (now or timezone.now()) - timedelta(seconds=settings.UPLOAD_SWEEP_MIN_AGE)
    referenced = referenced_names()
    for alias in SWEPT_STORAGES:
        storage = storages[alias]
        for name in _walk(storage):
            if name.startswith(f"{kept_uploads.DIRECTORY}/") and alias == "private":
                continue  # swept by their own, shorter, rule
            if name in referenced or storage.get_modified_time(name) >= limit:
                continue
            yield alias, name


class Command(BaseCommand):
    help = "Delete upload files no record points to (older than a day) and expired kept uploads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted, delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        found = list(orphans())
        for alias, name in found:
            self.stdout.write(f"{alias}: {name}")
            if not dry_run:
                storages[alias].delete(name)
        kept = [] if dry_run else kept_uploads.sweep()
        self.stdout.write(
            f"{len(found)} unreferenced file(s) {'found' if dry_run else 'deleted'}, "
            f"{len(kept)} expired kept upload(s) deleted."
        )
