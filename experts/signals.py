from django.core.signals import setting_changed
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils.functional import empty

from core.admin_guards import any_related
from core.files import delete_file_on_commit
from programmes.models import MainSubject, Programme

from .models import Expert, private_cv_storage


@receiver(post_delete, sender=Expert, dispatch_uid="experts.delete_cv")
def delete_cv_with_expert(sender, instance, **kwargs):
    # post_delete fires for each row of a queryset delete too (admin bulk delete, purge).
    delete_file_on_commit(instance.cv)


@receiver(setting_changed, dispatch_uid="experts.reset_private_storage")
def reset_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_cv_storage._wrapped = empty


@receiver(pre_delete, sender=Programme, dispatch_uid="experts.keep_programme_choices")
def refuse_deleting_a_chosen_programme(sender, instance, **kwargs):
    """The admin refuses first (programmes/admin.py); this holds for any other code too."""
    if any_related(Programme, [instance], ("experts", "subjects__experts")):
        raise ProtectedError(
            f"Experts chose the programme {instance}: it cannot be deleted.", [instance]
        )


@receiver(pre_delete, sender=MainSubject, dispatch_uid="experts.keep_subject_choices")
def refuse_deleting_a_chosen_subject(sender, instance, **kwargs):
    if any_related(MainSubject, [instance], ("experts",)):
        raise ProtectedError(
            f"Experts chose the main subject {instance}: it cannot be deleted.", [instance]
        )
