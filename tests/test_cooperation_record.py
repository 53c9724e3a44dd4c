"""Staff record the answers of an uploaded questionnaire, on the institution's behalf."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import (
    CompletedFile,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireRevision,
    SubjectAnswer,
    TorRequest,
)
from cooperation.needs import needs_and_capacities
from programmes.models import DocumentKind
from tests.cooperation_data.support import make_focal_point, signed_in_staff
from tests.experts_data.support import PDF_BYTES, make_programme
from website.groups import CONTENT_EDITORS


@pytest.fixture
def completed_file(db, experts_env):
    with translation.override("en"):
        programme = make_programme(subjects=("Mediation", "Protocol"))
    QuestionnaireQuestion.objects.create(
        programme=programme, text="Demonstration question: which departments?", order=1
    )
    kind = DocumentKind.objects.create(
        slug="questionnaire", name="Questionnaire", category="questionnaire"
    )
    focal_point = make_focal_point(
        "MA", "Demonstration ministry", name="Y", email="y@example.org", accepted=True
    )
    row = CompletedFile(
        institution=focal_point.institution,
        programme=programme,
        kind=kind,
        focal_point=focal_point,
        file_name="réponses.pdf",
    )
    row.file.save("x.pdf", ContentFile(PDF_BYTES), save=False)
    row.save()
    return row


def answers(programme, **overrides):
    mediation, protocol = programme.subjects.all()
    question = programme.questionnaire_questions.get()
    return {
        f"need_{mediation.pk}": "yes",
        f"priority_{mediation.pk}": "medium",
        f"provide_{mediation.pk}": "no",
        f"offer_{mediation.pk}": "",
        f"need_{protocol.pk}": "no",
        f"priority_{protocol.pk}": "",
        f"provide_{protocol.pk}": "yes",
        f"offer_{protocol.pk}": "A protocol officer for a week (from the file).",
        f"question_{question.pk}": "The department of protocol.",
        **overrides,
    }


def record_url(completed_file):
    return reverse("admin:cooperation_completedfile_record", args=[completed_file.pk])


@pytest.mark.django_db
def test_a_manager_records_the_answers_of_a_file_and_the_history_says_so(completed_file):
    client, manager = signed_in_staff(COOPERATION_MANAGERS)
    programme = completed_file.programme
    change = client.get(
        reverse("admin:cooperation_completedfile_change", args=[completed_file.pk])
    ).content.decode()
    assert record_url(completed_file) in change
    page = client.get(record_url(completed_file))
    assert page.status_code == 200
    content = page.content.decode()
    assert "réponses.pdf" in content
    assert reverse("admin:cooperation_completedfile_download", args=[completed_file.pk]) in content
    assert "Demonstration question: which departments?" in content

    response = client.post(record_url(completed_file), answers(programme))
    answer = QuestionnaireAnswer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:cooperation_questionnaireanswer_change", args=[answer.pk]
    )
    assert answer.institution == completed_file.institution
    assert answer.focal_point == completed_file.focal_point
    rows = {row.subject.name: row for row in answer.subjects.select_related("subject")}
    assert rows["Mediation"].needs_training and rows["Mediation"].priority == "medium"
    assert rows["Protocol"].can_provide and "from the file" in rows["Protocol"].offer
    assert answer.questions.get().text == "The department of protocol."
    revision = QuestionnaireRevision.objects.get()
    assert revision.recorded_by == manager and revision.completed_file == completed_file
    assert revision.snapshot["completed_file"] == "réponses.pdf"
    assert revision.snapshot["recorded_by"] == "manager"
    completed_file.refresh_from_db()
    assert completed_file.recorded

    # They count like answers sent online: the public figures show the institution's need.
    mediation = programme.subjects.get(name_en="Mediation")
    figures = {row.subject.pk: row for row in needs_and_capacities(programme).subjects}
    assert figures[mediation.pk].needing == {"MA"}

    # The answer's page reads back where they came from.
    history = client.get(response["Location"]).content.decode()
    assert "Recorded by manager from the uploaded file “réponses.pdf”" in history


@pytest.mark.django_db
def test_recording_again_starts_from_the_stored_answers_and_keeps_both_versions(completed_file):
    client, _ = signed_in_staff(COOPERATION_MANAGERS)
    programme = completed_file.programme
    mediation = programme.subjects.get(name_en="Mediation")
    client.post(record_url(completed_file), answers(programme))
    page = client.get(record_url(completed_file)).content.decode()
    assert 'value="medium" selected' in page
    assert "already recorded once" in page
    client.post(
        record_url(completed_file), answers(programme, **{f"priority_{mediation.pk}": "low"})
    )
    assert SubjectAnswer.objects.get(subject=mediation).priority == "low"
    assert QuestionnaireRevision.objects.count() == 2


@pytest.mark.django_db
def test_wrong_answers_and_a_failing_database_save_nothing_and_keep_the_form(completed_file):
    client, _ = signed_in_staff(COOPERATION_MANAGERS)
    programme = completed_file.programme
    mediation, protocol = programme.subjects.all()
    for data in (
        answers(programme, **{f"priority_{mediation.pk}": ""}),
        answers(programme, **{f"need_{mediation.pk}": "maybe"}),
        answers(programme, **{f"offer_{protocol.pk}": "x" * 3000}),
        {},
    ):
        response = client.post(record_url(completed_file), data)
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
    with mock.patch(
        "cooperation.services.QuestionnaireRevision.objects.create",
        side_effect=DatabaseError("down"),
    ):
        response = client.post(record_url(completed_file), answers(programme))
    assert response.status_code == 503
    assert "from the file" in response.content.decode()
    assert not QuestionnaireAnswer.objects.exists() and not SubjectAnswer.objects.exists()
    completed_file.refresh_from_db()
    assert not completed_file.recorded


@pytest.mark.django_db
def test_only_staff_allowed_to_change_answers_record_and_only_questionnaires_and_tor(
    completed_file,
):
    editor, _ = signed_in_staff(CONTENT_EDITORS, "editor")
    assert editor.get(record_url(completed_file)).status_code == 403
    assert (
        editor.post(record_url(completed_file), answers(completed_file.programme)).status_code
        == 403
    )
    assert not QuestionnaireAnswer.objects.exists()
    assert Client().get(record_url(completed_file)).status_code == 302  # to the login page

    client, _ = signed_in_staff(COOPERATION_MANAGERS)
    assert (
        client.get(reverse("admin:cooperation_completedfile_record", args=[999])).status_code == 404
    )
    other = DocumentKind.objects.create(slug="brochure", name="Brochure", category="other")
    CompletedFile.objects.filter(pk=completed_file.pk).update(kind=other)
    assert client.get(record_url(completed_file)).status_code == 404


@pytest.mark.django_db
def test_the_record_form_takes_constant_queries(completed_file, django_assert_num_queries):
    client, _ = signed_in_staff(COOPERATION_MANAGERS)
    programme = completed_file.programme
    client.get(record_url(completed_file))
    with django_assert_num_queries(10) as first:
        client.get(record_url(completed_file))
    for index in range(4):
        QuestionnaireQuestion.objects.create(programme=programme, text=f"Demo {index}")
        programme.subjects.create(name=f"Subject {index}")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(record_url(completed_file))


@pytest.mark.django_db
def test_a_manager_records_completed_terms_of_reference_as_a_request(
    completed_file, run_tasks, mailoutbox
):
    study_visits = DocumentKind.objects.create(
        slug="tor-study-visits",
        name="Terms of Reference for Study Visits",
        name_ar="الشروط المرجعية للزيارات الدراسية",
        category="tor",
    )
    CompletedFile.objects.filter(pk=completed_file.pk).update(kind=study_visits)
    client, manager = signed_in_staff(COOPERATION_MANAGERS)
    page = client.get(record_url(completed_file)).content.decode()
    assert f'<option value="{study_visits.pk}" selected>' in page
    assert 'name="objectives"' in page and 'name="need_' not in page
    programme = completed_file.programme
    data = {
        "kind": str(study_visits.pk),
        "subjects": [str(programme.subjects.get(name_en="Protocol").pk)],
        "objectives": "Visit a protocol department (from the file).",
        "desired_period": "2027",
        "participants": "8",
        "participant_profile": "Protocol officers",
        "language": "ar",
        "mode": "in_person",
    }
    assert client.post(record_url(completed_file), {**data, "participants": "0"}).status_code == 200
    assert not TorRequest.objects.exists()
    response = client.post(record_url(completed_file), data)
    tor_request = TorRequest.objects.get()
    assert response["Location"] == reverse(
        "admin:cooperation_torrequest_change", args=[tor_request.pk]
    )
    assert tor_request.institution == completed_file.institution
    assert tor_request.focal_point == completed_file.focal_point
    assert tor_request.state == TorRequest.State.RECEIVED
    assert tor_request.changes.get().changed_by == manager
    completed_file.refresh_from_db()
    assert completed_file.recorded
    run_tasks()
    [message] = mailoutbox
    assert message.to == ["y@example.org"] and message.subject == "طلبك: مستلَم"


@pytest.mark.django_db
def test_a_file_whose_focal_point_was_deleted_is_still_recorded_but_does_not_count(
    completed_file,
):
    completed_file.focal_point.delete()
    client, _ = signed_in_staff(COOPERATION_MANAGERS)
    page = client.get(record_url(completed_file)).content.decode()
    assert "not accepted (or no longer exists)" in page
    response = client.post(record_url(completed_file), answers(completed_file.programme))
    assert response.status_code == 302
    answer = QuestionnaireAnswer.objects.get()
    assert answer.institution == completed_file.institution and answer.focal_point is None
    assert not QuestionnaireAnswer.objects.counting().exists()
    figures = needs_and_capacities(completed_file.programme)
    assert not figures.has_answers
