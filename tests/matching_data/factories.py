"""Requests, institutions with declared capacities and approved experts, in bulk when asked."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from activities.models import Activity
from cooperation.models import (
    FocalPoint,
    Institution,
    QuestionnaireAnswer,
    SubjectAnswer,
    TorRequest,
    TorStateChange,
)
from experts import tokens
from experts.models import Expert, ExpertLanguage
from programmes.models import DocumentKind
from tests.experts_data.support import make_programme


def make_kind():
    kind, _ = DocumentKind.objects.get_or_create(
        slug="tor-training-courses",
        defaults={"name": "Terms of Reference for Training Courses", "category": "tor"},
    )
    return kind


def make_programme_with_subjects():
    return make_programme(subjects=("Mediation", "Protocol", "Negotiation"))


def focal_point(country, name, email, language="ar", accepted=True):
    institution = Institution.objects.create(country=country, name_en=name, kind="ministry")
    now = timezone.now()
    return FocalPoint.objects.create(
        institution=institution,
        name=f"Focal point of {name}",
        email=email,
        language=language,
        confirmed_at=now,
        accepted_at=now if accepted else None,
        link_version=1,
    )


def declare(focal, programme, subjects, offer="Trainers from our diplomatic academy", when=None):
    answer = QuestionnaireAnswer.objects.create(
        institution=focal.institution,
        programme=programme,
        focal_point=focal,
        updated_at=when or timezone.now(),
    )
    for subject in subjects:
        SubjectAnswer.objects.create(answer=answer, subject=subject, can_provide=True, offer=offer)
    return answer


def tor_request(
    focal, programme, subjects, language="ar", state=TorRequest.State.RECEIVED, **fields
):
    request = TorRequest.objects.create(
        **{
            "institution": focal.institution,
            "programme": programme,
            "focal_point": focal,
            "kind": make_kind(),
            "objectives": "Train protocol officers in official visits.",
            "desired_period": "2027",
            "participants": 15,
            "participant_profile": "Protocol officers",
            "language": language,
            "mode": "in_person",
            "state": state,
            **fields,
        }
    )
    request.subjects.set(subjects)
    TorStateChange.objects.create(request=request, state=state)
    return request


def egypt_asks(programme, subjects, **fields):
    """The usual request of the matching tests: Egypt's ministry (Arabic) asks for a course in
    French. Returns the focal point and the request."""
    asker = focal_point("EG", "Demonstration Ministry of Egypt", "eg@example.org", language="ar")
    return asker, tor_request(asker, programme, subjects, language="fr", **fields)


def one_of_each(programme, subject):
    """The smallest roster that gives a suggestion of each kind for a request in French on the
    subject: a French-speaking expert and an institution of Türkiye that declared it."""
    make_expert(1, programme, [subject], languages=[("fr", "fluent")])
    declare(focal_point("TR", "Academy", "tr@example.org"), programme, [subject])


def cooperation_activity(programme, title, **fields):
    """An activity (undated) whose expertise Türkiye provided, unless fields say otherwise."""
    return Activity.objects.create(
        **{
            "programme": programme,
            "kind": "training-course",
            "title_en": title,
            "slug": slugify(title),
            "summary_en": "A course.",
            "provider_countries": ["TR"],
            **fields,
        }
    )


def record_url(expert, language=None):
    """The address of an expert's record page (their update link), in the active language
    unless one is given."""
    with translation.override(language or translation.get_language()):
        token = tokens.make_token(expert, tokens.UPDATE)
        return reverse("matching:record", kwargs={"token": token})


def expert_fields(index, **extra):
    return {
        "given_name": f"Expert{index}",
        "family_name": "Demonstration",
        "nationality": "TR",
        "country_of_residence": "TR",
        "email": f"expert{index}@example.org",
        "phone": "+903124686172",
        "position": "Adviser",
        "organisation": "Academy",
        "sector": "government",
        "years_of_experience": 10,
        "highest_degree": "master",
        "summary": "Demonstration expert.",
        "consent_version": "2025-06-01",
        "consent_given_at": timezone.now(),
        "language": "en",
        "status": Expert.Status.APPROVED,
        "cv": "cvs/none.pdf",
        **extra,
    }


def make_expert(index, programme, subjects, languages=(("en", "fluent"),), **extra):
    expert = Expert.objects.create(**expert_fields(index, **extra))
    expert.programmes.add(programme)
    expert.subjects.set(subjects)
    for code, level in languages:
        ExpertLanguage.objects.create(expert=expert, language=code, level=level)
    return expert


def bulk_roster(programme, subjects, experts=10_000, institutions=500):
    """A large roster and many institutions, written with bulk_create."""
    rows = Expert.objects.bulk_create(
        Expert(**expert_fields(100_000 + index, years_of_experience=index % 40))
        for index in range(experts)
    )
    Subjects = Expert.subjects.through
    Subjects.objects.bulk_create(
        Subjects(expert_id=row.pk, mainsubject_id=subjects[index % len(subjects)].pk)
        for index, row in enumerate(rows)
    )
    Programmes = Expert.programmes.through
    Programmes.objects.bulk_create(
        Programmes(expert_id=row.pk, programme_id=programme.pk) for row in rows[::2]
    )
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert_id=row.pk, language=("ar", "fr", "en")[index % 3], level="fluent")
        for index, row in enumerate(rows)
    )
    created = Institution.objects.bulk_create(
        Institution(
            country=("TR", "MY", "EG", "MA", "SN")[index % 5], name=f"Inst {index}", kind="agency"
        )
        for index in range(institutions)
    )
    now = timezone.now()
    focals = FocalPoint.objects.bulk_create(
        FocalPoint(
            institution=institution,
            name=f"FP {index}",
            email=f"fp{index}@example.org",
            language="en",
            confirmed_at=now,
            accepted_at=now,
        )
        for index, institution in enumerate(created)
    )
    answers = QuestionnaireAnswer.objects.bulk_create(
        QuestionnaireAnswer(
            institution=focal.institution, programme=programme, focal_point=focal, updated_at=now
        )
        for focal in focals
    )
    SubjectAnswer.objects.bulk_create(
        SubjectAnswer(answer=answer, subject=subject, can_provide=index % 2 == 0, offer="Trainers")
        for index, answer in enumerate(answers)
        for subject in subjects
    )


def staff(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@sesric.example", "pw", is_staff=True, **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
