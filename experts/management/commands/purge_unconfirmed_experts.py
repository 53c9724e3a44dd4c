from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from experts.models import Expert, private_cv_storage


class Command(BaseCommand):
    help = (
        "Delete registrations whose e-mail address was never confirmed, with their CVs, "
        "once they are older than EXPERTS_UNCONFIRMED_RETENTION_DAYS (or --days). "
        "Also deletes CV files that no registration refers to (a worker killed between storing "
        "the file and committing the row leaves one) once they are an hour old. "
        "Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Age limit in days.")
        parser.add_argument("--dry-run", action="store_true", help="Only count, delete nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.EXPERTS_UNCONFIRMED_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        stale = Expert.objects.unconfirmed_before(timezone.now() - timedelta(days=days))
        count = stale.count()
        if dry_run:
            self.stdout.write(f"{count} unconfirmed registration(s) older than {days} days.")
            self.stdout.write(f"{len(orphaned_cv_names())} CV file(s) without a registration.")
            return
        with transaction.atomic():
            # A queryset delete sends post_delete per row, which removes each CV on commit.
            stale.delete()
        self.stdout.write(f"Deleted {count} unconfirmed registration(s) older than {days} days.")
        orphans = orphaned_cv_names()
        for name in orphans:
            private_cv_storage.delete(name)
        self.stdout.write(f"Deleted {len(orphans)} CV file(s) without a registration.")


# A registration stores its CV, then commits its row: younger files may be on their way.
ORPHAN_MIN_AGE = timedelta(hours=1)


def orphaned_cv_names():
    """CV files in private storage that no registration refers to, older than ORPHAN_MIN_AGE."""
    try:
        _folders, files = private_cv_storage.listdir("cvs")
    except FileNotFoundError:
        return []
    used = set(Expert.objects.exclude(cv="").values_list("cv", flat=True))
    cutoff = timezone.now() - ORPHAN_MIN_AGE
    return sorted(
        name
        for name in (f"cvs/{file}" for file in files)
        if name not in used and private_cv_storage.get_modified_time(name) < cutoff
    )
