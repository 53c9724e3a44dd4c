"""Terms of Reference online: a French agency sends a request and follows its state."""

import io
import re

import pytest
from django.core import mail
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cooperation import tokens
from cooperation.groups import COOPERATION_MANAGERS
from cooperation.models import TorRequest, TorStateChange
from programmes.models import DocumentKind
from tests.cooperation_data.support import (
    make_focal_point,
    make_tor_request,
    signed_in_staff,
    url,
)
from tests.experts_data.support import make_programme


@pytest.fixture
def programme(db, settings):
    settings.COOPERATION_FORM_RATE = "1000/h"
    DocumentKind.objects.create(
        slug="questionnaire", name="Questionnaire", category="questionnaire"
    )
    DocumentKind.objects.create(
        slug="tor-study-visits",
        name="Terms of Reference for Study Visits",
        name_fr="Termes de référence des visites d'étude",
        category="tor",
    )
    with translation.override("en"):  # names in English whatever an earlier test left active
        return make_programme(subjects=("Mediation", "Protocol"))


@pytest.fixture
def focal_point(db):
    return make_focal_point(
        "SN",
        "Demonstration Agency for Statistics",
        kind="agency",
        name="Awa",
        email="awa@example.org",
        language="fr",
        accepted=True,
    )


def request_data(programme, **overrides):
    return {
        "kind": str(DocumentKind.objects.get(category="tor").pk),
        "subjects": [str(programme.subjects.get(name_en="Protocol").pk)],
        "objectives": "Learn how protocol departments prepare official visits.",
        "desired_period": "Second half of 2027",
        "participants": "12",
        "participant_profile": "Protocol officers",
        "language": "fr",
        "mode": "in_person",
        **overrides,
    }


def space_url(focal_point, language="fr"):
    return url("cooperation:space", language, token=tokens.make_token(focal_point, tokens.SPACE))


