from django.core.management.base import BaseCommand, CommandError

from core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and empty storage "
        "(createdb first; on SQLite the schema is migrated, then the data loaded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar file written by `backup`")

    def handle(self, archive, **options):
        try:
            summary = restore_backup(archive)
        except ValueError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {alias}" for alias, count in summary["files"].items())
        self.stdout.write(f"Restored the backup of {summary['created']}: database and {files}.")
