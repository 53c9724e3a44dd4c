"""The forms reached through a focal point's link are rate limited like the public ones.

Past the limit they answer 429 with a page in the visitor's language, a Retry-After header,
and the form as it was typed; nothing is stored.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperation import tokens
from cooperation.models import (
    CompletedFile,
    QuestionnaireRevision,
    TorRequest,
)
from programmes.models import DocumentKind
from tests.cooperation_data.support import make_focal_point
from tests.experts_data.support import PDF_BYTES, make_programme

LIMITED = {
    "en": "Too many attempts",
    "ar": "محاولات كثيرة جدًا",
    "fr": "Trop de tentatives",
}


@pytest.fixture
def signed_in(db, settings, experts_env):
    """A confirmed focal point's link, a programme with one subject, limits of two an hour."""
    settings.COOPERATION_FORM_RATE = "2/h"
    with translation.override("en"):
        programme = make_programme(subjects=("Mediation",))
    DocumentKind.objects.create(
        slug="questionnaire", name="Questionnaire", category="questionnaire"
    )
    DocumentKind.objects.create(slug="tor-courses", name="ToR for courses", category="tor")
    focal_point = make_focal_point(
        "TN", "Demonstration ministry", name="Salma", email="salma@example.org"
    )
    return programme, tokens.make_token(focal_point, tokens.SPACE)


def questionnaire(programme):
    subject = programme.subjects.get()
    data = {
        f"need_{subject.pk}": "yes",
        f"priority_{subject.pk}": "high",
        f"provide_{subject.pk}": "yes",
        f"offer_{subject.pk}": "Typed offer: two mediators for a week",
    }
    return data, "Typed offer: two mediators for a week", QuestionnaireRevision


def tor_request(programme):
    data = {
        "kind": str(DocumentKind.objects.get(category="tor").pk),
        "subjects": [str(programme.subjects.get().pk)],
        "objectives": "Typed objectives: train the negotiators",
        "desired_period": "Spring 2027",
        "participants": "15",
        "participant_profile": "Negotiators",
        "language": "ar",
        "mode": "online",
    }
    return data, "Typed objectives: train the negotiators", TorRequest


def upload(programme):
    kind = DocumentKind.objects.get(category="questionnaire")
    # A file input cannot be filled in again by the server: the chosen document is kept.
    return {"kind": str(kind.pk)}, f'<option value="{kind.pk}" selected>', CompletedFile


FORMS = {"questionnaire": questionnaire, "tor_request": tor_request, "upload": upload}


def post(client, address, data):
    files = {}
    if "/upload/" in address:
        files["file"] = SimpleUploadedFile("q.pdf", PDF_BYTES, content_type="application/pdf")
    return client.post(address, {**data, **files})


@pytest.mark.django_db
@pytest.mark.parametrize("view", FORMS)
def test_signed_in_forms_answer_429_in_the_visitors_language_keeping_what_was_typed(
    client, signed_in, view, language
):
    programme, token = signed_in
    data, typed, model = FORMS[view](programme)
    with translation.override(language):
        address = reverse(f"cooperation:{view}", kwargs={"token": token, "slug": programme.slug})
    for _ in range(2):
        assert post(client, address, data).status_code == 302
    stored = model.objects.count()
    assert stored == 2

    response = post(client, address, data)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert LIMITED[language] in page
    assert typed in page
    assert model.objects.count() == stored


@pytest.mark.django_db
def test_the_limit_counts_accepted_forms_only_and_per_form(client, signed_in):
    """Mistakes cost nothing, and a saved questionnaire does not use up the ToR request's."""
    programme, token = signed_in
    data, _, _ = questionnaire(programme)
    address = reverse("cooperation:questionnaire", kwargs={"token": token, "slug": programme.slug})
    for _ in range(3):
        assert client.post(address, {}).status_code == 200  # refused by the form, not counted
    for _ in range(2):
        assert client.post(address, data).status_code == 302
    assert client.post(address, data).status_code == 429
    tor_data, _, _ = tor_request(programme)
    tor_address = reverse(
        "cooperation:tor_request", kwargs={"token": token, "slug": programme.slug}
    )
    assert client.post(tor_address, tor_data).status_code == 302
