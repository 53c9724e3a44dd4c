from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from experts import erasure
from experts.models import Expert


class Command(BaseCommand):
    help = (
        "Apply the roster's retention rules; run it daily, e.g. from cron. Registrations never "
        "confirmed are deleted after EXPERTS_UNCONFIRMED_RETENTION_DAYS; rejected and inactive "
        "entries are erased EXPERTS_RETIRED_RETENTION_DAYS after the decision (deleted with "
        "their CVs, or anonymised when another record, such as an activity served, names them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        unconfirmed_days = settings.EXPERTS_UNCONFIRMED_RETENTION_DAYS
        retired_days = settings.EXPERTS_RETIRED_RETENTION_DAYS
        if unconfirmed_days < 1 or retired_days < 1:
            raise CommandError("Retention periods must be at least 1 day.")
        now = timezone.now()
        unconfirmed = Expert.objects.unconfirmed_before(now - timedelta(days=unconfirmed_days))
        retired = Expert.objects.retired_before(now - timedelta(days=retired_days))
        if dry_run:
            self.stdout.write(
                f"{unconfirmed.count()} unconfirmed registration(s) older than "
                f"{unconfirmed_days} days; {retired.count()} rejected or inactive entr(y/ies) "
                f"decided more than {retired_days} days ago."
            )
            return
        with transaction.atomic():
            stale = [*unconfirmed.select_for_update(), *retired.select_for_update()]
            outcomes = [(expert.status, erasure.erase(expert)) for expert in stale]
        unconfirmed_count = sum(status == Expert.Status.UNCONFIRMED for status, _ in outcomes)
        deleted = sum(
            status != Expert.Status.UNCONFIRMED and outcome == erasure.DELETED
            for status, outcome in outcomes
        )
        anonymised = sum(outcome == erasure.ANONYMISED for _, outcome in outcomes)
        self.stdout.write(
            f"Deleted {unconfirmed_count} unconfirmed registration(s) older than "
            f"{unconfirmed_days} days; {deleted} rejected or inactive entr(y/ies) deleted and "
            f"{anonymised} anonymised (kept for the records that name them)."
        )
