"""ROSCAB registration: the form, its validation, the CV checks, honeypot and rate limit."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from experts.consent import CONSENT_VERSION
from experts.models import Expert
from tests.conftest import run_due_tasks
from tests.experts_data.support import (
    PDF_BYTES,
    docx_bytes,
    make_programme,
    pdf_upload,
    valid_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("experts_env")]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def error_of(response, field_id):
    """The error list rendered next to a field (Django links it with aria-describedby)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else None


@pytest.fixture
def programme():
    return make_programme()


def test_form_renders_in_each_language_with_countries_named_in_it(client, programme, language):
    response = client.get(url("experts:register", language))
    html = response.content.decode()
    assert response.status_code == 200
    names = {"en": "Türkiye", "ar": "تركيا", "fr": "Turquie"}
    assert names[language] in html
    for field in ("given_name", "nationality", "email", "phone", "summary", "cv", "consent"):
        assert f'id="id_{field}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f"id_programmes_{programme.pk}" in html
    assert "Cache-Control" in response and "no-cache" in response["Cache-Control"]


def help_texts(response):
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<p class="field__help"[^>]*>(.*?)</p>', html, re.S)
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_no_english_help_text_on_the_arabic_and_french_forms(client, programme, language):
    english = help_texts(client.get(url("experts:register", "en")))
    assert "What you can teach or advise on, in at least 50 and at most 2000 characters." in english
    translated = help_texts(client.get(url("experts:register", language)))
    assert len(translated) == len(english)
    assert not set(english) & set(translated), "help text left in English"
    expected = {
        "ar": "50 حرفًا على الأقل و2000 حرف",
        "fr": "50 caractères au moins et 2000 caractères au plus",
    }[language]
    assert any(expected in text for text in translated), translated


def test_valid_registration_creates_an_unconfirmed_expert_and_mails_in_arabic(
    client, programme, experts_env
):
    response = client.post(url("experts:register", "ar"), valid_data(programme))

    assert response.status_code == 302
    assert response["Location"] == url("experts:sent", "ar")
    expert = Expert.objects.get()
    assert expert.status == Expert.Status.UNCONFIRMED
    assert expert.language == "ar"
    assert expert.consent_version == CONSENT_VERSION
    assert expert.phone == "+903124686172"
    assert list(expert.programmes.all()) == [programme]
    assert [(row.language, row.level) for row in expert.languages.all()] == [
        ("ar", "native"),
        ("en", "fluent"),
    ]
    # The CV is in private storage under a random name, the original name kept apart.
    assert expert.cv_name == "cv.pdf"
    assert expert.cv.name.startswith("cvs/") and expert.cv.name != "cvs/cv.pdf"
    assert (experts_env / expert.cv.name).read_bytes() == PDF_BYTES
    assert mail.outbox == []  # queued with the row; the worker sends it after the commit
    assert run_due_tasks() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina.haddad@example.org"]
    assert "قائمة الخبراء" in message.subject
    assert "/ar/roscab/confirm/" in message.body


def test_phone_numbers_may_be_typed_with_brackets_and_dashes(client, programme, experts_env):
    data = valid_data(programme, phone="+90 (312) 468-6172")
    response = client.post(url("experts:register", "en"), data)
    assert response.status_code == 302
    assert Expert.objects.get().phone == "+903124686172"


def test_the_sent_page_says_to_check_the_mail(client):
    response = client.get(url("experts:sent", "fr"))
    assert response.status_code == 200
    assert "Consultez votre messagerie" in response.content.decode()


