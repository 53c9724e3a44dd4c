"""The two staff groups and their permissions: the site's, since they span the content apps.

The groups are created by a data migration; this post_migrate handler keeps their permissions in
step with the models that exist, including content models other apps add later, and recreates
the groups after a test database flush.
"""

from experts.groups import ROSTER_MANAGERS

CONTENT_EDITORS = "Content editors"
# Apps whose models content editors maintain; the experts app is never one of them.
CONTENT_APPS = ("programmes", "activities")


def grant(group_model, permission_model, *, db="default"):
    roster, _ = group_model.objects.using(db).get_or_create(name=ROSTER_MANAGERS)
    editors, _ = group_model.objects.using(db).get_or_create(name=CONTENT_EDITORS)
    roster.permissions.add(
        *permission_model.objects.using(db).filter(content_type__app_label="experts")
    )
    editors.permissions.add(
        *permission_model.objects.using(db).filter(content_type__app_label__in=CONTENT_APPS)
    )
    # Whatever happened before, content editors hold no permission on experts.
    editors.permissions.remove(
        *permission_model.objects.using(db).filter(content_type__app_label="experts")
    )


def sync_staff_groups(sender, using="default", apps=None, **kwargs):
    if sender.label not in ("experts", *CONTENT_APPS):
        return
    if apps is None:
        # `flush` sends post_migrate without the migration state: the models are all there.
        from django.apps import apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        apps.get_model("experts", "Expert")
    except LookupError:
        return  # auth or experts not migrated yet
    grant(group_model, permission_model, db=using)
