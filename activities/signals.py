from django.core.files.storage import default_storage
from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.files import delete_files_on_commit

from .models import Photo


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back request keeps its files.
    delete_files_on_commit(
        default_storage, instance.stored_names(), still_used=instance.names_still_used
    )
