from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only, for everyone: no add, change or delete, superusers included."""

    list_display = ("at", "username", "action", "what", "rows", "address")
    list_filter = ("action", "at")
    search_fields = ("username", "what")
    date_hierarchy = "at"
    fields = list_display
    readonly_fields = list_display
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
