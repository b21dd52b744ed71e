from django.contrib import admin

from reports.models import DailySnapshot, IssuedReport, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "plan", "actual", "done", "in_progress", "measure", "outlook"]
    list_filter = ["outlook"]
    autocomplete_fields = ["unit", "document"]
    # issue 15: reported values change only through targets.services, with their history.
    readonly_fields = ["actual", "done", "in_progress", "not_done", "reported_on"]
    readonly_fields += ["outlook", "outlook_reason"]


@admin.register(DailySnapshot)
class DailySnapshotAdmin(admin.ModelAdmin):
    list_display = ["day", "document", "unit", "total", "completed", "overdue"]
    list_filter = ["day"]


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    """Read-only: an issued report is kept unchanged; reports are issued on the report page."""

    list_display = ["number", "issued_on", "issued_by", "period_start", "period_end", "layout"]
    exclude = ["docx", "pdf", "xlsx"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
