"""Keep the index in step with the content: every save or delete of an indexed object."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import sources  # noqa: F401 - registers the sources
from .indexing import DEPENDENTS, SOURCES, index_object, remove_object


def _reindex_parent(sender, instance):
    source_label, parent = DEPENDENTS[sender._meta.label]
    parent_instance = parent(instance)
    if parent_instance is not None:
        index_object(SOURCES[source_label], parent_instance)


@receiver(post_save)
def reindex_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    label = sender._meta.label
    if label in SOURCES:
        index_object(SOURCES[label], instance)
    elif label in DEPENDENTS:
        _reindex_parent(sender, instance)


@receiver(post_delete)
def unindex_on_delete(sender, instance, **kwargs):
    label = sender._meta.label
    if label in SOURCES:
        remove_object(SOURCES[label], instance.pk)
    elif label in DEPENDENTS:
        _reindex_parent(sender, instance)
