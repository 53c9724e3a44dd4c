"""The two staff groups and their permissions: the site's, since they span the content apps.

The groups are created by a data migration; this post_migrate handler keeps their permissions in
step with the models that exist, including content models other apps add later, and recreates
the groups after a test database flush.
"""

from cooperation.groups import COOPERATION_MANAGERS
from experts.groups import ROSTER_MANAGERS

CONTENT_EDITORS = "Content editors"
# Apps whose models content editors maintain; the experts app is never one of them.
CONTENT_APPS = ("programmes", "activities")
# Content editors keep the list of institutions and the questionnaires' general questions; the
# people who answer (focal points, personal data) and their answers are for cooperation managers.
EDITED_COOPERATION_MODELS = ("institution", "questionnairequestion")


def grant(group_model, permission_model, *, db="default"):
    roster, _ = group_model.objects.using(db).get_or_create(name=ROSTER_MANAGERS)
    editors, _ = group_model.objects.using(db).get_or_create(name=CONTENT_EDITORS)
    cooperation, _ = group_model.objects.using(db).get_or_create(name=COOPERATION_MANAGERS)
    cooperation_permissions = permission_model.objects.using(db).filter(
        content_type__app_label="cooperation"
    )
    cooperation.permissions.add(*cooperation_permissions)
    roster.permissions.add(
        *permission_model.objects.using(db).filter(content_type__app_label="experts")
    )
    # The audit log of exports and CV downloads: read by roster managers (it only has "view").
    roster.permissions.add(
        *permission_model.objects.using(db).filter(
            content_type__app_label="accounts", codename="view_auditentry"
        )
    )
    # Roster managers match requests with providers and experts: they read the requests and
    # hold the matching's permissions (which experts served an activity, the matches).
    roster.permissions.add(
        *permission_model.objects.using(db).filter(content_type__app_label="matching"),
        *cooperation_permissions.filter(codename="view_torrequest"),
    )
    editors.permissions.add(
        *permission_model.objects.using(db).filter(content_type__app_label__in=CONTENT_APPS)
    )
    editors.permissions.add(
        *cooperation_permissions.filter(content_type__model__in=EDITED_COOPERATION_MODELS)
    )
    # Whatever happened before, content editors hold no permission on people.
    editors.permissions.remove(
        *permission_model.objects.using(db).filter(content_type__app_label="experts"),
        *cooperation_permissions.exclude(content_type__model__in=EDITED_COOPERATION_MODELS),
    )


def sync_staff_groups(sender, using="default", apps=None, **kwargs):
    if sender.label not in ("experts", "cooperation", "accounts", "matching", *CONTENT_APPS):
        return
    if apps is None:
        # `flush` sends post_migrate without the migration state: the models are all there.
        from django.apps import apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        apps.get_model("experts", "Expert")
        apps.get_model("cooperation", "FocalPoint")
    except LookupError:
        return  # auth or experts not migrated yet
    grant(group_model, permission_model, db=using)
