"""A realistic data set for the benchmark (scripts/benchmark.py), created in bulk.

Generated content, for benchmark databases only: it says so in every generated text.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from activities.models import Activity, Kind, Photo
from experts.models import Expert, ExpertLanguage
from programmes.models import MainSubject, Programme, Sector
from search.indexing import rebuild

GENERATED = "Generated for a benchmark (demonstration data)."
BATCH = 2000


def _picture(number):
    """A 1600×1067 picture of coloured bands: distinct content, so distinct files."""
    image = Image.new("RGB", (1600, 1067), (number * 37 % 256, number * 91 % 256, 120))
    draw = ImageDraw.Draw(image)
    for band in range(0, 1600, 80):
        draw.rectangle([band, 0, band + 40, 1067], fill=((band + number * 13) % 256, 60, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"generated-{number}.jpg", buffer.getvalue(), "image/jpeg")


class Command(BaseCommand):
    help = (
        "Top the content up to a realistic size: programmes, activities, photo rows sharing a "
        "few dozen generated pictures (processed once, with their renditions) and experts. "
        "For benchmark databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programmes", type=int, default=25)
        parser.add_argument("--activities", type=int, default=2000)
        parser.add_argument("--photos", type=int, default=20000)
        parser.add_argument("--pictures", type=int, default=36)
        parser.add_argument("--experts", type=int, default=10000)

    def handle(self, *args, **options):
        self._load(options)
        if connection.vendor == "postgresql":
            # The state autovacuum keeps a live database in: fresh planner statistics (without
            # them PostgreSQL misjudges the search index and scans it row by row), and the GIN
            # indexes' pending lists merged. Left unmerged after a bulk load, every search read
            # them through, row by row: 400 ms a query instead of 15 on the realistic set.
            # (VACUUM cannot run inside a transaction, as when a test calls this command.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    @transaction.atomic
    def _load(self, options):
        rng = random.Random(11)  # noqa: S311 - the same data set on every run
        programmes = self._programmes(options["programmes"])
        activities = self._activities(programmes, options["activities"], rng)
        photos = self._photos(activities, options["photos"], options["pictures"])
        experts = self._experts(programmes, options["experts"], rng)
        entries = rebuild()
        self.stdout.write(
            f"{len(programmes)} programmes, {Activity.objects.count()} activities, "
            f"{photos} photo rows, {experts} experts; search index: {entries} entries."
        )

    def _programmes(self, total):
        sector, _ = Sector.objects.get_or_create(
            slug="benchmark", defaults={"name_en": "Benchmark", "order": 99}
        )
        existing = Programme.objects.count()
        Programme.objects.bulk_create(
            Programme(
                slug=f"bulk-{number}",
                acronym=f"BULK-{number}",
                sector=sector,
                name_en=f"Generated programme {number}",
                name_fr=f"Programme généré {number}",
                summary_en=GENERATED,
                order=100 + number,
            )
            for number in range(existing, total)
        )
        programmes = list(Programme.objects.active())
        MainSubject.objects.bulk_create(
            MainSubject(programme=programme, name_en=f"Subject {index}", order=index)
            for programme in programmes
            if programme.slug.startswith("bulk-")
            for index in range(4)
        )
        return programmes

    def _activities(self, programmes, total, rng):
        missing = max(0, total - Activity.objects.count())
        today = timezone.localdate()
        first_day = today - datetime.timedelta(days=365 * 20)
        # Twenty years of past editions; one edition announced ahead per programme.
        upcoming = {index * (missing // len(programmes) or 1) for index in range(len(programmes))}
        for start in range(0, missing, BATCH):
            Activity.objects.bulk_create(
                Activity(
                    programme=programmes[number % len(programmes)],
                    kind=rng.choice(Kind.values),
                    slug=f"generated-activity-{number}",
                    title_en=f"Generated activity {number}",
                    title_fr=f"Activité générée {number}",
                    summary_en=GENERATED,
                    body_en=f"<p>{GENERATED}</p>" * 5,
                    start_date=(
                        today + datetime.timedelta(days=rng.randrange(7, 365))
                        if number in upcoming
                        else first_day + datetime.timedelta(days=rng.randrange(365 * 20 - 1))
                    ),
                    city_en="Ankara",
                    country=rng.choice(["TR", "SA", "MA", "SN", "MY", "ID", "EG"]),
                    participants=rng.randrange(10, 120),
                    is_published=True,
                    published_at=timezone.now(),
                )
                for number in range(start, min(missing, start + BATCH))
            )
        return list(Activity.objects.values_list("pk", flat=True))

    def _photos(self, activity_pks, total, pictures):
        if not activity_pks or total <= 0:
            return Photo.objects.count()
        # A few dozen real pictures through the real pipeline (cleaned JPEG and renditions) ...
        stored = []
        for number in range(pictures):
            photo = Photo(activity_id=activity_pks[number % len(activity_pks)], alt_text_en="x")
            photo.image = _picture(number)
            photo.save()
            stored.append((photo.image.name, photo.width, photo.height))
        # ... shared by every generated row, as photos of a series share their files.
        missing = max(0, total - Photo.objects.count())
        per_activity = max(1, -(-missing // len(activity_pks)))
        rows = (
            Photo(
                activity_id=activity_pks[index // per_activity],
                image=stored[index % len(stored)][0],
                width=stored[index % len(stored)][1],
                height=stored[index % len(stored)][2],
                alt_text_en=f"Generated photo {index}",
                order=index % per_activity,
            )
            for index in range(missing)
        )
        Photo.objects.bulk_create(rows, batch_size=BATCH)
        return Photo.objects.count()

    def _experts(self, programmes, total, rng):
        missing = max(0, total - Expert.objects.count())
        now = timezone.now()
        created = []
        for start in range(0, missing, BATCH):
            created += Expert.objects.bulk_create(
                Expert(
                    given_name=f"Generated{number}",
                    family_name="Expert",
                    nationality=rng.choice(["TR", "SA", "MA", "SN", "MY"]),
                    country_of_residence="TR",
                    email=f"generated-{number}@example.org",
                    phone="+903124686172",
                    position="Demonstration",
                    organisation="Generated for a benchmark",
                    sector=rng.choice(Expert.Sector.values),
                    years_of_experience=rng.randrange(1, 40),
                    highest_degree=rng.choice(Expert.Degree.values),
                    summary=GENERATED,
                    cv=f"cv/generated-{number}.pdf",
                    consent_version="benchmark",
                    consent_given_at=now,
                    language="en",
                    status=rng.choice(Expert.Status.values),
                )
                for number in range(start, min(missing, start + BATCH))
            )
        ExpertLanguage.objects.bulk_create(
            (ExpertLanguage(expert=expert, language="en", level="fluent") for expert in created),
            batch_size=BATCH,
        )
        through = Expert.programmes.through
        through.objects.bulk_create(
            (
                through(expert_id=expert.pk, programme_id=rng.choice(programmes).pk)
                for expert in created
            ),
            batch_size=BATCH,
        )
        return Expert.objects.count()