@pytest.mark.django_db
def test_a_french_agency_sends_a_request_and_follows_its_state(
    client, programme, focal_point, run_tasks
):
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:tor_request", "fr", token=token, slug=programme.slug)
    assert client.get(address).status_code == 200
    # The space links to the form (tokens carry their own timestamp: compare the rest).
    assert f"/request/{programme.slug}/" in client.get(space_url(focal_point)).content.decode()

    response = client.post(address, request_data(programme))
    assert response.status_code == 302
    tor_request = TorRequest.objects.get()
    assert tor_request.state == TorRequest.State.RECEIVED
    assert tor_request.institution == focal_point.institution
    assert [s.name_en for s in tor_request.subjects.all()] == ["Protocol"]
    assert list(TorStateChange.objects.values_list("state", flat=True)) == ["received"]
    run_tasks()
    assert mail.outbox[-1].to == ["awa@example.org"]
    assert mail.outbox[-1].subject == "Votre demande\u00a0: Reçue"

    staff, _ = signed_in_staff(COOPERATION_MANAGERS)
    changelist = reverse("admin:cooperation_torrequest_changelist")
    for state, label in (("under_review", "En cours d’examen"), ("scheduled", "Programmée")):
        mail.outbox.clear()
        staff.post(changelist, {"action": f"move_to_{state}", "_selected_action": [tor_request.pk]})
        tor_request.refresh_from_db()
        assert tor_request.state == state
        run_tasks()
        assert len(mail.outbox) == 1 and label in mail.outbox[0].subject
        link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
        assert label in client.get(link).content.decode()
    # The same state again: nothing changes, nobody is written to.
    mail.outbox.clear()
    staff.post(changelist, {"action": "move_to_scheduled", "_selected_action": [tor_request.pk]})
    run_tasks()
    assert mail.outbox == []
    assert TorStateChange.objects.filter(request=tor_request).count() == 3
    assert (
        staff.get(reverse("admin:cooperation_torrequest_change", args=[tor_request.pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_invalid_requests_come_back_with_the_form(client, programme, focal_point):
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:tor_request", "fr", token=token, slug=programme.slug)
    with translation.override("en"):
        other = make_programme(slug="other", acronym="Other", subjects=("Elsewhere",))
    questionnaire_kind = DocumentKind.objects.get(category="questionnaire")
    for data in (
        request_data(programme, participants="0"),
        request_data(programme, participants="100000"),
        request_data(programme, participants="many"),
        request_data(programme, subjects=[str(other.subjects.get().pk)]),
        request_data(programme, subjects=[]),
        request_data(programme, kind=str(questionnaire_kind.pk)),
        request_data(programme, mode="teleport"),
        request_data(programme, objectives="x" * 5000),
        request_data(programme, objectives="a\u202eb"),
        {},
    ):
        response = client.post(address, data)
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert not TorRequest.objects.exists()


@pytest.mark.django_db
def test_the_space_lists_requests_in_constant_queries(
    client, programme, focal_point, django_assert_num_queries
):
    address = space_url(focal_point)
    client.get(address)
    with django_assert_num_queries(6) as first:
        client.get(address)
    kind = DocumentKind.objects.get(category="tor")
    for _ in range(4):
        make_tor_request(focal_point, programme, kind, participants=3, language="fr")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(address)
    assert page.content.decode().count("<td>Reçue</td>") == 4


@pytest.mark.django_db
def test_managers_export_requests_answers_and_focal_points_as_csv_and_excel(
    client, programme, focal_point
):
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:tor_request", "fr", token=token, slug=programme.slug)
    client.post(address, request_data(programme, objectives="=HYPERLINK(evil)"))
    staff, _ = signed_in_staff(COOPERATION_MANAGERS)
    tor_request = TorRequest.objects.get()
    response = staff.post(
        reverse("admin:cooperation_torrequest_changelist"),
        {"action": "export_csv", "_selected_action": [tor_request.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Streamed row by row (core.exports.resource_export_response), never built whole.
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Demonstration Agency for Statistics" in text and "'=HYPERLINK(evil)" in text
    assert text.count("\r\n") == 2  # the headers and the one request
    response = staff.post(
        reverse("admin:cooperation_focalpoint_changelist"),
        {"action": "export_xlsx", "_selected_action": [focal_point.pk]},
    )
    # Written to a temporary file in openpyxl's write-only mode, sent from it in blocks.
    assert isinstance(response, FileResponse)
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and content.startswith(b"PK")
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 2 and focal_point.email in [cell.value for cell in sheet[2]]


@pytest.mark.django_db
def test_a_programme_without_main_subjects_still_takes_requests(client, programme, focal_point):
    with translation.override("en"):
        bare = make_programme(slug="osh-cab", acronym="OSH-CaB", subjects=())
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:tor_request", "fr", token=token, slug=bare.slug)
    assert 'name="subjects"' not in client.get(address).content.decode()
    data = request_data(programme)
    del data["subjects"]
    response = client.post(address, data)
    assert response.status_code == 302
    tor_request = TorRequest.objects.get()
    assert tor_request.programme == bare and not tor_request.subjects.exists()
    # Where there are main subjects, one at least is asked for.
    address = url("cooperation:tor_request", "fr", token=token, slug=programme.slug)
    assert client.post(address, data).status_code == 200
    assert TorRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_request_form_takes_constant_queries(
    client, programme, focal_point, django_assert_num_queries
):
    token = tokens.make_token(focal_point, tokens.SPACE)
    address = url("cooperation:tor_request", "fr", token=token, slug=programme.slug)
    client.get(address)
    with django_assert_num_queries(5) as first:
        client.get(address)
    for index in range(4):
        programme.subjects.create(name=f"Subject {index}")
        DocumentKind.objects.create(slug=f"tor-{index}", name=f"ToR {index}", category="tor")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(address)
    assert page.content.decode().count('name="subjects"') == 6
