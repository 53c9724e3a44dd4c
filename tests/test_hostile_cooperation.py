"""Hostile input on every page and form of the cooperation app: never a 5xx.

The values of tests/test_hostile_requests.py go into each path segment, each query parameter
the pages read and each field of each form (public and signed-in), in the three languages.
"""

from urllib.parse import quote

import pytest

from cooperation import tokens
from cooperation.models import QuestionnaireQuestion
from programmes.models import DocumentKind, Programme
from tests.cooperation_data.support import make_focal_point
from tests.test_hostile_requests import HOSTILE_VALUES, RAW_QUERIES, _check, get_raw

LANGUAGES = ["en", "ar", "fr"]


@pytest.fixture
def space(demo, settings):
    settings.COOPERATION_FORM_RATE = "100000/h"
    settings.COOPERATION_FORM_EMAIL_RATE = "100000/h"
    focal_point = make_focal_point(
        "TN", "Demo hostile", name="H", email="hostile@example.org", language="en"
    )
    return tokens.make_token(focal_point, tokens.SPACE)


def _forms(token):
    """Each form's address and the names of the fields it reads."""
    programme = Programme.objects.get(slug="diplomacy-cab")
    subjects = [subject.pk for subject in programme.subjects.all()]
    questions = QuestionnaireQuestion.objects.filter(programme=programme).values_list(
        "pk", flat=True
    )
    questionnaire = [
        f"{name}_{pk}" for pk in subjects for name in ("need", "priority", "provide", "offer")
    ] + [f"question_{pk}" for pk in questions]
    space = f"cooperation/space/{token}"
    return {
        "cooperation/register/": [
            "country",
            "institution",
            "kind",
            "name",
            "position",
            "email",
            "website",
        ],
        "cooperation/link/": ["email", "website"],
        f"{space}/questionnaire/diplomacy-cab/": questionnaire,
        f"{space}/request/diplomacy-cab/": [
            "kind",
            "subjects",
            "objectives",
            "desired_period",
            "participants",
            "participant_profile",
            "language",
            "mode",
        ],
        f"{space}/upload/diplomacy-cab/": ["kind"],
    }


def _post(client, url, data, reason):
    response = client.post(url, data)
    assert response.status_code in {200, 302, 400}, (response.status_code, url[:80], reason)


@pytest.mark.django_db
def test_hostile_values_in_every_field_of_every_form(client, space):
    """Each hostile value in all the fields of each form at once, then the worst ones in each
    field alone while the others hold something plausible (so that this one is the reason)."""
    tor_kind = str(DocumentKind.objects.filter(category="tor").first().pk)
    for number, (path, fields) in enumerate(_forms(space).items()):
        for index, (name, value) in enumerate(HOSTILE_VALUES.items()):
            url = f"/{LANGUAGES[(number + index) % 3]}/{path}"
            _post(client, url, dict.fromkeys(fields, value), name)
        plausible = {
            name: "yes" if name.startswith(("need", "provide")) else "1" for name in fields
        }
        for field in fields:
            for index, name in enumerate(("nul", "long", "huge")):
                url = f"/{LANGUAGES[index % 3]}/{path}"
                data = {**plausible, "kind": tor_kind, field: HOSTILE_VALUES[name]}
                _post(client, url, data, f"{field}: {name}")


@pytest.mark.django_db
def test_hostile_values_in_paths_and_query_parameters(client, space):
    pages = [
        "cooperation/register/",
        "cooperation/link/",
        "cooperation/sent/",
        f"cooperation/space/{space}/",
        f"cooperation/space/{space}/questionnaire/diplomacy-cab/",
        f"cooperation/space/{space}/request/diplomacy-cab/",
        f"cooperation/space/{space}/upload/diplomacy-cab/",
        "cooperation/needs/diplomacy-cab/",
    ]
    for number, (name, value) in enumerate(HOSTILE_VALUES.items()):
        language = LANGUAGES[number % 3]
        segment = quote(value, safe="")
        for template in (
            "cooperation/confirm/{x}/",
            "cooperation/space/{x}/",
            "cooperation/space/{x}/questionnaire/diplomacy-cab/",
            f"cooperation/space/{space}/questionnaire/{{x}}/",
            f"cooperation/space/{space}/request/{{x}}/",
            f"cooperation/space/{space}/upload/{{x}}/",
            "cooperation/needs/{x}/",
        ):
            url = f"/{language}/" + template.format(x=segment)
            _check(client.get(url), url)
            assert client.post(url).status_code < 500, url[:200]
        # The parameters the pages read, and one they do not, in turn.
        parameter = ("saved", "sent", "uploaded", "unknown")[number % 4]
        for page in pages:
            query = f"{parameter}={quote(value, safe='')}"
            _check(get_raw(client, f"/{language}/{page}", query), f"{page}?{query} ({name})")
    for query in RAW_QUERIES:
        for page in pages:
            _check(get_raw(client, f"/en/{page}", query), f"{page}?{query}")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["9" * 20, "-" + "9" * 20, "9" * 60])
def test_a_key_too_large_for_any_database_is_an_invalid_choice_asked_of_none(
    key, django_assert_num_queries
):
    """SQLite's driver raises OverflowError (a 500) on such a key: it never reaches the query."""
    from django.core.exceptions import ValidationError

    from core.forms import KeysModelMultipleChoiceField

    field = KeysModelMultipleChoiceField(QuestionnaireQuestion.objects.all())
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean([key])
    assert refused.value.code == "invalid_choice"
