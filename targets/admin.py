from django.contrib import admin

from targets.models import TargetReport


@admin.register(TargetReport)
class TargetReportAdmin(admin.ModelAdmin):
    """The history of reports is append-only: read here, written by targets.services."""

    list_display = ["target", "on", "actual", "outlook", "reported_by", "reported_at"]
    list_filter = ["outlook"]
    list_select_related = ["target", "reported_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
