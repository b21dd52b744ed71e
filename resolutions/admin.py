from django.contrib import admin

from resolutions.models import Document, Membership, Unit, UnitEvent
from resolutions.permissions import (
    documents_visible_to,
    units_managed_by,
    units_visible_to,
)
from resolutions.unit_changes import unit_merge, unit_move


class ScopedAdmin(admin.ModelAdmin):
    """The admin lists what the user sees, through resolutions.permissions (issue 13):
    `visible_to(user)` gives the rows, intersected with the admin's own queryset."""

    @staticmethod
    def visible_to(user):
        raise NotImplementedError

    def get_queryset(self, request):
        visible = type(self).visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    """A new parent moves the unit (its whole subtree follows) and a successor merges it,
    through the services, so paths stay right and the change is recorded."""

    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path"]
    visible_to = staticmethod(units_visible_to)

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
class DocumentAdmin(ScopedAdmin):
    visible_to = staticmethod(documents_visible_to)
    list_display = ["code", "issued_on", "title", "issuing_unit", "is_active"]
    list_filter = ["doc_type", "issuer", "is_active"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent", "issuing_unit"]
    date_hierarchy = "issued_on"


def _memberships_managed_by(user):
    return Membership.objects.filter(unit__in=units_managed_by(user))


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    visible_to = staticmethod(_memberships_managed_by)
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
