from django.contrib import admin

from reports.models import DailySnapshot, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "plan", "done", "in_progress", "measure", "outlook"]
    list_filter = ["outlook"]
    autocomplete_fields = ["unit", "document"]


@admin.register(DailySnapshot)
class DailySnapshotAdmin(admin.ModelAdmin):
    list_display = ["day", "document", "unit", "total", "completed", "overdue"]
    list_filter = ["day"]
