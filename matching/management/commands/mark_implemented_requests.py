from django.core.management.base import BaseCommand

from matching.services import implement_past_activities
from matching.tasks import mark_implemented_requests


class Command(BaseCommand):
    help = (
        "Queue the daily task moving scheduled requests to 'implemented' once their published "
        "activity's last day has passed (each focal point is told). Run it daily, e.g. from "
        "cron; --now runs it here instead of on the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run it now, not on the worker.")

    def handle(self, *args, now=False, **options):
        if now:
            count = implement_past_activities()
            self.stdout.write(f"{count} request(s) implemented.")
            return
        mark_implemented_requests.enqueue()
        self.stdout.write("Queued.")