BAD_INPUT = [
    ("given_name", "", "Enter your given name."),
    ("given_name", "12345", "Enter a name made of letters."),
    ("given_name", "<script>", "Enter a name made of letters."),
    ("given_name", "x" * 101, "at most 100 characters"),
    ("family_name", "", "Enter your family name."),
    ("family_name", "http://spam", "Enter a name made of letters."),
    ("title", "king", "Select a valid choice."),
    ("nationality", "", "Choose your nationality."),
    ("nationality", "XX", "Select a valid choice."),
    ("country_of_residence", "", "Choose the country where you live."),
    ("country_of_residence", "Atlantis", "Select a valid choice."),
    ("email", "", "Enter your e-mail address."),
    ("email", "not-an-address", "Enter an e-mail address like name@example.org."),
    ("phone", "", "Enter your phone number."),
    ("phone", "0312 468 61 72", "international format"),
    ("phone", "+90 abc", "international format"),
    ("phone", "+1234", "international format"),
    ("phone", "+90 312 468 6172 0000 0000 0000 0000", "at most 32 characters"),
    ("phone", "+90 (312) 468-6172-1111", "international format"),
    ("position", "", "Enter your current position."),
    ("position", "1234", "Enter words, not only numbers or signs."),
    ("organisation", "", "Enter the organisation you work for."),
    ("organisation", "x" * 201, "at most 200 characters"),
    ("sector", "", "Choose the sector you work in."),
    ("sector", "army", "Select a valid choice."),
    ("years_of_experience", "", "Enter your years of professional experience."),
    ("years_of_experience", "ten", "Enter a whole number of years."),
    ("years_of_experience", "-1", "greater than or equal to 0"),
    ("years_of_experience", "120", "less than or equal to 70"),
    ("highest_degree", "", "Choose your highest degree."),
    ("highest_degree", "wizard", "Select a valid choice."),
    ("summary", "", "Describe your expertise."),
    ("summary", "Too short.", "Write at least 50 characters"),
    ("summary", "x" * 2001, "at most 2000 characters"),
    ("consent", "", "Your consent is needed"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_every_field_refuses_bad_input_next_to_the_field_keeping_the_rest(
    client, programme, field, value, message
):
    data = valid_data(programme, **{field: value})
    if field == "consent":
        data.pop("consent")
    response = client.post(url("experts:register"), data)

    assert response.status_code == 200
    assert Expert.objects.count() == 0
    assert message in (error_of(response, f"id_{field}") or ""), error_of(response, f"id_{field}")
    html = response.content.decode()
    # What the expert typed elsewhere is still there.
    if field != "family_name":
        assert 'value="Haddad"' in html
    if field != "organisation":
        assert 'value="Ministry of Foreign Affairs"' in html
    assert f'aria-describedby="id_{field}' in html or field == "consent"
    assert 'href="#id_' + field + '"' in html  # the summary at the top links to the field
    assert mail.outbox == []


def test_errors_are_translated(client, programme):
    response = client.post(url("experts:register", "ar"), valid_data(programme, given_name=""))
    assert error_of(response, "id_given_name") == "أدخل اسمك الشخصي."


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"programmes": []}, "programmes-error", "Choose at least one programme."),
        ({"programmes": ["999999"]}, "programmes-error", "Select a valid choice."),
        ({"subjects": ["999999"]}, "subjects-error", "Select a valid choice."),
    ],
)
def test_expertise_choices_refuse_bad_input(client, programme, overrides, anchor, message):
    response = client.post(url("experts:register"), valid_data(programme, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="{anchor}">.*?{re.escape(message)}', html, re.S)
    assert Expert.objects.count() == 0


def test_a_subject_of_an_unselected_programme_is_refused(client, programme):
    other = make_programme(slug="statcab", acronym="StatCaB", subjects=("Census",))
    data = valid_data(programme, subjects=[str(other.subjects.get().pk)])
    response = client.post(url("experts:register"), data)
    assert "Choose only subjects of the programmes you selected." in response.content.decode()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            {
                "languages-0-language": "",
                "languages-1-language": "",
                "languages-0-level": "",
                "languages-1-level": "",
            },
            "Give at least one language you work in.",
        ),
        ({"languages-1-language": "ar"}, "Each language can be listed only once."),
        ({"languages-1-level": ""}, "Choose your level in this language."),
        ({"languages-2-level": "basic"}, "Choose the language for this level."),
        ({"languages-0-language": "klingon"}, "Select a valid choice."),
        ({"languages-0-level": "godlike"}, "Select a valid choice."),
    ],
)
def test_working_languages_refuse_bad_input(client, programme, rows, message):
    response = client.post(url("experts:register"), valid_data(programme, **rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Expert.objects.count() == 0


def test_a_tampered_language_management_form_is_an_error_not_a_crash(client, programme):
    data = valid_data(programme)
    del data["languages-TOTAL_FORMS"]
    response = client.post(url("experts:register"), data)
    assert response.status_code == 200
    assert Expert.objects.count() == 0


MZ_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program cannot be run"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", MZ_EXECUTABLE, "This file is not a real PDF document"),
        ("cv.docx", MZ_EXECUTABLE, "This file is not a real DOCX document"),
        ("cv.exe", MZ_EXECUTABLE, "Only PDF, DOCX files can be uploaded."),
        ("cv.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Only PDF, DOCX files can be uploaded."),
        ("cv.pdf", b"", "The submitted file is empty."),
        ("cv.docx", docx_bytes(parts={"a.txt": b"hello"}), "This file is not a real DOCX document"),
        (
            "cv.docx",
            docx_bytes(extra={"word/vbaProject.bin": b"\x00macro"}),
            "This document contains macros or other active content.",
        ),
        ("cv.docx", b"PK\x03\x04" + b"\x00" * 50, "This file is not a real DOCX document"),
    ],
)
def test_cv_is_checked_by_its_content(client, programme, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(url("experts:register"), valid_data(programme, cv=upload))
    assert response.status_code == 200
    assert message in (error_of(response, "id_cv") or ""), error_of(response, "id_cv")
    assert Expert.objects.count() == 0


def test_a_real_docx_is_accepted(client, programme):
    upload = SimpleUploadedFile("السيرة.docx", docx_bytes())
    response = client.post(url("experts:register"), valid_data(programme, cv=upload))
    assert response.status_code == 302
    assert Expert.objects.get().cv_name == "السيرة.docx"


def test_an_oversized_cv_is_refused(client, programme, settings):
    settings.EXPERTS_CV_MAX_SIZE = 1024
    upload = pdf_upload(content=PDF_BYTES + b"0" * 2048)
    response = client.post(url("experts:register"), valid_data(programme, cv=upload))
    assert "the limit is 1.0\xa0KB" in error_of(response, "id_cv")
    assert Expert.objects.count() == 0


def test_a_docx_that_unpacks_too_large_is_refused(client, programme, settings):
    settings.EXPERTS_CV_MAX_UNCOMPRESSED = 100_000
    bomb = docx_bytes(extra={"word/media/padding.bin": b"\x00" * 500_000})
    assert len(bomb) < 10_000
    response = client.post(
        url("experts:register"), valid_data(programme, cv=SimpleUploadedFile("cv.docx", bomb))
    )
    assert "unpacks to more than" in error_of(response, "id_cv")


def test_a_missing_cv_is_an_error(client, programme):
    data = valid_data(programme)
    del data["cv"]
    response = client.post(url("experts:register"), data)
    assert "Attach your CV" in error_of(response, "id_cv")


def test_the_honeypot_stores_and_sends_nothing_but_looks_like_success(client, programme):
    response = client.post(url("experts:register"), valid_data(programme, website="http://x.y"))
    assert response.status_code == 302
    assert response["Location"] == url("experts:sent")
    assert Expert.objects.count() == 0
    assert mail.outbox == []


def test_the_form_requires_csrf(programme):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url("experts:register"), valid_data(programme))
    assert response.status_code == 403
    assert Expert.objects.count() == 0


def test_the_register_page_query_count_does_not_grow_with_programmes(
    client, django_assert_num_queries
):
    # Programmes and their subjects (the view opens a transaction only to save).
    make_programme()
    with django_assert_num_queries(2):
        client.get(url("experts:register"))
    for index in range(5):
        make_programme(slug=f"p{index}", acronym=f"P{index}", subjects=("A", "B", "C"))
    with django_assert_num_queries(2):
        response = client.get(url("experts:register"))
    assert response.content.decode().count('name="subjects"') == 16
