from django.core.signals import setting_changed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.functional import empty

from core.files import delete_file_on_commit

from .models import CompletedFile, private_files


@receiver(post_delete, sender=CompletedFile, dispatch_uid="cooperation.delete_completed_file")
def delete_completed_file(sender, instance, **kwargs):
    delete_file_on_commit(instance.file)


@receiver(setting_changed, dispatch_uid="cooperation.reset_private_storage")
def reset_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty
