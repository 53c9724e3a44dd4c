"""Erasing a person from the roster: when they leave it, and when the retention rule applies.

An entry is deleted with its CV, languages and review history. When another part of the site
keeps a record that names the entry (for instance an activity the expert served, added by
another app with a foreign key or many-to-many relation to Expert), deleting the row would
take that record with it or be refused: the entry is then *anonymised* instead, every
personal field emptied, the CV deleted, and only the bare row left for the record to point at.

Which relations count is decided generically from `Expert._meta.related_objects`: every
reverse relation except the entry's own parts (OWN_RELATIONS) is a record to keep.
"""

from django.db import transaction
from django.utils import timezone

from core.files import delete_file_on_commit
from core.freshness import bulk_updated

from .models import Expert

DELETED = "deleted"
ANONYMISED = "anonymised"

# Reverse relations that are part of the entry itself and go with it.
OWN_RELATIONS = {"languages", "decisions"}


def kept_relations():
    """The reverse relations of Expert whose rows must outlive the person's data."""
    return [
        relation
        for relation in Expert._meta.related_objects
        if relation.get_accessor_name() not in OWN_RELATIONS
    ]


def has_kept_records(expert):
    """Whether any record outside the entry itself names this expert."""
    for relation in kept_relations():
        manager = relation.related_model._base_manager
        if manager.filter(**{relation.field.name: expert.pk}).exists():
            return True
    return False


def erase(expert):
    """Delete the entry, or anonymise it when a record names it; returns "deleted" or
    "anonymised". The CV file is removed once the transaction commits."""
    with transaction.atomic():
        if has_kept_records(expert):
            _anonymise(expert)
            return ANONYMISED
        # post_delete (experts.signals) removes the CV on commit.
        Expert.objects.filter(pk=expert.pk).delete()
        return DELETED


def _anonymise(expert):
    if expert.cv:
        delete_file_on_commit(expert.cv)
    for accessor in OWN_RELATIONS:
        getattr(expert, accessor).all().delete()
    expert.programmes.clear()
    expert.subjects.clear()
    Expert.objects.filter(pk=expert.pk).update(
        title="",
        given_name="",
        family_name="",
        nationality="",
        country_of_residence="",
        # Unique and undeliverable (RFC 2606): no mail can reach anyone through it.
        email=f"erased-{expert.pk}@erased.invalid",
        phone="",
        position="",
        organisation="",
        summary="",
        cv="",
        cv_name="",
        link_version=expert.link_version + 1,
        erased_at=timezone.now(),
    )
    # An UPDATE sends no post_save: a page that named the expert must forget the name now.
    bulk_updated.send(sender=Expert, pks=[expert.pk])
