from django.contrib import admin

from resolutions.models import Document, Membership, Unit, UnitEvent
from resolutions.unit_changes import unit_merge, unit_move


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """A new parent moves the unit (its whole subtree follows) and a successor merges it,
    through the services, so paths stay right and the change is recorded."""

    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path"]

    def get_readonly_fields(self, request, obj=None):
        # the code is part of every sub-unit's path: fixed once the unit exists
        return ["path", "code"] if obj else ["path"]

    def save_model(self, request, obj, form, change) -> None:
        moved = {"parent", "successor"} & set(form.changed_data)
        if not change or not moved:
            super().save_model(request, obj, form, change)
            return
        parent, successor = obj.parent, obj.successor
        stored = Unit.objects.get(pk=obj.pk)
        obj.parent, obj.successor = stored.parent, stored.successor
        super().save_model(request, obj, form, change)
        if "parent" in moved:
            unit_move(user=request.user, unit=obj, parent=parent)
        if "successor" in moved and successor is not None:
            unit_merge(user=request.user, unit=obj, into=successor)
        obj.refresh_from_db()


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    """Read-only: written by the unit services."""

    list_display = ["unit", "kind", "before", "after", "by", "at"]
    list_filter = ["kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "title", "is_active"]
    list_filter = ["doc_type", "issuer", "is_active"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent"]
    date_hierarchy = "issued_on"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
