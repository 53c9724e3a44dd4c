from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers the member-state check
        from .admin_login import forget_own_failures
        from .collation import sort_countries_as_readers_do

        sort_countries_as_readers_do()

        user_logged_in.connect(forget_own_failures, dispatch_uid="core.forget_own_failures")
        post_migrate.connect(new_release, dispatch_uid="core.new_release")


def new_release(app_config, **_kwargs):
    """Every release runs `migrate`: pages and fragments in the shared cache were written by the
    previous release's templates, so they are made stale (one bump, as for an edit).

    post_migrate is sent once per app with models (core has none): the last one bumps."""
    from django.apps import apps

    from .freshness import bump_generation

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is with_models[-1]:
        bump_generation(retry=False)
