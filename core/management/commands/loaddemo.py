from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo content exposes demo.load(stdout); order matters (programmes first).
DEMO_MODULES = ["programmes.demo", "activities.demo", "experts.demo"]

DEMO_STAFF_USERNAME = "demo-admin"
DEMO_STAFF_PASSWORD = "demo-admin"  # noqa: S105 - local demo database only, refused when DEBUG is off


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
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.load(self.stdout)
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
