"""What the content admins (programmes, activities) may reveal or change about experts.

Only roster managers may see anything about experts. Programmes and main subjects are linked to
experts (Expert.programmes, Expert.subjects, both related_name="experts"), so an editor's
changelist filter such as ?experts__id=16 or a delete page listing "expert-programme
relationships" would tell them who chose what. And deleting a programme or a subject an expert
chose would silently remove that choice: it is refused instead, for everyone (mark the programme
inactive, or have a roster manager change the experts' choices first).
"""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EXPERTS_RELATION = "experts"

PROGRAMME_CHOSEN = _(
    "Experts of the roster chose this programme or one of its main subjects. Deleting it would "
    "remove their choices: mark the programme inactive instead, or ask a roster manager to "
    "change those experts' choices first."
)
SUBJECT_CHOSEN = _(
    "Experts of the roster chose the main subject “%(subject)s”, so it cannot be deleted. "
    "Rename it instead, or ask a roster manager to change those experts' choices first."
)


def can_see_experts(user) -> bool:
    return user.has_perm("experts.view_expert")


def programmes_chosen_by_experts(programmes) -> bool:
    """Whether any expert chose one of these programmes or one of their main subjects."""
    from .models import Expert

    ids = [programme.pk for programme in programmes]
    return (
        Expert.programmes.through.objects.filter(programme_id__in=ids).exists()
        or Expert.subjects.through.objects.filter(mainsubject__programme_id__in=ids).exists()
    )


def subjects_chosen_by_experts(subjects) -> bool:
    from .models import Expert

    ids = [subject.pk for subject in subjects]
    return Expert.subjects.through.objects.filter(mainsubject_id__in=ids).exists()


class HidesExpertsAdminMixin:
    """Refuses changelist lookups through experts to anyone but roster managers (a 400)."""

    def lookup_allowed(self, lookup, value, request=None):
        if EXPERTS_RELATION in lookup.split(LOOKUP_SEP) and not (
            request is not None and can_see_experts(request.user)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)


class KeepsProgrammeChoicesAdminMixin(HidesExpertsAdminMixin):
    """The delete page (and the bulk delete action) of programmes refuses, naming no expert."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if programmes_chosen_by_experts(objs):
            protected = [*protected, str(PROGRAMME_CHOSEN)]
        return deleted, counts, perms_needed, protected


class KeepsSubjectChoicesFormSet(BaseInlineFormSet):
    """The main-subject inline refuses to delete a subject an expert chose."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            subject = form.instance
            if subject.pk and subjects_chosen_by_experts([subject]):
                raise ValidationError(gettext(SUBJECT_CHOSEN) % {"subject": subject.name})


def refuse_deleting_chosen_programme(sender, instance, **kwargs):
    """pre_delete: the same rule for code that deletes outside the admin."""
    if programmes_chosen_by_experts([instance]):
        raise ProtectedError(str(PROGRAMME_CHOSEN), [instance])


def refuse_deleting_chosen_subject(sender, instance, **kwargs):
    if subjects_chosen_by_experts([instance]):
        raise ProtectedError(gettext(SUBJECT_CHOSEN) % {"subject": instance.name}, [instance])
