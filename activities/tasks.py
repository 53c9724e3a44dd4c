"""Photo renditions, made on the task queue (core.tasks explains the queue).

A photo is stored at once, cleaned, by the admin's request; the WebP and JPEG renditions of its
srcset are written here, outside the request. The task is idempotent (it writes only what is
missing and marks the row once) and is tried again later when the storage fails.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAY_SECONDS = 60


class RenditionsNotMade(Exception):
    """The last attempt failed too: the task is recorded as failed (admin, "Task results")."""


@task()
def make_photo_renditions(photo_id: int, attempt: int = 1):
    from core.middleware import is_storage_outage

    from .models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "photo deleted meanwhile"
    if photo.renditions_ready:
        return "already made"
    try:
        photo.make_renditions()
    except Exception as error:
        if not (isinstance(error, OSError) or is_storage_outage(error)):
            raise
        if attempt >= MAX_ATTEMPTS:
            raise RenditionsNotMade(f"photo {photo_id}: {attempt} attempts failed") from error
        delay = RETRY_DELAY_SECONDS * 2 ** (attempt - 1)
        make_photo_renditions.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            photo_id, attempt + 1
        )
        logger.warning(
            "Renditions of photo %s not made (%r); again in %d s", photo_id, error, delay
        )
        return f"attempt {attempt} failed, retry queued"
    return "made"
