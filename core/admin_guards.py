"""Relations the content admins must neither reveal nor silently break.

Programmes and main subjects are chosen by experts (the reverse relation "experts"), and only
roster managers may see anything about experts. A changelist filter such as ?experts__id=16
would tell a content editor who chose what, and a delete page would list "expert-programme
relationships". Deleting a programme or a subject an expert chose would silently remove that
choice: it is refused instead, for everyone.

Which relations are hidden, and behind which permission, is configured in the settings
(ADMIN_HIDDEN_RELATIONS), so that this module knows no app above it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet


def may_see_relation(user, relation: str) -> bool:
    permission = settings.ADMIN_HIDDEN_RELATIONS.get(relation)
    return permission is None or user.has_perm(permission)


def any_related(model, objects, relations) -> bool:
    """Whether any of these objects has a row through any of these relations."""
    ids = [obj.pk for obj in objects if obj.pk is not None]
    if not ids or not relations:
        return False
    linked = Q()
    for relation in relations:
        linked |= Q(**{f"{relation}__isnull": False})
    return model._default_manager.filter(pk__in=ids).filter(linked).exists()


class HidesRelationsAdminMixin:
    """Refuses changelist lookups through a hidden relation (a 400) to users without its
    permission."""

    def lookup_allowed(self, lookup, value, request=None):
        for part in lookup.split(LOOKUP_SEP):
            if part in settings.ADMIN_HIDDEN_RELATIONS and not (
                request is not None and may_see_relation(request.user, part)
            ):
                return False
        return super().lookup_allowed(lookup, value, request)


class KeepsRelationsAdminMixin(HidesRelationsAdminMixin):
    """The delete page and the bulk delete action refuse while `kept_relations` hold rows,
    saying `kept_message` and nothing about the rows themselves."""

    kept_relations: tuple[str, ...] = ()
    kept_message = ""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any_related(self.model, objs, self.kept_relations):
            protected = [*protected, str(self.kept_message)]
        return deleted, counts, perms_needed, protected


class KeepsRelationsFormSet(BaseInlineFormSet):
    """An inline that refuses to delete a row `kept_relations` still point to."""

    kept_relations: tuple[str, ...] = ()
    kept_message = ""  # may use %(name)s, the row's str()

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if any_related(self.model, [form.instance], self.kept_relations):
                raise ValidationError(str(self.kept_message) % {"name": form.instance})
