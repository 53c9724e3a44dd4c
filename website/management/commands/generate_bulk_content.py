import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from activities.models import Activity, Kind
from programmes.models import MainSubject, Programme, Sector
from search.indexing import rebuild

ACTIVITIES_PER_PROGRAMME = 10


class Command(BaseCommand):
    help = (
        "Add N generated programmes with ten activities each, to measure how the site holds up "
        "as content grows (scripts/benchmark.py --scale N). For benchmark databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    @transaction.atomic
    def handle(self, *args, count, **options):
        sector, _ = Sector.objects.get_or_create(
            slug="benchmark", defaults={"name_en": "Benchmark", "order": 99}
        )
        start = Programme.objects.filter(slug__startswith="bulk-").count()
        programmes = Programme.objects.bulk_create(
            Programme(
                slug=f"bulk-{number}",
                acronym=f"BULK-{number}",
                sector=sector,
                name_en=f"Generated programme {number}",
                name_fr=f"Programme généré {number}",
                summary_en="Generated for a benchmark.",
                order=100 + number,
            )
            for number in range(start, start + count)
        )
        MainSubject.objects.bulk_create(
            MainSubject(programme=programme, name_en=f"Subject {index}", order=index)
            for programme in programmes
            for index in range(4)
        )
        first_day = datetime.date(2010, 1, 4)
        Activity.objects.bulk_create(
            Activity(
                programme=programme,
                kind=Kind.TRAINING_COURSE,
                slug=f"{programme.slug}-activity-{index}",
                title_en=f"Generated activity {index} of {programme.acronym}",
                summary_en="Generated for a benchmark.",
                start_date=first_day + datetime.timedelta(days=37 * index + programme.pk),
                city_en="Ankara",
                country="TR",
                participants=20 + index,
                is_published=True,
            )
            for programme in programmes
            for index in range(ACTIVITIES_PER_PROGRAMME)
        )
        entries = rebuild()
        self.stdout.write(
            f"Added {count} programmes and {count * ACTIVITIES_PER_PROGRAMME} activities; "
            f"search index: {entries} entries."
        )
