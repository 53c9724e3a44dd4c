"""Demo content: fictitious institutions whose answers make the public figures readable.

No source gives real answers, so every institution here is invented, says so in its name in
each language, and is marked `is_demo`: pages showing their figures say they are a
demonstration. No real ministry is shown as having answered. Safe to run again.
"""

from django.db import transaction
from django.utils import timezone

from programmes.models import Programme

from .models import (
    FocalPoint,
    Institution,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    SubjectAnswer,
)

# (country, kind): the institutions are numbered, never named after a real body.
DEMO_INSTITUTIONS = [
    ("SN", "ministry"),
    ("JO", "agency"),
    ("MY", "academy"),
    ("MA", "ministry"),
    ("ID", "agency"),
    ("NG", "ministry"),
    ("KZ", "academy"),
    ("EG", "agency"),
]

DEMO_QUESTION = {
    "en": "Demonstration question (not from the official questionnaire): which departments of "
    "your institution would take part in the training?",
    "ar": "سؤال للعرض التوضيحي (ليس من الاستبيان الرسمي): ما الإدارات في مؤسستك التي ستشارك "
    "في التدريب؟",
    "fr": "Question de démonstration (ne provient pas du questionnaire officiel)\u00a0: quels "
    "services de votre institution participeraient à la formation\u00a0?",
}


def _institution(number, country, kind):
    institution, _ = Institution.objects.update_or_create(
        is_demo=True,
        name_en=f"Demonstration institution {number} (fictitious)",
        defaults={
            "country": country,
            "kind": kind,
            "name_ar": f"مؤسسة للعرض التوضيحي رقم {number} (وهمية)",
            "name_fr": f"Institution de démonstration n\u00b0\u00a0{number} (fictive)",
        },
    )
    now = timezone.now()
    focal_point, _ = FocalPoint.objects.update_or_create(
        email=f"demo-focal-point-{number}@example.org",
        defaults={
            "institution": institution,
            "name": f"Demo focal point {number}",
            "language": ("en", "ar", "fr")[number % 3],
            "confirmed_at": now,
            "accepted_at": now,
        },
    )
    return institution, focal_point


def load(stdout):
    programmes = list(Programme.objects.active().prefetch_related("subjects"))
    with transaction.atomic():
        for programme in programmes:
            QuestionnaireQuestion.objects.update_or_create(
                programme=programme,
                text_en=DEMO_QUESTION["en"],
                defaults={"text_ar": DEMO_QUESTION["ar"], "text_fr": DEMO_QUESTION["fr"]},
            )
        answers = 0
        for number, (country, kind) in enumerate(DEMO_INSTITUTIONS, start=1):
            institution, focal_point = _institution(number, country, kind)
            for programme in programmes:
                answer, _ = QuestionnaireAnswer.objects.update_or_create(
                    institution=institution,
                    programme=programme,
                    defaults={"focal_point": focal_point, "updated_at": timezone.now()},
                )
                answer.subjects.all().delete()
                # A fixed pattern, different per institution and subject: every subject has
                # some countries in need, and some subjects have countries offering.
                SubjectAnswer.objects.bulk_create(
                    SubjectAnswer(
                        answer=answer,
                        subject=subject,
                        needs_training=(number + index) % 3 != 0,
                        priority=("high", "medium", "low")[(number + index) % 3]
                        if (number + index) % 3
                        else "",
                        can_provide=(number * 2 + index) % 5 == 0,
                        offer="Demonstration offer: trainers for a short course."
                        if (number * 2 + index) % 5 == 0
                        else "",
                    )
                    for index, subject in enumerate(programme.subjects.all())
                )
                answers += 1
    stdout.write(
        f"Cooperation demo: {len(DEMO_INSTITUTIONS)} fictitious institutions, "
        f"{answers} questionnaire answers."
    )
