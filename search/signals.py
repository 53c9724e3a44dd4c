"""Keep the index in step with the content: each source and each model it depends on is
watched by model (never every model, which would stop Django's fast delete), for saves,
deletes, bulk updates (core.freshness.bulk_updated) and many-to-many changes. The index is
rewritten in the same transaction as the change: a rolled-back edit leaves it as it was."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from core.freshness import bulk_updated

from . import sources  # noqa: F401 - registers the sources
from .indexing import SOURCES, index_objects, remove_object


def _connect_source(source):
    model = apps.get_model(source.model_label)
    uid = f"search:{source.model_label}"

    def on_save(sender, instance, raw=False, **kwargs):
        if not raw:
            index_objects(source, [instance.pk])

    def on_delete(sender, instance, **kwargs):
        remove_object(source, instance.pk)

    def on_bulk_update(sender, pks, **kwargs):
        index_objects(source, pks)

    def on_m2m(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if not reverse:
            index_objects(source, [instance.pk])
        elif action == "post_clear":
            # Reverse clear: the source objects were not named; any might have changed.
            index_objects(source, source.queryset().values_list("pk", flat=True))
        else:
            index_objects(source, pk_set or ())

    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)
    bulk_updated.connect(on_bulk_update, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            on_m2m,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}.{field.name}",
        )


def _connect_dependency(source, label, affected):
    model = apps.get_model(label)
    uid = f"search:{source.model_label}<-{label}"

    def on_save(sender, instance, raw=False, **kwargs):
        if not raw:
            index_objects(source, affected(instance))

    # The objects affected by a deletion are known only before it (m2m rows go first).
    def before_delete(sender, instance, **kwargs):
        instance.__dict__.setdefault("_search_affected", {})[uid] = list(affected(instance))

    def on_delete(sender, instance, **kwargs):
        index_objects(source, instance.__dict__.get("_search_affected", {}).get(uid, ()))

    def on_bulk_update(sender, pks, **kwargs):
        for instance in model._default_manager.filter(pk__in=pks):
            index_objects(source, affected(instance))

    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(before_delete, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)
    bulk_updated.connect(on_bulk_update, sender=model, weak=False, dispatch_uid=uid)


def connect():
    for source in SOURCES.values():
        _connect_source(source)
        for label, affected in source.depends_on.items():
            _connect_dependency(source, label, affected)
