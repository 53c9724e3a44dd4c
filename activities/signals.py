from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Photo


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back request keeps its files.
    transaction.on_commit(instance.delete_files)
