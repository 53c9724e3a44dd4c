from django.core.management.base import BaseCommand
from django.db import transaction

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the site search index from programmes, activities and documents."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild()
        self.stdout.write(f"Search index: {count} entries.")
