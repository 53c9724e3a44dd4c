from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from experts.models import Expert


class Command(BaseCommand):
    help = (
        "Delete registrations whose e-mail address was never confirmed, with their CVs, "
        "once they are older than EXPERTS_UNCONFIRMED_RETENTION_DAYS (or --days). "
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
            return
        with transaction.atomic():
            # A queryset delete sends post_delete per row, which removes each CV on commit.
            stale.delete()
        self.stdout.write(f"Deleted {count} unconfirmed registration(s) older than {days} days.")
