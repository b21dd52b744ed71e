from django.contrib import admin

from reports.models import DailySnapshot, Target


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
