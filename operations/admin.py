from django.contrib import admin

from operations.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Each Celery job's runs as the workers recorded them: read-only."""

    list_display = [
        "name",
        "last_finished_at",
        "last_seconds",
        "last_succeeded",
        "runs",
        "failures",
    ]
    ordering = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
