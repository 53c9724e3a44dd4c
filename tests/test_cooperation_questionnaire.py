"""A focal point answers a programme's questionnaire online, changes the answers, history kept."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation

from cooperation import tokens
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import (
    FocalPoint,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireRevision,
    SubjectAnswer,
)
from tests.cooperation_data.support import make_focal_point, signed_in_staff, url
from tests.experts_data.support import make_programme


@pytest.fixture
def programme(db, settings):
    settings.COOPERATION_FORM_RATE = "1000/h"
    with translation.override("en"):  # names in English whatever an earlier test left active
        programme = make_programme(subjects=("Mediation", "Protocol"))
    QuestionnaireQuestion.objects.create(
        programme=programme,
        text="Demonstration question: which departments would attend?",
        text_ar="سؤال للعرض التوضيحي: ما الإدارات التي ستشارك؟",
        order=1,
    )
    return programme


@pytest.fixture
def focal_point(db):
    return make_focal_point(
        "JO", "Demonstration Ministry of Foreign Affairs", name="Layla", email="layla@example.org"
    )


def questionnaire_url(focal_point, programme, language="en"):
    token = tokens.make_token(focal_point, tokens.SPACE)
    return url("cooperation:questionnaire", language, token=token, slug=programme.slug)


def answers(programme, **overrides):
    mediation, protocol = programme.subjects.all()
    question = programme.questionnaire_questions.get()
    data = {
        f"need_{mediation.pk}": "yes",
        f"priority_{mediation.pk}": "high",
        f"provide_{mediation.pk}": "no",
        f"offer_{mediation.pk}": "",
        f"need_{protocol.pk}": "no",
        f"priority_{protocol.pk}": "",
        f"provide_{protocol.pk}": "yes",
        f"offer_{protocol.pk}": "Two trainers for a one-week course.",
        f"question_{question.pk}": "The protocol department.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_ministry_answers_in_arabic_and_changes_its_answers(client, programme, focal_point):
    address = questionnaire_url(focal_point, programme, "ar")
    page = client.get(address)
    assert page.status_code == 200
    assert "سؤال للعرض التوضيحي" in page.content.decode()

    response = client.post(address, answers(programme))
    assert response.status_code == 302
    answer = QuestionnaireAnswer.objects.get()
    assert answer.institution == focal_point.institution and answer.focal_point == focal_point
    rows = {row.subject.name: row for row in answer.subjects.select_related("subject")}
    assert rows["Mediation"].needs_training and rows["Mediation"].priority == "high"
    assert rows["Protocol"].can_provide and rows["Protocol"].offer.startswith("Two trainers")
    assert answer.questions.get().text == "The protocol department."
    assert "شكرًا" in client.get(response["Location"]).content.decode()

    mediation = programme.subjects.get(name_en="Mediation")
    client.post(address, answers(programme, **{f"priority_{mediation.pk}": "low"}))
    assert QuestionnaireAnswer.objects.count() == 1
    assert SubjectAnswer.objects.get(subject=mediation).priority == "low"
    revisions = list(QuestionnaireRevision.objects.order_by("id"))
    assert len(revisions) == 2
    assert revisions[0].snapshot["subjects"][0]["priority"] == "high"
    assert revisions[1].snapshot["subjects"][0]["priority"] == "low"
    assert revisions[1].snapshot["language"] == "ar"

    # The form shows what was last sent.
    page = client.get(address).content.decode()
    assert 'value="low" selected' in page


@pytest.mark.django_db
def test_incoherent_or_incomplete_answers_are_refused_with_the_form(client, programme, focal_point):
    address = questionnaire_url(focal_point, programme, "fr")
    mediation, protocol = programme.subjects.all()
    for data in (
        answers(programme, **{f"priority_{mediation.pk}": ""}),
        answers(programme, **{f"offer_{protocol.pk}": "  "}),
        answers(programme, **{f"need_{mediation.pk}": "maybe"}),
        answers(programme, **{f"priority_{mediation.pk}": "urgent"}),
        answers(programme, **{f"offer_{protocol.pk}": "x" * 3000}),
        answers(programme, **{f"offer_{protocol.pk}": "a\u202eb"}),
        {},
    ):
        response = client.post(address, data)
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert not QuestionnaireAnswer.objects.exists()


@pytest.mark.django_db
def test_nothing_is_half_saved_when_the_database_fails(client, programme, focal_point):
    with mock.patch(
        "cooperation.services.QuestionnaireRevision.objects.create",
        side_effect=DatabaseError("down"),
    ):
        response = client.post(questionnaire_url(focal_point, programme), answers(programme))
    assert response.status_code == 503
    assert not QuestionnaireAnswer.objects.exists() and not SubjectAnswer.objects.exists()


@pytest.mark.django_db
def test_links_of_unconfirmed_focal_points_and_unknown_programmes_lead_nowhere(
    client, programme, focal_point
):
    token = tokens.make_token(focal_point, tokens.SPACE)
    assert client.get(url("cooperation:questionnaire", token=token, slug="nope")).status_code == 404
    assert (
        client.get(url("cooperation:questionnaire", token="bad", slug=programme.slug)).status_code
        == 400
    )
    FocalPoint.objects.filter(pk=focal_point.pk).update(confirmed_at=None)
    assert client.get(questionnaire_url(focal_point, programme)).status_code == 400


@pytest.mark.django_db
def test_the_space_lists_the_questionnaires_in_constant_queries(
    client, programme, focal_point, django_assert_num_queries
):
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:space", token=token)
    client.get(address)  # session, translations
    with django_assert_num_queries(6):
        page = client.get(address)
    assert f"/questionnaire/{programme.slug}/" in page.content.decode()
    for index in range(3):
        make_programme(slug=f"p{index}", acronym=f"P{index}")
    with django_assert_num_queries(6):
        client.get(address)


@pytest.mark.django_db
def test_the_questionnaire_page_takes_constant_queries(
    client, programme, focal_point, django_assert_num_queries
):
    address = questionnaire_url(focal_point, programme)
    client.post(address, answers(programme))
    client.get(address)
    with django_assert_num_queries(7) as first:
        client.get(address)
    for index in range(5):
        QuestionnaireQuestion.objects.create(programme=programme, text=f"Demo {index}")
        programme.subjects.create(name=f"Subject {index}")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(address)


@pytest.mark.django_db
def test_cooperation_managers_read_answers_and_history_in_the_admin(client, programme, focal_point):
    client.post(questionnaire_url(focal_point, programme), answers(programme))
    staff, _ = signed_in_staff(COOPERATION_MANAGERS)
    answer = QuestionnaireAnswer.objects.get()
    listing = staff.get(
        reverse("admin:cooperation_questionnaireanswer_changelist")
        + "?programme__id__exact="
        + str(programme.pk)
    )
    assert listing.status_code == 200
    assert "Demonstration Ministry of Foreign Affairs" in listing.content.decode()
    page = staff.get(reverse("admin:cooperation_questionnaireanswer_change", args=[answer.pk]))
    assert page.status_code == 200
    assert "Two trainers" in page.content.decode()
