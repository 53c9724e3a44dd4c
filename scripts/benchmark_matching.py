"""Run by scripts/benchmark.py through `manage.py shell`, on the benchmark's own database only.

Gives each generated expert (those generate_bulk_content made) one main subject of their
programme and every third one Arabic, lets a demonstration institution send a request in
Arabic, then times the suggestions alone. Prints the request's id and the median in ms.
"""

import random
import statistics
import time

from cooperation.models import FocalPoint, TorRequest
from experts.models import Expert, ExpertLanguage
from matching.suggestions import suggest
from programmes.models import DocumentKind, Programme

rng = random.Random(16)
generated = Expert.objects.filter(organisation="Generated for a benchmark")
subjects_of = {
    programme.pk: list(programme.subjects.all())
    for programme in Programme.objects.prefetch_related("subjects")
}
programme = next(p for p in Programme.objects.order_by("pk") if subjects_of[p.pk])
through = Expert.subjects.through
through.objects.bulk_create(
    (
        through(expert_id=expert_id, mainsubject_id=rng.choice(subjects).pk)
        for expert_id, programme_id in Expert.programmes.through.objects.filter(
            expert__in=generated
        ).values_list("expert_id", "programme_id")
        if (subjects := subjects_of[programme_id] or subjects_of[programme.pk])
    ),
    batch_size=2000,
    ignore_conflicts=True,
)
ExpertLanguage.objects.bulk_create(
    (
        ExpertLanguage(expert_id=pk, language="ar", level="fluent")
        for pk in list(generated.values_list("pk", flat=True))[::3]
    ),
    batch_size=2000,
    ignore_conflicts=True,
)
focal_point = FocalPoint.objects.filter(institution__is_demo=True).order_by("pk").first()
request = TorRequest.objects.create(
    institution=focal_point.institution,
    programme=programme,
    focal_point=focal_point,
    kind=DocumentKind.objects.filter(category="tor").first(),
    objectives="Benchmark request.",
    desired_period="2027",
    participants=20,
    participant_profile="Officials",
    language="ar",
    mode="in_person",
)
request.subjects.set(subjects_of[programme.pk][:2])
times = []
for _ in range(20):
    started = time.perf_counter()
    suggest(TorRequest.objects.get(pk=request.pk))
    times.append((time.perf_counter() - started) * 1000)
print(request.pk, round(statistics.median(times), 1))
