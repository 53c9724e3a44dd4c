from django.core.management.base import BaseCommand, CommandError

from core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database (pg_dump custom format on PostgreSQL) and every "
        "stored file, public media and private CVs, from the configured storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar file to write")

    def handle(self, archive, **options):
        try:
            summary = create_backup(archive)
        except ValueError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {alias}" for alias, count in summary["files"].items())
        self.stdout.write(f"Backed up the database and {files} file(s) to {archive}.")
