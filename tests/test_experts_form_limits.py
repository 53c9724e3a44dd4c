"""Registration limits stated up front, checked in the browser before sending, and the CV kept
across a refusal (issue 13)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from experts.models import Expert
from tests.experts_data.support import PDF_BYTES, make_programme, pdf_upload, valid_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def programme():
    return make_programme()


def limits_list(html):
    block = re.search(r'<ul class="experts-limits" id="form-limits">(.*?)</ul>', html, re.S)
    return [
        re.sub(r"[ \t\n]+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", block[1])
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "What you can teach or advise on, in at least 50 and at most 2000 characters.",
                "CV: PDF or Word (.docx), at most 5 MB.",
                "Each e-mail address may send this form 5 times in 1 hour.",
            ],
        ),
        (
            "fr",
            [
                "Ce que vous pouvez enseigner ou conseiller, en 50 caractères au moins et 2000 "
                "caractères au plus.",
                "CV\u00a0: PDF ou Word (.docx), 5 Mo au plus.",
                "Chaque adresse électronique peut envoyer ce formulaire 5 fois en une heure.",
            ],
        ),
    ],
)
def test_the_limits_are_stated_before_the_form(client, programme, language, expected):
    html = client.get(url("experts:register", language)).content.decode()
    assert limits_list(html) == expected
    assert html.index('id="form-limits"') < html.index('name="given_name"')


def test_the_arabic_form_states_its_limits_in_arabic(client, programme):
    items = limits_list(client.get(url("experts:register", "ar")).content.decode())
    assert len(items) == 3
    assert "50 حرفًا على الأقل" in items[0]
    assert "5 ميغابايت" in items[1]
    assert "5 مرات" in items[2]


def test_the_form_carries_what_the_script_checks(client, programme, settings):
    settings.EXPERTS_CV_MAX_SIZE = 3 * 1024 * 1024
    html = client.get(url("experts:register", "fr")).content.decode()
    assert re.search(r'<script src="/static/experts/js/expert-form\.js[^"]*" defer>', html)
    assert 'data-max-bytes="3145728"' in html
    assert 'data-extensions=".pdf,.docx"' in html
    assert "Ce fichier dépasse 3\u00a0Mo" in html or "Ce fichier dépasse 3 Mo" in html
    assert 'data-min-length="50"' in html
    assert "Caractères saisis\u00a0: %(count)s" in html
    assert "<script>" not in html  # nothing inline: the CSP allows only our files


def test_the_script_is_ours_and_served(client):
    path = finders.find("experts/js/expert-form.js")
    assert path
    source = open(path, encoding="utf-8").read()  # noqa: SIM115
    for name in ("maxBytes", "extensions", "tooBig", "wrongType", "minLength", "counter"):
        assert f"dataset.{name}" in source


def test_a_cv_sent_with_a_mistake_elsewhere_is_kept_and_used(client, programme, experts_env):
    data = valid_data(programme, summary="Too short.")
    refused = client.post(url("experts:register"), {**data, "cv": pdf_upload("mon cv.pdf")})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Write at least 50 characters about your expertise." in html
    assert "<bdi>mon cv.pdf</bdi> is kept" in html
    token = re.search(r'name="kept_cv" value="([^"]+)"', html)[1]
    # Sent again without choosing the file: the kept one is used.
    fixed = valid_data(programme, kept_cv=token)
    del fixed["cv"]
    accepted = client.post(url("experts:register"), fixed)
    assert accepted.status_code == 302
    expert = Expert.objects.get()
    assert expert.cv_name == "mon cv.pdf"
    assert expert.cv.read() == PDF_BYTES


def test_no_cv_is_claimed_kept_when_none_was_chosen(client, programme):
    data = valid_data(programme, summary="Too short.")
    del data["cv"]
    html = client.post(url("experts:register"), data).content.decode()
    assert "is kept" not in html and 'id="kept-cv"' not in html
    assert "Attach your CV as a PDF or Word (.docx) document." in html
