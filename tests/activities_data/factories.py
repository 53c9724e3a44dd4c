"""Helpers for the activities tests: images built in memory, activities and photos in bulk."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.models import Activity, Kind, Photo


def image_bytes(fmt="JPEG", size=(640, 480), colour=(0, 89, 79), **save_options):
    buffer = io.BytesIO()
    mode = "1" if fmt == "PNG1" else "RGB"
    Image.new(mode, size, 0 if mode == "1" else colour).save(
        buffer, "PNG" if fmt == "PNG1" else fmt, **save_options
    )
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_activity(programme, number, **fields):
    start = datetime.date(2000, 1, 1) + datetime.timedelta(days=number * 3)
    defaults = {
        "programme": programme,
        "kind": Kind.TRAINING_COURSE,
        "title_en": f"Activity {number}",
        "title_fr": f"Activité {number}",
        "summary_en": f"Summary {number}",
        "slug": f"test-activity-{number}",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=1),
        "city_en": "Ankara",
        "country": "TR",
        "is_published": True,
    }
    defaults.update(fields)
    return Activity.objects.create(**defaults)


def add_stored_photos(activity, count):
    """Photos that point at already processed files (no Pillow work, for query counts)."""
    Photo.objects.bulk_create(
        Photo(
            activity=activity,
            image=f"activities/photos/stored-{activity.pk}-{index}.jpg",
            width=1200,
            height=800,
            alt_text_en=f"Photo {index}",
            order=index,
        )
        for index in range(count)
    )


def activity_admin_form(programme, **extra):
    """What the activity's add form in the admin posts, with `extra` fields."""
    data = {
        "programme": programme.pk,
        "kind": "training-course",
        "title_en": "A course with photos",
        "slug": "a-course-with-photos",
        "start_date": "2024-05-06",
        "end_date": "2024-05-08",
        "city_en": "Ankara",
        "country": "TR",
        "summary_en": "Summary.",
        "body_en": '<p onclick="x()">Hello<script>alert(1)</script></p>',
        "is_published": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        # The experts who served (matching's inline, shown to roster managers and superusers).
        "experts_served-TOTAL_FORMS": "0",
        "experts_served-INITIAL_FORMS": "0",
        "experts_served-MIN_NUM_FORMS": "0",
        "experts_served-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data
