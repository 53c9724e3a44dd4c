from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Requests paired with providers and experts; activities' experts (spans three apps)."""

    name = "matching"
    verbose_name = _("Matching requests, providers and experts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.freshness import bulk_updated, content_changed
        from experts.models import Expert

        from .models import ActivityExpert, NamingConsent

        # Public activity pages name the experts who served and agreed: cached pages go stale.
        for model in (ActivityExpert, NamingConsent):
            for signal in (post_save, post_delete):
                signal.connect(
                    content_changed,
                    sender=model,
                    dispatch_uid=f"matching.fresh.{model.__name__}.{signal is post_save}",
                )

        # A named expert's own change (name, status, erasure, deletion) changes those pages
        # too; other experts' registrations and updates leave the page cache alone.
        for signal in (post_save, post_delete):
            signal.connect(
                _named_expert_changed,
                sender=Expert,
                dispatch_uid=f"matching.fresh.Expert.{signal is post_save}",
            )
        # Review decisions and erasure change experts with an UPDATE (core.freshness).
        bulk_updated.connect(
            _named_experts_updated, sender=Expert, dispatch_uid="matching.fresh.Expert.bulk"
        )


def _named_expert_changed(instance, created=False, **_kwargs):
    # A registration that has just been created has no consent yet: no query for it.
    if not created:
        _named_experts_updated([instance.pk])


def _named_experts_updated(pks, **_kwargs):
    from core.freshness import content_changed

    from .models import ActivityExpert

    # Only an expert who agreed to be named and served an activity is on a public page.
    if ActivityExpert.objects.filter(
        expert_id__in=pks, expert__naming_consent__isnull=False
    ).exists():
        content_changed()
