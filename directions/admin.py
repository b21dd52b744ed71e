from django.contrib import admin

from directions.models import Direction


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    """Given through directions.services, which tells the lead units: read here."""

    list_display = ["text", "task", "document", "given_by", "given_on"]
    list_select_related = ["task", "document", "given_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
