"""Stored addresses in the normalised form the uniqueness check now compares (NFKC, no
format characters, lower case, ASCII domain). An address whose normalised form another entry
already has is left as it is, and reported: a person must decide which entry stays."""

from django.db import migrations


def normalise(apps, schema_editor):
    from experts.models import normalise_email

    Expert = apps.get_model("experts", "Expert")
    taken = set(Expert.objects.values_list("email", flat=True))
    for expert in Expert.objects.order_by("created_at", "pk").only("pk", "email"):
        normalised = normalise_email(expert.email)
        if normalised == expert.email:
            continue
        if normalised in taken:
            print(f"\n  experts: entry {expert.pk} duplicates {normalised!r}; left unchanged.")
            continue
        Expert.objects.filter(pk=expert.pk).update(email=normalised)
        taken.discard(expert.email)
        taken.add(normalised)


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
