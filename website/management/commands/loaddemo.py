from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from search.indexing import deferred as search_indexing_deferred

DEMO_STAFF_USERNAME = "demo-admin"
DEMO_STAFF_PASSWORD = "demo-admin"  # noqa: S105 - local demo database only, refused when DEBUG is off


def demo_loaders():
    """The `demo_loader(stdout)` each installed app declares on its AppConfig, in
    INSTALLED_APPS order (programmes before the activities that point at them). A declared
    loader that cannot be imported is an error, never skipped."""
    return [
        import_string(config.demo_loader)
        for config in apps.get_app_configs()
        if getattr(config, "demo_loader", None)
    ]


class Command(BaseCommand):
    help = (
        "Fill the database with demo content built from SESRIC's public pages. "
        "Safe to run again: existing demo rows are updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-staff",
            action="store_true",
            help=f"Also create the superuser {DEMO_STAFF_USERNAME!r} (development only).",
        )

    def handle(self, *args, with_staff=False, **options):
        if with_staff and not settings.DEBUG:
            raise CommandError("The demo staff account is only created when DEBUG is on.")
        # The search entries are written once, at the end, rather than at each of ~150 saves.
        with transaction.atomic(), search_indexing_deferred():
            for load in demo_loaders():
                load(self.stdout)
            if with_staff:
                self._create_demo_staff()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def _create_demo_staff(self):
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_STAFF_USERNAME,
            defaults={"email": "demo-admin@localhost", "is_staff": True, "is_superuser": True},
        )
        user.set_password(DEMO_STAFF_PASSWORD)
        user.save()
        self.stdout.write(f"Demo staff account: {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD}")
