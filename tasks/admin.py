from django.contrib import admin

from tasks.models import (
    Blocker,
    Evidence,
    Extension,
    Notification,
    Task,
    TaskChange,
    TaskImport,
)


class TaskChangeInline(admin.TabularInline):
    model = TaskChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "field", "before", "after", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "lead_unit", "deadline", "status", "percent"]
    list_filter = ["status", "document"]
    search_fields = ["title", "search_key"]
    autocomplete_fields = ["document", "lead_unit", "supporting_units"]
    readonly_fields = ["extension_count", "overdue_since", "version"]
    inlines = [TaskChangeInline]


@admin.register(TaskChange)
class TaskChangeAdmin(admin.ModelAdmin):
    """Read-only: the history is append-only."""

    list_display = ["task", "field", "before", "after", "changed_by", "changed_at"]
    list_filter = ["field"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["task", "requested_deadline", "status", "requested_at", "decided_on"]
    list_filter = ["status"]
    autocomplete_fields = ["task"]


@admin.register(Blocker)
class BlockerAdmin(admin.ModelAdmin):
    list_display = ["task", "raised_on", "raised_by", "resolved_on", "resolved_by"]
    list_filter = ["raised_on", "resolved_on"]
    autocomplete_fields = ["task"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "task", "size", "uploaded_by", "uploaded_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]


@admin.register(TaskImport)
class TaskImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made and confirmed on the import page or through the API."""

    list_display = ["file_name", "created_by", "created_at", "status", "created_count"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
