from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation with national institutions")
    demo_loader = "cooperation.demo.load"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.freshness import content_changed

        from . import signals  # noqa: F401 - registers the file and storage receivers
        from .models import FocalPoint, Institution, QuestionnaireAnswer, TorRequest

        # Public figures (programme pages, needs, statistics) count only accepted focal
        # points: cached pages go stale when staff accept one, when a counted answer or
        # request changes (services call content_changed), and when one of these is deleted.
        # Registrations and unaccepted answers never touch the page cache.
        for model in (FocalPoint, QuestionnaireAnswer, TorRequest):
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"cooperation.fresh.{model.__name__}"
            )
        # The figures name each counted institution's country: editing one (in the admin)
        # changes them. A new institution (a registration) counts for nothing yet.
        post_save.connect(
            _institution_changed, sender=Institution, dispatch_uid="cooperation.fresh.Institution"
        )


def _institution_changed(instance, created=False, **_kwargs):
    from core.freshness import content_changed

    if not created and instance.focal_points.counting().exists():
        content_changed()
