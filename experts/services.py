"""What happens to a registration, apart from the HTTP around it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from core.files import delete_file_on_commit
from core.freshness import bulk_updated

from . import mail
from .consent import CONSENT_VERSION
from .models import PROFILE_FIELDS, Expert, ExpertDecision, ExpertLanguage

# The fields an expert edits and staff review (the e-mail address cannot change by link).
REVIEWED_FIELDS = tuple(
    name for name in PROFILE_FIELDS if name not in ("email", "programmes", "subjects")
)
REVIEWED_STATUSES = (Expert.Status.APPROVED, Expert.Status.REJECTED, Expert.Status.INACTIVE)


def _apply(expert, form, languages):
    """Fill an expert from a valid form; the caller saves."""
    for name in form.Meta.fields:
        if name in ("programmes", "subjects") or form.fields[name].disabled:
            continue
        setattr(expert, name, form.cleaned_data[name])
    upload = form.cleaned_data.get("cv")
    if upload:
        expert.cv_name = upload.name[-200:]
        expert.cv = upload
    expert.consent_version = CONSENT_VERSION
    expert.consent_given_at = timezone.now()


def _programmes(form):
    """The programmes chosen, and those of the subjects chosen."""
    programmes = set(form.cleaned_data["programmes"])
    programmes.update(subject.programme for subject in form.cleaned_data["subjects"])
    return programmes


def _save_relations(expert, form, languages):
    expert.programmes.set(_programmes(form))
    expert.subjects.set(form.cleaned_data["subjects"])
    expert.languages.all().delete()
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, language=code, level=level) for code, level in languages
    )


def _add_relations(expert, form, languages):
    """The relations of a new entry: one INSERT per table, nothing to compare or delete."""
    Programmes = Expert.programmes.through
    Subjects = Expert.subjects.through
    Programmes.objects.bulk_create(
        Programmes(expert=expert, programme=programme) for programme in _programmes(form)
    )
    Subjects.objects.bulk_create(
        Subjects(expert=expert, mainsubject=subject) for subject in form.cleaned_data["subjects"]
    )
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, language=code, level=level) for code, level in languages
    )


def _removing_new_files_on_failure(expert, old_name, work):
    """Run `work` in a transaction; if it (or its commit) fails, delete the CV it stored."""
    try:
        with transaction.atomic():
            return work()
    except BaseException:
        if expert.cv.name and expert.cv.name != old_name:
            expert.cv.storage.delete(expert.cv.name)
        raise


def register(form, languages):
    """Create an unconfirmed expert, or mail the owner of an address already on the roster.

    Both outcomes look the same to the visitor and do the same work: the CV is stored, the
    INSERT is tried, and one e-mail is queued. The unique constraint on the (normalised) e-mail
    decides, which also settles two simultaneous registrations: the loser is treated as a
    repeat. Runs in its own transaction; whatever fails, no stored CV is left without its row.
    """
    expert = Expert(language=get_language())
    _apply(expert, form, languages)

    def work():
        try:
            with transaction.atomic():
                expert.save()  # stores the CV, then INSERTs the row
                _add_relations(expert, form, languages)
        except IntegrityError:
            existing = Expert.objects.filter(email=expert.email).first()
            if existing is None:
                raise
            # Stored like a new entry's CV, and removed once the answer is committed.
            delete_file_on_commit(expert.cv)
            mail.send_update_link(existing, get_language())
            return None
        mail.send_confirmation(expert)
        return expert

    return _removing_new_files_on_failure(expert, None, work)


def confirm(expert):
    """The person behind the address pressed the button: the entry goes to review."""
    if expert.is_confirmed:
        return False
    updated = Expert.objects.filter(pk=expert.pk, status=Expert.Status.UNCONFIRMED).update(
        status=Expert.Status.PENDING,
        confirmed_at=timezone.now(),
        link_version=F("link_version") + 1,
    )
    if not updated:
        return False  # confirmed meanwhile by another request
    expert.refresh_from_db()
    mail.notify_roster_managers(expert)
    return True


def _reviewed_content(expert, programmes, subjects, languages):
    """What roster managers judge: every field of the form, the relations and the CV."""
    fields = {
        name: Expert._meta.get_field(name).value_to_string(expert) for name in REVIEWED_FIELDS
    }
    return {
        **fields,
        "programmes": {programme.pk for programme in programmes},
        "subjects": {subject.pk for subject in subjects},
        "languages": set(languages),
        "cv": expert.cv.name,
    }


def update(expert, form, languages):
    old_cv = Expert.objects.filter(pk=expert.pk).values_list("cv", flat=True).first()
    return _removing_new_files_on_failure(expert, old_cv, lambda: _update(expert, form, languages))


def _update(expert, form, languages):
    """Changes sent through an e-mailed update link; the link proves the address too.

    An entry that staff had approved or rejected and whose owner changes it goes back to review:
    the decision was about the old content.
    """
    old_cv = expert.cv.name
    # The form has already copied its values onto `expert`: compare with the stored row.
    before = _reviewed_content(
        Expert.objects.only(*REVIEWED_FIELDS, "cv").get(pk=expert.pk),
        expert.programmes.all(),
        expert.subjects.all(),
        [(row.language, row.level) for row in expert.languages.all()],
    )
    _apply(expert, form, languages)
    after = _reviewed_content(expert, _programmes(form), form.cleaned_data["subjects"], languages)
    newly_confirmed = not expert.is_confirmed
    previous_status = None
    if newly_confirmed:
        expert.status = Expert.Status.PENDING
        expert.confirmed_at = timezone.now()
    elif expert.status in REVIEWED_STATUSES and before != after:
        previous_status = expert.status
        expert.status = Expert.Status.PENDING
        expert.reviewed_by = None
        expert.reviewed_at = None
    expert.link_version += 1
    expert.language = get_language()
    expert.save()
    _save_relations(expert, form, languages)
    if form.cleaned_data.get("cv") and old_cv and old_cv != expert.cv.name:
        delete_file_on_commit(Expert.cv.field.attr_class(expert, Expert.cv.field, old_cv))
    if newly_confirmed or previous_status:
        mail.notify_roster_managers(expert, previous_status)
    return expert


# Review ---------------------------------------------------------------------------------------

# The decisions roster managers make (experts.forms.ReviewForm asks a reason for the last two).
DECISIONS = (Expert.Status.APPROVED, Expert.Status.REJECTED, Expert.Status.INACTIVE)


def decide(queryset, status, user, reason="", source=ExpertDecision.Source.PAGE):
    """Move confirmed entries to `status`, in one transaction; returns (decided, skipped).

    Every entry that changes gets a decision in its history, a line in the admin history
    (LogEntry) and a queued e-mail telling the expert in their language. Unconfirmed and erased
    entries are skipped, and so are those already in `status` (nothing to decide).
    """
    if status not in DECISIONS:
        raise ValueError(f"Not a review decision: {status!r}")
    with transaction.atomic():
        chosen = list(
            # Plain rows: the admin's queryset may join nullable relations FOR UPDATE refuses.
            Expert.objects.filter(pk__in=queryset.values("pk"))
            .select_for_update()
            .only("pk", "status", "erased_at", "given_name", "family_name")
        )
        decided = [
            expert
            for expert in chosen
            if expert.status != Expert.Status.UNCONFIRMED
            and expert.erased_at is None
            and expert.status != status
        ]
        if not decided:
            return [], len(chosen)
        now = timezone.now()
        Expert.objects.filter(pk__in=[expert.pk for expert in decided]).update(
            status=status, reviewed_by=user, reviewed_at=now
        )
        # An UPDATE sends no post_save: what shows experts publicly learns of it this way.
        bulk_updated.send(sender=Expert, pks=[expert.pk for expert in decided])
        decisions = ExpertDecision.objects.bulk_create(
            ExpertDecision(
                expert=expert,
                status=status,
                previous_status=expert.status,
                reason=reason,
                decided_by=user,
                decided_by_name=user.get_username(),
                decided_at=now,
                source=source,
            )
            for expert in decided
        )
        _log_decisions(user, decided)
        for decision in decisions:
            mail.send_decision(decision)
    return decided, len(chosen) - len(decided)


def _log_decisions(user, experts):
    """The admin's own history (LogEntry) shows list actions as it shows the change page."""
    from django.contrib.admin.models import CHANGE, LogEntry

    LogEntry.objects.log_actions(
        user.pk, experts, CHANGE, change_message=[{"changed": {"fields": ["status"]}}]
    )
