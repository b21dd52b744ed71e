"""Accounts in the admin: the audit trail read-only; lockouts are django-axes' access
attempts (Axes admin), which an administrator deletes to lift a lockout."""

from django.contrib import admin

from accounts.models import Account, AuditEvent


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change_password", "password_changed_at"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username", "user__first_name"]
    readonly_fields = ["user", "password_changed_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the trail in the app."""

    list_display = ["at", "actor_name", "address", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_repr", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
