from django.core.signals import setting_changed
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils.functional import empty

from core.files import delete_file_on_commit

from .admin_guards import refuse_deleting_chosen_programme, refuse_deleting_chosen_subject
from .models import Expert, private_cv_storage

__all__ = ["delete_file_on_commit"]  # experts.services imports it from here


@receiver(post_delete, sender=Expert, dispatch_uid="experts.delete_cv")
def delete_cv_with_expert(sender, instance, **kwargs):
    # post_delete fires for each row of a queryset delete too (admin bulk delete, purge).
    delete_file_on_commit(instance.cv)


@receiver(setting_changed, dispatch_uid="experts.reset_private_storage")
def reset_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_cv_storage._wrapped = empty


pre_delete.connect(
    refuse_deleting_chosen_programme,
    sender="programmes.Programme",
    dispatch_uid="experts.keep_programme_choices",
)
pre_delete.connect(
    refuse_deleting_chosen_subject,
    sender="programmes.MainSubject",
    dispatch_uid="experts.keep_subject_choices",
)
