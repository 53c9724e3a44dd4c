"""The audit log of personal data leaving the site: roster and cooperation exports, CV and
completed-file downloads. Rows are written in the request's own transaction (ATOMIC_REQUESTS)
and never changed: the model refuses updates and deletes, the admin offers neither, and on
PostgreSQL a trigger refuses them too (migration 0002)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """An audit entry cannot be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly

    def delete(self):
        raise AuditLogIsAppendOnly


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        ROSTER_EXPORT = "roster_export", _("roster export")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("personal data export")
        CV_DOWNLOAD = "cv_download", _("CV download")
        COOPERATION_EXPORT = "cooperation_export", _("cooperation export")
        FILE_DOWNLOAD = "file_download", _("completed file download")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No foreign key: deleting a user account keeps (and cannot change) what it did.
    user_id = models.IntegerField(_("user id"), null=True)
    username = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    what = models.CharField(_("what"), max_length=500)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        # Only "view" exists: nobody, a superuser's group included, can be granted more.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly
