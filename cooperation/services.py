"""What happens to a focal point, apart from the HTTP around it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from core.freshness import content_changed

from . import mail
from .models import (
    CompletedFile,
    FocalPoint,
    Institution,
    QuestionAnswer,
    QuestionnaireAnswer,
    QuestionnaireRevision,
    SubjectAnswer,
    TorRequest,
    TorStateChange,
)


def register(data):
    """A new institution and its unconfirmed focal point, or a fresh link to a known address.

    Both outcomes look the same to the visitor: whether an address is known is never told.
    """
    existing = FocalPoint.objects.filter(email=data["email"]).first()
    if existing is not None:
        send_fresh_link(existing)
        return
    try:
        with transaction.atomic():
            institution = Institution.objects.create(
                country=data["country"], name=data["institution"], kind=data["kind"]
            )
            focal_point = FocalPoint.objects.create(
                institution=institution,
                name=data["name"],
                position=data["position"],
                email=data["email"],
                language=get_language(),
            )
            mail.send_confirmation(focal_point)
    except IntegrityError:
        # The same address registered at the same moment: its owner gets a link, nothing more.
        existing = FocalPoint.objects.filter(email=data["email"]).first()
        if existing is not None:
            send_fresh_link(existing)


def send_fresh_link(focal_point):
    """A confirmed focal point gets a link to their space, an unconfirmed one a new confirmation."""
    if focal_point.is_confirmed:
        mail.send_space_link(focal_point, get_language())
    else:
        mail.send_confirmation(focal_point)


def confirm(focal_point):
    with transaction.atomic():
        updated = FocalPoint.objects.filter(pk=focal_point.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), link_version=F("link_version") + 1
        )
        if updated:
            mail.notify_cooperation_managers(focal_point)


def accept(queryset, user):
    """Staff accept confirmed focal points; returns how many were accepted."""
    with transaction.atomic():
        chosen = list(queryset.awaiting_acceptance().select_for_update())
        FocalPoint.objects.filter(pk__in=[row.pk for row in chosen]).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        for focal_point in chosen:
            mail.send_accepted(focal_point)
        if chosen:
            content_changed()
    return len(chosen)


def current_answers(institution, programme):
    """The institution's stored answers, by subject and question id (for the form's initial)."""
    answer = (
        QuestionnaireAnswer.objects.filter(institution=institution, programme=programme)
        .prefetch_related("subjects", "questions")
        .first()
    )
    if answer is None:
        return None
    return {
        "subjects": {row.subject_id: row for row in answer.subjects.all()},
        "questions": {row.question_id: row for row in answer.questions.all()},
    }


def save_questionnaire(focal_point, programme, form):
    """Replace the institution's answers to the programme's questionnaire; keep a revision.

    All or nothing: the answers, their rows and the revision are written in one transaction.
    """
    with transaction.atomic():
        answer = _write_answers(focal_point.institution_id, programme, focal_point, form)
        if focal_point.counts:
            content_changed()
    return answer


def record_from_file(completed_file, form, user):
    """Staff type in the answers of an uploaded questionnaire, on the institution's behalf.

    They become the institution's answers like answers sent online (counting while the focal
    point who uploaded the file does), and the revision says who recorded them from which file.
    """
    with transaction.atomic():
        locked = CompletedFile.objects.select_for_update().get(pk=completed_file.pk)
        answer = _write_answers(
            locked.institution_id,
            locked.programme,
            locked.focal_point,
            form,
            recorded_by=user,
            completed_file=locked,
        )
        CompletedFile.objects.filter(pk=locked.pk).update(recorded=True)
        content_changed()
    completed_file.recorded = True
    return answer


def _write_answers(institution_id, programme, focal_point, form, **source):
    subjects = form.subject_values()
    questions = form.question_values()
    answer, _ = QuestionnaireAnswer.objects.select_for_update().get_or_create(
        institution_id=institution_id, programme=programme
    )
    if focal_point is not None:
        answer.focal_point = focal_point
    answer.updated_at = timezone.now()
    answer.save(update_fields=["focal_point", "updated_at"])
    answer.subjects.all().delete()
    answer.questions.all().delete()
    SubjectAnswer.objects.bulk_create(
        SubjectAnswer(answer=answer, subject=subject, **values)
        for subject, values in subjects.items()
    )
    QuestionAnswer.objects.bulk_create(
        QuestionAnswer(answer=answer, question=question, text=text)
        for question, text in questions.items()
        if text
    )
    snapshot = {
        "language": get_language(),
        "subjects": [
            {"id": subject.pk, "subject": subject.name, **values}
            for subject, values in subjects.items()
        ],
        "questions": [
            {"id": question.pk, "question": question.text, "answer": text}
            for question, text in questions.items()
        ],
    }
    if source:
        # Copied in too: the history still says so if the user or the file is deleted.
        snapshot["recorded_by"] = source["recorded_by"].get_username()
        snapshot["completed_file"] = source["completed_file"].file_name
    QuestionnaireRevision.objects.create(
        answer=answer,
        focal_point=focal_point,
        created_at=answer.updated_at,
        snapshot=snapshot,
        **source,
    )
    return answer


def submit_tor_request(focal_point, programme, form):
    """Store a request in the state "received", with its first change of state, and say so."""
    with transaction.atomic():
        tor_request = _create_tor_request(form, focal_point.institution_id, programme, focal_point)
        if focal_point.counts:
            content_changed()
    return tor_request


def record_tor_from_file(completed_file, form, user):
    """Staff type in a Terms of Reference uploaded as a file: a request like one sent online,
    whose first change of state names them; the focal point who uploaded it is told."""
    with transaction.atomic():
        locked = CompletedFile.objects.select_for_update().get(pk=completed_file.pk)
        tor_request = _create_tor_request(
            form, locked.institution_id, locked.programme, locked.focal_point, recorded_by=user
        )
        CompletedFile.objects.filter(pk=locked.pk).update(recorded=True)
        content_changed()
    completed_file.recorded = True
    return tor_request


def _create_tor_request(form, institution_id, programme, focal_point, recorded_by=None):
    tor_request = form.save(commit=False)
    tor_request.institution_id = institution_id
    tor_request.programme = programme
    tor_request.focal_point = focal_point
    tor_request.save()
    form.save_m2m()
    TorStateChange.objects.create(
        request=tor_request,
        state=tor_request.state,
        changed_at=tor_request.created_at,
        changed_by=recorded_by,
    )
    if focal_point is not None:
        mail.send_tor_state(tor_request)
    return tor_request


def change_tor_state(tor_request, state, user):
    """Move a request to `state`; its focal point gets a message, once the change is committed.

    Returns False, changing nothing, when the request is already in that state.
    """
    with transaction.atomic():
        locked = TorRequest.objects.select_for_update().get(pk=tor_request.pk)
        if locked.state == state:
            return False
        now = timezone.now()
        TorRequest.objects.filter(pk=locked.pk).update(state=state, state_changed_at=now)
        TorStateChange.objects.create(request=locked, state=state, changed_at=now, changed_by=user)
        mail.send_tor_state(locked)
        content_changed()
    tor_request.state, tor_request.state_changed_at = state, now
    return True


def store_completed_file(focal_point, programme, kind, upload):
    """Keep an uploaded file; if the row cannot be written, the stored file is removed."""
    row = CompletedFile(
        institution_id=focal_point.institution_id,
        programme=programme,
        kind=kind,
        focal_point=focal_point,
        file_name=upload.name[-200:],
    )
    try:
        with transaction.atomic():
            row.file = upload
            row.save()
    except BaseException:
        if row.file.name:
            row.file.storage.delete(row.file.name)
        raise
    return row
