"""Shared helpers for the experts tests: a programme, valid form data and CV files."""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from experts.models import Expert
from programmes.models import MainSubject, Programme, Sector
from tests.upload_files import docx_members, pdf_bytes

PDF_BYTES = pdf_bytes("CV")


def make_programme(slug="diplomacy-cab", acronym="Diplomacy-CaB", subjects=("Mediation",)):
    sector, _ = Sector.objects.get_or_create(slug="foreign-affairs", defaults={"name": "Foreign"})
    programme = Programme.objects.create(
        slug=slug,
        acronym=acronym,
        name=f"{acronym} programme",
        name_ar=f"برنامج {acronym}",
        sector=sector,
        summary="A programme.",
    )
    for index, name in enumerate(subjects):
        MainSubject.objects.create(programme=programme, name=name, order=index)
    return programme


def docx_bytes(parts=None, extra=None):
    parts = parts or docx_members()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in {**parts, **(extra or {})}.items():
            package.writestr(name, content)
    return buffer.getvalue()


def pdf_upload(name="cv.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def valid_data(programme, **overrides):
    subject = programme.subjects.first()
    data = {
        "title": "dr",
        "given_name": "Amina",
        "family_name": "Haddad",
        "nationality": "JO",
        "country_of_residence": "TR",
        "email": "amina.haddad@example.org",
        "phone": "+90 312 468 6172",
        "position": "Senior adviser",
        "organisation": "Ministry of Foreign Affairs",
        "sector": "government",
        "years_of_experience": "12",
        "highest_degree": "doctorate",
        "programmes": [str(programme.pk)],
        "subjects": [str(subject.pk)] if subject else [],
        "summary": "Twelve years of multilateral negotiation and mediation training for diplomats.",
        "languages-TOTAL_FORMS": "4",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "8",
        "languages-0-language": "ar",
        "languages-0-level": "native",
        "languages-1-language": "en",
        "languages-1-level": "fluent",
        "consent": "on",
        "website": "",
        "cv": pdf_upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_expert(email="expert@example.org", status=Expert.Status.PENDING, **extra):
    fields = dict(  # noqa: C408
        given_name="Amina",
        family_name="Haddad",
        nationality="JO",
        country_of_residence="TR",
        email=email,
        phone="+903124686172",
        position="Adviser",
        organisation="MFA",
        sector="government",
        years_of_experience=12,
        highest_degree="doctorate",
        summary="Mediation and negotiation training for junior diplomats." * 2,
        consent_version="2025-06-01",
        consent_given_at=timezone.now(),
        language="ar",
        status=status,
        cv_name="سيرة أمينة.pdf",
    )
    expert = Expert(**{**fields, **extra})
    expert.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=False)
    expert.save()
    return expert


def staff(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@sesric.example", "pw", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
