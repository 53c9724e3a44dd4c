from django.core.signals import setting_changed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.functional import empty

from core.files import delete_file_on_commit

from .models import Expert, private_cv_storage


@receiver(post_delete, sender=Expert, dispatch_uid="experts.delete_cv")
def delete_cv_with_expert(sender, instance, **kwargs):
    # post_delete fires for each row of a queryset delete too (admin bulk delete, purge).
    delete_file_on_commit(instance.cv)


@receiver(setting_changed, dispatch_uid="experts.reset_private_storage")
def reset_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_cv_storage._wrapped = empty
